/**
 * Phase 1 for every slot at once (Lamport, PMS §3; "Paxos Made Moderately Complex"'s scout): a
 * candidate asks every acceptor to promise its ballot for every slot from the first it does not
 * know chosen, and gathers what a majority reports. Per slot it keeps the value accepted with the
 * highest ballot; values an acceptor knows chosen are learned on the spot, as is a snapshot of
 * slots the acceptor compacted. Prepares are resent every heartbeat interval to acceptors that have
 * not answered: the network may lose them.
 *
 * Each acceptor counts once, and only its promise of this very ballot counts. Mutant P3 counts
 * every promise message addressed to one of this replica's ballots: a duplicate, or a stale promise
 * of an older candidacy that reports an older state (luohaha/MyPaxos#18).
 */
import type { NodeId } from '../../sim/node.js';
import { proposerOf, type Ballot, type SlotEntry } from './ballot.js';
import { HEARTBEAT } from './leader.js';
import { learn } from './learner.js';
import type { PromiseReply } from './messages.js';
import type { PaxosNode } from './node.js';

export class Candidacy {
  private readonly heard = new Set<NodeId>();
  private promises = 0;
  private readonly best = new Map<number, SlotEntry>();
  /** The highest slot any promise reported. */
  private reported = 0;
  /** The end of the candidate's own log when phase 1 began. */
  readonly ownLast: number;

  constructor(
    private readonly node: PaxosNode,
    readonly ballot: Ballot,
    /** Phase 1 covers the slots from here on: the first the candidate did not know chosen. */
    readonly from: number,
  ) {
    this.ownLast = node.log.last;
  }

  /** Counts `from`'s promise; true once a majority has promised. */
  count(from: NodeId, m: PromiseReply): boolean {
    const sloppy = this.node.mutants.has('P3');
    if (m.ballot !== this.ballot && !(sloppy && m.ballot < this.ballot && proposerOf(m.ballot) === proposerOf(this.ballot))) return false;
    if (this.heard.has(from) && !sloppy) return false;
    this.heard.add(from);
    this.promises++;
    if (m.snapshot !== undefined) this.node.installSnapshot(m.snapshot);
    for (const [slot, e] of m.entries) {
      if (slot > this.reported) this.reported = slot;
      if (e.chosen) {
        learn(this.node, slot, e.value, this.ballot);
        continue;
      }
      const had = this.best.get(slot);
      if (had === undefined || e.ballot > had.ballot) this.best.set(slot, e);
    }
    this.node.advanceCommit();
    return (sloppy ? this.promises : this.heard.size) >= this.node.quorum;
  }

  /** For tests: whether `id`'s promise has been counted. */
  promisedBy(id: NodeId): boolean {
    return this.heard.has(id);
  }

  /** The highest-ballot value reported for `slot`, if any acceptor of the quorum accepted one. */
  valueAt(slot: number): SlotEntry | undefined {
    return this.best.get(slot);
  }

  /** The highest slot any promise reported: recovery runs up to here. */
  get lastReported(): number {
    return this.reported;
  }

  /** Sends the prepare to every acceptor that has not promised yet (after our own promise is on disk). */
  resend(): void {
    const node = this.node;
    for (const peer of node.proposers.sorted) {
      if (peer !== node.ctx.id && !this.heard.has(peer)) node.send(peer, { kind: 'paxos.prepare', ballot: this.ballot, from: this.from }, 'state');
    }
    node.ctx.setTimer(HEARTBEAT, node.options.heartbeatInterval);
  }
}
