/**
 * Fast Leader Election (ZooKeeper's `FastLeaderElection.lookForLeader`), one run of it: a LOOKING
 * server proposes itself, broadcasts its vote, and adopts any better vote it hears, in the total
 * order (peer epoch, last zxid, server id). It decides once a quorum of votes in its round agrees
 * with its own and no better vote arrives for `finalizeWait`; or it joins an established leader
 * when a quorum says it follows (or leads) and the leader itself says it leads. With nothing to
 * hear, it resends its vote after a silence that doubles up to `maxNotificationInterval`.
 *
 * The node answers LOOKING servers while it follows or leads (`onNotification` in node.ts); this
 * class runs only while LOOKING. One departure from ZooKeeper: a LOOKING server answers a
 * notification of its own round that carries a worse vote (see `looking`).
 */
import type { NodeId } from '../../sim/node.js';
import { quorum } from '../kit/quorum.js';
import type { Notification, PeerState } from './messages.js';
import type { ZabNode } from './node.js';
import { type Zxid, zxidText } from './types.js';

/** Timer: resend the vote after a silence (forcing it resends at once). */
export const NOTIFY = 'zab.notify';
/** Timer: finalizeWait is over, decide. */
export const FINALIZE = 'zab.finalize';

/** A vote: the proposed leader, its last zxid and epoch, in an election round. */
export interface Vote {
  readonly leader: NodeId;
  readonly zxid: Zxid;
  readonly electionEpoch: number;
  readonly peerEpoch: number;
}

interface Received extends Vote {
  readonly state: PeerState;
}

/**
 * FLE's total order (`totalOrderPredicate`): is `a` a better leader than `b`? A higher epoch, then a
 * higher zxid, then a higher server id.
 */
export function better(a: Pick<Vote, 'leader' | 'zxid' | 'peerEpoch'>, b: Pick<Vote, 'leader' | 'zxid' | 'peerEpoch'>, sid: (id: NodeId) => number): boolean {
  return a.peerEpoch > b.peerEpoch || (a.peerEpoch === b.peerEpoch && (a.zxid > b.zxid || (a.zxid === b.zxid && sid(a.leader) > sid(b.leader))));
}

/**
 * `Vote.equals`: every field while either vote is a LOOKING one; between servers out of the
 * election only the leader and its epoch (their zxids and rounds may differ, ZOOKEEPER-1805).
 */
function sameVote(a: Received, b: Received): boolean {
  if (a.state === 'looking' || b.state === 'looking') return a.leader === b.leader && a.zxid === b.zxid && a.electionEpoch === b.electionEpoch && a.peerEpoch === b.peerEpoch;
  return a.leader === b.leader && a.peerEpoch === b.peerEpoch;
}

/** One run of `lookForLeader`, from LOOKING to a decision (`ZabNode.elected`). */
export class Election {
  private proposal: Pick<Vote, 'leader' | 'zxid' | 'peerEpoch'>;
  /** Votes of the current round (`recvset`). */
  private readonly votes = new Map<NodeId, Received>();
  /** Votes of servers that follow or lead (`outofelection`). */
  private readonly outOfElection = new Map<NodeId, Received>();
  private notTimeout: number;
  /** When the vote is resent unless something is heard first. */
  private silentUntil = 0;
  private finalizing = false;

  constructor(private readonly node: ZabNode) {
    this.proposal = this.initial();
    this.notTimeout = node.options.finalizeWait;
  }

  get round(): number {
    return this.node.logicalclock;
  }

  start(): void {
    this.node.logicalclock++;
    this.proposal = this.initial();
    this.broadcast();
    this.wait();
    this.maybeFinalize(); // a quorum of one
  }

  stop(): void {
    this.node.ctx.cancelTimer(NOTIFY);
    this.node.ctx.cancelTimer(FINALIZE);
  }

  receive(from: NodeId, n: Notification): void {
    const node = this.node;
    // A LOOKING server behind in rounds is told ours (WorkerReceiver).
    if (n.state === 'looking' && n.electionEpoch < node.logicalclock) node.notify(from, this.notification());
    if (this.finalizing) {
      if (!better(n, this.proposal, node.sid)) {
        this.node.ctx.setTimer(FINALIZE, node.options.finalizeWait); // not better: dropped, and the wait restarts
        return;
      }
      this.finalizing = false;
      node.ctx.cancelTimer(FINALIZE);
    }
    this.silentUntil = node.ctx.now() + this.notTimeout;
    if (n.state === 'looking') this.looking(from, n);
    else this.settled(from, n);
  }

  /** The resend timer fired: resend after a silence, or wait for the rest of it. */
  notifyTimer(forced: boolean): void {
    if (this.finalizing) return;
    const now = this.node.ctx.now();
    if (!forced && now < this.silentUntil) {
      this.node.ctx.setTimer(NOTIFY, this.silentUntil - now);
      return;
    }
    this.broadcast();
    this.notTimeout = Math.min(this.notTimeout * 2, this.node.options.maxNotificationInterval);
    this.wait();
  }

