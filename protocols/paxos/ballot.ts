/**
 * Ballots and the values slots hold.
 *
 * A ballot is (round, proposer), ordered by round and then by proposer, so each replica has ballots
 * of its own and no two replicas ever share one. It is encoded in one number, round × 16 + i, where
 * i is the proposer's index among the sorted replica ids (at most 15 replicas): numeric order is
 * ballot order, and the encoded ballot is the era a replica reports (unique per leader, which is
 * what the generic election-safety check asks). Ballot 0 is "none".
 */
import type { NodeId } from '../../sim/node.js';
import type { Command } from '../store/commands.js';
import type { StoreSnapshot } from '../store/machine.js';
import type { Brand } from '../store/ids.js';

export type Ballot = Brand<number, 'Ballot'>;

/** The most replicas a Paxos group may have: a ballot's proposer index takes four bits, 15 is kept spare. */
export const MAX_REPLICAS = 15;
const SPAN = 16;

export const NO_BALLOT = 0 as Ballot;

export const roundOf = (b: Ballot): number => Math.floor(b / SPAN);
export const proposerOf = (b: Ballot): number => b % SPAN;

/** The replicas in ballot order: the proposer index of each, its ballots, its bit in acknowledgement masks. */
export class Proposers {
  readonly sorted: readonly NodeId[];
  private readonly index: ReadonlyMap<NodeId, number>;

  constructor(ids: readonly NodeId[]) {
    if (ids.length > MAX_REPLICAS) throw new RangeError(`paxos: at most ${MAX_REPLICAS} replicas, found ${ids.length}`);
    this.sorted = [...ids].sort();
    this.index = new Map(this.sorted.map((id, i) => [id, i]));
  }

  get size(): number {
    return this.sorted.length;
  }

  /** The proposer index of `id`; -1 for a node that is not a replica. */
  indexOf(id: NodeId): number {
    return this.index.get(id) ?? -1;
  }

  /** `id`'s ballot in `round`. */
  ballot(round: number, id: NodeId): Ballot {
    return (round * SPAN + this.indexOf(id)) as Ballot;
  }

  /** The replica whose ballot `b` is. */
  owner(b: Ballot): NodeId | undefined {
    return b === NO_BALLOT ? undefined : this.sorted[proposerOf(b)];
  }

  /** `b` for people: `round.node`, `0` for none. */
  text(b: Ballot): string {
    return b === NO_BALLOT ? '0' : `${roundOf(b)}.${this.owner(b) ?? '?'}`;
  }

  /** `id`'s bit in a mask of acceptors. */
  bit(id: NodeId): number {
    const i = this.indexOf(id);
    return i < 0 ? 0 : 1 << i;
  }
}

/** How many acceptors a mask holds. */
export function count(mask: number): number {
  let n = 0;
  for (let m = mask; m !== 0; m &= m - 1) n++;
  return n;
}

/**
 * What a slot holds: a command, and the ballot that first proposed it. A leader proposes one value
 * per slot per ballot and a re-proposal keeps the origin, so (slot, origin) names a value: it is the
 * era of the slot in the replica's report, and what the store is told a command was proposed in.
 */
export interface Value {
  readonly origin: Ballot;
  readonly cmd: Command;
}

/**
 * An acceptor's state for one slot: the value it accepted and in which ballot, and whether it
 * knows that value chosen. Shared by reference with the disk and messages: never mutate one.
 */
export interface SlotEntry {
  readonly ballot: Ballot;
  readonly value: Value;
  readonly chosen: boolean;
}

/** The state machine as of slot `index`, whose value had origin `origin`. */
export interface Snapshot {
  readonly index: number;
  readonly origin: Ballot;
  readonly data: StoreSnapshot;
}

/** The no-op a new leader fills a slot with when no acceptor of its quorum reports one (Lamport, PMS §3). */
export const noop = (origin: Ballot): Value => ({ origin, cmd: { kind: 'noop' } });
