/**
 * A follower's side of ZAB with its leader (ZooKeeper's `Learner` and `Follower`), over one
 * connection of the quorum channel:
 *
 * - discovery: FOLLOWERINFO with the acceptedEpoch; on LEADERINFO(e) accept a newer epoch (synced
 *   before ACKEPOCH answers with currentEpoch and the last zxid), answer -1 for the epoch already
 *   accepted, and give up on an older one;
 * - synchronization: DIFF, TRUNC or SNAP and the txns behind it, then NEWLEADER. Before its ACK, the
 *   committed txns are written and then currentEpoch, one fsync covering both (the order that fixed
 *   ZOOKEEPER-4643); the ACK waits for that fsync (ZOOKEEPER-3911/4646). Uncommitted proposals are
 *   logged at UPTODATE, when the leader has its quorum, and the synced history is delivered then;
 * - broadcast: log each PROPOSAL and ACK it once on disk, deliver on COMMIT, echo PINGs.
 *
 * A lost connection sends the server back to election. Until LEADERINFO, a refused connection (the
 * leader is not leading yet) is retried every half tick for initLimit ticks.
 */
import type { NodeId } from '../../sim/node.js';
import type { Time } from '../../sim/time.js';
import type { BreakReason } from '../kit/connection.js';
import type { Diff, QuorumMessage, Snap, Trunc } from './messages.js';
import type { ZabNode } from './node.js';
import type { SyncKind } from './sync.js';
import { epochOf, type Txn, type Zxid, ZXID_NONE } from './types.js';

/** Timer: connect to the leader again. */
export const RETRY = 'zab.retry';

type Stage = 'connecting' | 'discovery' | 'synchronization' | 'synced' | 'broadcast';

/** A follower's side for one leader: made when FLE elects another server, dropped with the connection. */
export class Learner {
  stage: Stage = 'connecting';
  sync: SyncKind | undefined;
  private readonly since: Time;
  private op: Diff | Trunc | Snap | undefined;
  /** Txns received during synchronization and not yet logged, in zxid order. */
  private pending: Txn[] = [];
  /** The highest zxid the leader has said is committed. */
  private committed: Zxid = ZXID_NONE;
  private newEpoch = -1;

  constructor(
    private readonly node: ZabNode,
    readonly leader: NodeId,
  ) {
    this.since = node.ctx.now();
  }

  get phase(): 'discovery' | 'synchronization' | 'broadcast' {
    return this.stage === 'broadcast' ? 'broadcast' : this.stage === 'synchronization' || this.stage === 'synced' ? 'synchronization' : 'discovery';
  }

  start(): void {
    const node = this.node;
    node.quorum.connect(this.leader);
    node.quorum.setTimeout(this.leader, node.options.initLimit * node.options.tickTime);
    node.sendQuorum(this.leader, { kind: 'zab.followerinfo', acceptedEpoch: node.acceptedEpoch }, 'none');
  }

  stop(): void {
    this.node.ctx.cancelTimer(RETRY);
    this.node.quorum.close(this.leader);
  }

  broken(reason: BreakReason): void {
    const node = this.node;
    const patience = node.options.initLimit * node.options.tickTime;
    if (this.stage === 'connecting' && node.ctx.now() < this.since + patience) {
      node.ctx.setTimer(RETRY, node.options.tickTime / 2);
      return;
    }
    node.lookForLeader(`connection to ${this.leader} lost (${reason})`);
  }

  retryTimer(): void {
    if (this.stage === 'connecting' && !this.node.quorum.isOpen(this.leader)) this.start();
  }

  receive(msg: QuorumMessage): void {
    switch (msg.kind) {
      case 'zab.leaderinfo':
        this.leaderInfo(msg.epoch);
        return;
      case 'zab.diff':
      case 'zab.trunc':
      case 'zab.snap':
        if (this.stage !== 'discovery') return this.fail(`${msg.kind} out of turn`);
        this.op = msg;
        this.stage = 'synchronization';
        this.sync = msg.kind === 'zab.diff' ? 'DIFF' : msg.kind === 'zab.snap' ? 'SNAP' : msg.txns.length > 0 ? 'TRUNC+DIFF' : 'TRUNC';
        this.committed = msg.kind === 'zab.diff' ? msg.zxid : msg.committed;
        this.pending = msg.txns.slice();
        return;
      case 'zab.proposal':
        if (this.stage === 'broadcast') this.log([msg.txn]);
        else if (this.stage === 'synchronization' || this.stage === 'synced') this.pending.push(msg.txn);
        return;
      case 'zab.commit':
        if (msg.zxid > this.committed) this.committed = msg.zxid;
        if (this.stage === 'broadcast') this.node.commitTo(this.node.log.floor(msg.zxid) ?? 0);
        return;
      case 'zab.newleader':
        if (this.stage !== 'synchronization') return this.fail('NEWLEADER out of turn');
        this.newLeader(msg.zxid);
        return;
      case 'zab.uptodate':
        if (this.stage !== 'synced') return this.fail('UPTODATE out of turn');
        this.upToDate();
        return;
      case 'zab.ping':
        this.node.sendQuorum(this.leader, { kind: 'zab.ping', zxid: msg.zxid, round: msg.round }, 'none');
        return;
      case 'zab.followerinfo':
      case 'zab.ackepoch':
      case 'zab.ack':
        return; // a leader's packets
    }
  }

