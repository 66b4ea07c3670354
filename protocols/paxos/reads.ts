/**
 * Linearizable reads on the leader: a read is answered at the chosen prefix of the moment it
 * arrived, once the leader has proved it still held its ballot after that moment.
 *
 * - A new leader serves no read until every slot it recovered is chosen: before that its chosen
 *   prefix may lag what an earlier leader had chosen and acknowledged (Raft's etcd#7331).
 * - Read-index (default): heartbeats carry a round number, increasing within the ballot, and an
 *   acceptor acknowledges a round only while its promise is still this ballot. Once a majority has
 *   acknowledged a round sent after the read arrived, no majority had promised a higher ballot by
 *   then, so no later leader had chosen anything yet. Reads that come while a round is out wait
 *   for the next one (a late acknowledgement of an older round never confirms them).
 * - Lease (`readBarrier: lease`): no round while the lease holds, from the send time of the latest
 *   round a majority acknowledged, for failureTimeout / (1 + ε)²: each acknowledging acceptor holds
 *   off other ballots for a failure timeout after it heard that heartbeat, and clocks drift by at
 *   most ε. A pause or a clock that runs faster than that breaks it, as it breaks Raft's.
 */
import type { NodeId } from '../../sim/node.js';
import type { Time } from '../../sim/time.js';
import { quorumValue } from '../kit/quorum.js';
import type { PaxosNode } from './node.js';

type Done = (index: number | undefined) => void;

interface Round {
  readonly round: number;
  readonly index: number;
  readonly done: Done[];
}

/** Rounds older than this many broadcasts are forgotten; none can still hold a lease. */
const KEEP_ROUNDS = 256;

export class ReadBarrier {
  private round = 0;
  private readonly sentAt = new Map<number, Time>();
  /** The highest round each acceptor has acknowledged. */
  private readonly acked = new Map<NodeId, number>();
  /** Reads not yet in a round. */
  private waiting: Done[] = [];
  private rounds: Round[] = [];
  private ready = false;

  constructor(
    private readonly node: PaxosNode,
    private readonly broadcast: (round: number) => void,
  ) {}

  /** A new heartbeat round number, stamped with the local time it goes out. */
  nextRound(): number {
    const r = ++this.round;
    this.sentAt.set(r, this.node.now());
    this.sentAt.delete(r - KEEP_ROUNDS);
    return r;
  }

  request(done: Done): void {
    const node = this.node;
    if (!this.ready) {
      this.waiting.push(done);
      return;
    }
    if (node.proposers.size === 1 || (node.options.readBarrier === 'lease' && this.leaseHolds())) {
      done(node.commit);
      return;
    }
    this.waiting.push(done);
    if (this.rounds.length === 0) this.startRound();
  }

  /** Every recovered slot is chosen: reads held back for it may go. */
  recovered(): void {
    if (this.ready) return;
    this.ready = true;
    const held = this.waiting;
    this.waiting = [];
    for (const done of held) this.request(done);
  }

  ack(from: NodeId, round: number): void {
    if (round > (this.acked.get(from) ?? 0)) this.acked.set(from, round);
    this.confirm();
  }

  /** The leader stepped down: nothing waiting can be confirmed here any more. */
  fail(): void {
    const all = [...this.rounds.flatMap((r) => r.done), ...this.waiting];
    this.rounds = [];
    this.waiting = [];
    for (const done of all) done(undefined);
  }

  private startRound(): void {
    const round = this.nextRound();
    this.rounds.push({ round, index: this.node.commit, done: this.waiting });
    this.waiting = [];
    this.broadcast(round);
  }

  private confirm(): void {
    const confirmed = this.quorumRound();
    let released = 0;
    for (const r of this.rounds) {
      if (r.round > confirmed) break;
      released++;
    }
    if (released > 0) {
      const done = this.rounds.slice(0, released);
      this.rounds = this.rounds.slice(released);
      for (const r of done) for (const d of r.done) d(r.index);
    }
    if (this.rounds.length === 0 && this.waiting.length > 0 && this.ready) this.startRound();
  }

  /** The highest round a majority of acceptors has acknowledged (the leader has all of its own). */
  private quorumRound(): number {
    const self = this.node.ctx.id;
    return quorumValue(this.node.proposers.sorted, (id) => (id === self ? this.round : (this.acked.get(id) ?? 0)));
  }

  private leaseHolds(): boolean {
    const start = this.sentAt.get(this.quorumRound());
    if (start === undefined) return false;
    const drift = 1 + this.node.options.driftBound;
    return this.node.now() < start + this.node.options.failureTimeout / (drift * drift);
  }
}
