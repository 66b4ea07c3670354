/**
 * ZAB's vocabulary. A zxid is ZooKeeper's transaction id: the epoch of the leader that proposed the
 * transaction in its high 32 bits and a counter (from 1 in each epoch) in its low 32, ordered as one
 * number. `(e, 0)` names no transaction: it is the zxid of a new epoch (NEWLEADER carries it).
 *
 * Positions are the simulator's: a transaction's dense 1-based index in the delivered order, the
 * same on every replica (they are what the store applies and the replica-state report counts). The
 * zxid is ZAB's own identifier and drives every decision of the protocol.
 */
import type { NodeId } from '../../sim/node.js';
import type { Brand } from '../store/ids.js';
import type { Command } from '../store/commands.js';
import type { StoreSnapshot } from '../store/machine.js';

/** ZooKeeper's transaction id: `epoch * 2^32 + counter` (never confused with a position). */
export type Zxid = Brand<number, 'Zxid'>;

const EPOCH_UNIT = 2 ** 32;

/** The zxid of txn `counter` of epoch `e` (counter 0: the epoch itself, no txn). */
export function zxid(e: number, counter: number): Zxid {
  return (e * EPOCH_UNIT + counter) as Zxid;
}

/** Before any txn: an empty log's last zxid. */
export const ZXID_NONE = zxid(0, 0);

/** The epoch of the leader that proposed it. */
export function epochOf(z: Zxid): number {
  return Math.floor(z / EPOCH_UNIT);
}

/** Its place in its epoch, from 1. */
export function counterOf(z: Zxid): number {
  return z % EPOCH_UNIT;
}

/** How traces and people write a zxid: `epoch.counter`. */
export function zxidText(z: Zxid): string {
  return `${epochOf(z)}.${counterOf(z)}`;
}

/**
 * One transaction: the store's command (the store applies commands deterministically in commit
 * order, which decides queued conditional writes against each other exactly as ZooKeeper's
 * state-delta txns would), its zxid, and the leader that proposed it.
 */
export interface Txn {
  readonly zxid: Zxid;
  readonly by: NodeId;
  readonly cmd: Command;
}

/** A transaction's identity in the trace: `epoch.counter@proposer`. */
export function txnId(t: Txn): string {
  return `${zxidText(t.zxid)}@${t.by}`;
}

/**
 * The state machine as of position `index`, whose transaction had `zxid` (and id `id`). At position 0
 * there is no data: the empty store.
 */
export interface Snapshot {
  readonly index: number;
  readonly zxid: Zxid;
  readonly id: string;
  readonly data: StoreSnapshot | undefined;
}

export const EMPTY_SNAPSHOT: Snapshot = { index: 0, zxid: ZXID_NONE, id: '0.0', data: undefined };

/** A server's state as discovery compares it: more recent means a later currentEpoch, then a later zxid. */
export interface StateSummary {
  readonly currentEpoch: number;
  readonly lastZxid: Zxid;
}

export function moreRecent(a: StateSummary, b: StateSummary): boolean {
  return a.currentEpoch > b.currentEpoch || (a.currentEpoch === b.currentEpoch && a.lastZxid > b.lastZxid);
}