  /** `registerWithLeader`: accept the leader's epoch, or refuse to follow an older one. */
  private leaderInfo(e: number): void {
    const node = this.node;
    if (this.stage !== 'connecting') return this.fail('LEADERINFO out of turn');
    if (e < node.acceptedEpoch) return this.fail(`leader's epoch ${e} is below our acceptedEpoch ${node.acceptedEpoch}`);
    const already = e === node.acceptedEpoch;
    if (!already) node.setAcceptedEpoch(e);
    this.newEpoch = e;
    this.stage = 'discovery';
    node.sendQuorum(this.leader, { kind: 'zab.ackepoch', currentEpoch: already ? -1 : node.currentEpoch, lastZxid: node.log.lastZxid }, 'all');
  }

  /**
   * NEWLEADER: make the synced history durable, then the epoch, then acknowledge. Mutant Z1
   * acknowledges once the epoch is written and logs the txns only at UPTODATE (ZOOKEEPER-3911);
   * mutant Z2 syncs the epoch first and the txns after it (ZOOKEEPER-4643).
   */
  private newLeader(z: Zxid): void {
    const node = this.node;
    if (!this.install()) return;
    this.stage = 'synced';
    const committed = this.takeCommitted();
    const ack = (): void => node.sendQuorum(this.leader, { kind: 'zab.ack', zxid: z }, 'all');
    if (node.mutants.has('Z1')) {
      this.pending = [...committed, ...this.pending];
      node.setCurrentEpoch(epochOf(z));
      ack();
    } else if (node.mutants.has('Z2')) {
      node.setCurrentEpoch(epochOf(z));
      node.afterDurable(() => {
        if (node.learning !== this || this.stage !== 'synced') return;
        if (this.log(committed, false)) ack();
      });
    } else {
      if (!this.log(committed, false)) return;
      node.setCurrentEpoch(epochOf(z));
      ack();
    }
  }

  /** UPTODATE: log what is left, deliver the leader's history, serve. */
  private upToDate(): void {
    const node = this.node;
    const rest = this.pending;
    this.pending = [];
    if (!this.log(rest)) return;
    this.stage = 'broadcast';
    node.quorum.setTimeout(this.leader, node.options.syncLimit * node.options.tickTime);
    node.commitTo(node.log.floor(this.committed) ?? 0);
    node.updateVoteEpoch(this.newEpoch);
  }

  /** TRUNC or SNAP: truncate the log or replace it by the snapshot. False when it cannot be done. */
  private install(): boolean {
    const op = this.op;
    if (op === undefined) return false;
    const node = this.node;
    if (op.kind === 'zab.trunc') {
      const at = node.log.positionOf(op.zxid);
      if (at === undefined) {
        this.fail(`cannot truncate to ${op.zxid}: not in the log`);
        return false;
      }
      node.truncateAfter(at);
    } else if (op.kind === 'zab.snap') {
      node.installSnapshot(op.snapshot);
    }
    return true;
  }

  /** The pending txns the leader has committed, taken out of `pending`. */
  private takeCommitted(): Txn[] {
    let n = 0;
    while (n < this.pending.length && this.pending[n]!.zxid <= this.committed) n++;
    const committed = this.pending.slice(0, n);
    this.pending = this.pending.slice(n);
    return committed;
  }

  /** Appends txns to the log (acknowledging each when `ack`); false, and back to election, if out of order. */
  private log(txns: readonly Txn[], ack = true): boolean {
    const node = this.node;
    if (!node.appendTxns(txns)) {
      this.fail('txns out of order');
      return false;
    }
    if (ack) for (const t of txns) node.sendQuorum(this.leader, { kind: 'zab.ack', zxid: t.zxid }, 'all');
    return true;
  }

  private fail(why: string): void {
    this.node.lookForLeader(`following ${this.leader}: ${why}`);
  }
}