  finalizeTimer(): void {
    if (this.finalizing) this.decide(this.endVote());
  }

  private looking(from: NodeId, n: Notification): void {
    const node = this.node;
    if (n.electionEpoch > node.logicalclock) {
      node.logicalclock = n.electionEpoch;
      this.votes.clear();
      this.proposal = better(n, this.initial(), node.sid) ? n : this.initial();
      this.broadcast();
    } else if (n.electionEpoch < node.logicalclock) {
      return;
    } else if (better(n, this.proposal, node.sid)) {
      this.proposal = n;
      this.broadcast();
    } else if (better(this.proposal, n, node.sid)) {
      // A server that joined this round late with a worse vote is told ours. (ZooKeeper answers only
      // a lagging round; here a server holding the better vote could otherwise stay silent for
      // good, each worse notification restarting its wait before it resends.)
      node.notify(from, this.notification());
    }
    this.votes.set(from, { leader: n.leader, zxid: n.zxid, electionEpoch: n.electionEpoch, peerEpoch: n.peerEpoch, state: 'looking' });
    this.maybeFinalize();
  }

  /** A quorum of this round agrees with our vote: wait finalizeWait for a better one before deciding. */
  private maybeFinalize(): void {
    if (!this.agreed(this.votes, { ...this.endVote(), state: 'looking' })) return;
    this.finalizing = true;
    this.node.ctx.cancelTimer(NOTIFY);
    this.node.ctx.setTimer(FINALIZE, this.node.options.finalizeWait);
  }

  /** A vote from a server that follows or leads (`receivedFollowingNotification`). */
  private settled(from: NodeId, n: Notification): void {
    const node = this.node;
    const vote: Received = { leader: n.leader, zxid: n.zxid, electionEpoch: n.electionEpoch, peerEpoch: n.peerEpoch, state: n.state };
    if (n.electionEpoch === node.logicalclock) {
      this.votes.set(from, vote);
      if (this.agreed(this.votes, vote) && this.leaderSaysSo(this.votes, n.leader, n.electionEpoch)) {
        this.decide(vote);
        return;
      }
    }
    // Joining an established ensemble: a quorum follows the same leader, and the leader says it leads.
    this.outOfElection.set(from, vote);
    if (this.agreed(this.outOfElection, vote) && this.leaderSaysSo(this.outOfElection, n.leader, n.electionEpoch)) {
      node.logicalclock = n.electionEpoch;
      this.decide(vote);
    }
  }

  private agreed(votes: ReadonlyMap<NodeId, Received>, vote: Received): boolean {
    let n = 0;
    for (const v of this.node.voters) {
      const cast = votes.get(v);
      if (cast !== undefined && sameVote(cast, vote)) n++;
    }
    return n >= quorum(this.node.voters);
  }

  /** `checkLeader`: another server must have said itself that it leads; this one must be in that round. */
  private leaderSaysSo(votes: ReadonlyMap<NodeId, Received>, leader: NodeId, electionEpoch: number): boolean {
    if (leader !== this.node.id) return votes.get(leader)?.state === 'leading';
    return this.node.logicalclock === electionEpoch;
  }

  private decide(vote: Vote): void {
    this.stop();
    this.node.elected({ leader: vote.leader, zxid: vote.zxid, electionEpoch: vote.electionEpoch, peerEpoch: vote.peerEpoch });
  }

  /** This server's own vote: itself, with its last logged zxid and its currentEpoch. */
  private initial(): Pick<Vote, 'leader' | 'zxid' | 'peerEpoch'> {
    return { leader: this.node.id, zxid: this.node.log.lastZxid, peerEpoch: this.node.currentEpoch };
  }

  private endVote(): Vote {
    return { leader: this.proposal.leader, zxid: this.proposal.zxid, electionEpoch: this.node.logicalclock, peerEpoch: this.proposal.peerEpoch };
  }

  private notification(): Notification {
    const v = this.endVote();
    return { kind: 'zab.notification', ...v, state: 'looking' };
  }

  /** `sendNotifications`: the vote to every voter (its own copy counts at once). */
  private broadcast(): void {
    const node = this.node;
    const n = this.notification();
    node.ctx.trace('zab.vote', { leader: n.leader, zxid: zxidText(n.zxid), peerEpoch: n.peerEpoch, round: n.electionEpoch });
    this.votes.set(node.id, { ...this.endVote(), state: 'looking' });
    for (const v of node.voters) if (v !== node.id) node.notify(v, n);
  }

  private wait(): void {
    this.silentUntil = this.node.ctx.now() + this.notTimeout;
    this.node.ctx.setTimer(NOTIFY, this.notTimeout);
  }
}
