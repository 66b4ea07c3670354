/**
 * Linearizable reads on the leader (thesis §6.4, etcd's `readOnly`): a read is answered at the
 * commit index of the moment it arrived, once a majority has acknowledged a heartbeat sent after
 * that moment, proving that no other leader had been elected by then.
 *
 * - A new leader serves no read until it has committed an entry of its own term: before that its
 *   commit index may lag what a previous leader committed (etcd#7331; mutant R4 skips the wait).
 * - Heartbeats carry a round number (`ctx`) that increases with every broadcast, and a read waits
 *   for acknowledgements of a round started after it arrived. Reads that come while a round is out
 *   wait for the next one (mutant R5 lets them join the outstanding round, reusing its context, so a
 *   late acknowledgement from before a partition confirms them: etcd-io/raft#392).
 * - With `readBarrier: lease`, the leader answers at once while its lease holds: from the send time of
 *   the latest heartbeat round a majority acknowledged, for electionTimeout / (1 + ε)², since
 *   CheckQuorum keeps each follower from voting for electionTimeout after it hears from the leader
 *   and clocks drift by at most ε. Mutant R6 counts the lease from the acknowledgement's arrival
 *   and for a whole election timeout.
 */
import type { NodeId } from '../../sim/node.js';
import type { Time } from '../../sim/time.js';
import type { LeaderHost } from './leader.js';
import { quorumValue, type LogIndex } from './types.js';

type Done = (index: number | undefined) => void;

interface Round {
  readonly ctx: number;
  readonly index: LogIndex;
  readonly done: Done[];
}

/** Rounds older than this many broadcasts are forgotten; none can still hold a lease. */
const KEEP_ROUNDS = 256;

export class ReadBarrier {
  private round = 0;
  private readonly sentAt = new Map<number, Time>();
  /** The highest round each peer has acknowledged, and when its latest acknowledgement arrived. */
  private readonly acked = new Map<NodeId, number>();
  private readonly ackedAt = new Map<NodeId, Time>();
  /** Reads not yet in a round. */
  private waiting: Done[] = [];
  private rounds: Round[] = [];
  private committedInTerm = false;

  constructor(
    private readonly host: LeaderHost,
    private readonly broadcast: (round: number) => void,
    private readonly voters: () => readonly NodeId[],
  ) {}

  /** True when every voter has acknowledged the latest heartbeat round (for tests and the viewer). */
  get settled(): boolean {
    const self = this.host.ctx.id;
    return this.voters().every((v) => v === self || this.acked.get(v) === this.round);
  }

  /** A new heartbeat round number, stamped with the local time it goes out. */
  nextRound(): number {
    const r = ++this.round;
    this.sentAt.set(r, this.host.ctx.now());
    this.sentAt.delete(r - KEEP_ROUNDS);
    return r;
  }

  request(done: Done): void {
    const host = this.host;
    if (!this.committedInTerm && !host.mutants.has('R4')) {
      this.waiting.push(done);
      return;
    }
    const voters = this.voters();
    if ((voters.length === 1 && voters[0] === host.ctx.id) || (host.options.readBarrier === 'lease' && this.leaseHolds())) {
      done(host.commitIndex);
      return;
    }
    const outstanding = this.rounds[this.rounds.length - 1];
    if (outstanding !== undefined && host.mutants.has('R5')) {
      outstanding.done.push(done);
      return;
    }
    this.waiting.push(done);
    if (outstanding === undefined) this.startRound();
  }

  /** The leader committed its first entry of the term: reads held back for it may go. */
  termCommitted(_index: LogIndex): void {
    this.committedInTerm = true;
    const held = this.waiting;
    this.waiting = [];
    for (const done of held) this.request(done);
  }

  ack(from: NodeId, ctx: number): void {
    if (ctx > (this.acked.get(from) ?? 0)) this.acked.set(from, ctx);
    this.ackedAt.set(from, this.host.ctx.now());
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
    const ctx = this.nextRound();
    this.rounds.push({ ctx, index: this.host.commitIndex, done: this.waiting });
    this.waiting = [];
    this.broadcast(ctx);
    this.confirm();
  }

  private confirm(): void {
    const confirmed = this.quorumRound();
    let released = 0;
    for (const r of this.rounds) {
      if (r.ctx > confirmed) break;
      released++;
    }
    if (released > 0) {
      const done = this.rounds.slice(0, released);
      this.rounds = this.rounds.slice(released);
      for (const r of done) for (const d of r.done) d(r.index);
    }
    if (this.rounds.length === 0 && this.waiting.length > 0 && this.committedInTerm) this.startRound();
  }

  /** The highest round a majority of voters has acknowledged (the leader has all of its own). */
  private quorumRound(): number {
    const self = this.host.ctx.id;
    return quorumValue(this.voters(), (v) => (v === self ? this.round : (this.acked.get(v) ?? 0)));
  }

  private leaseHolds(): boolean {
    const host = this.host;
    const now = host.ctx.now();
    const timeout = host.options.electionTimeout;
    if (host.mutants.has('R6')) {
      return now < quorumValue(this.voters(), (v) => (v === host.ctx.id ? now : (this.ackedAt.get(v) ?? -Infinity))) + timeout;
    }
    const start = this.sentAt.get(this.quorumRound());
    if (start === undefined) return false;
    const drift = 1 + host.options.driftBound;
    return now < start + timeout / (drift * drift);
  }
}
