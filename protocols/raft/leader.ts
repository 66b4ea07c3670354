/**
 * What a replica knows and does only while it leads one term: where each follower's log stands,
 * replication and heartbeats, the commit rule, CheckQuorum, linearizable reads (ReadIndex and
 * leases) and scheduled membership changes. Made on election, dropped on stepping down, so none of
 * it can leak into a later term.
 */
import type { NodeContext, NodeId } from '../../sim/node.js';
import type { Time } from '../../sim/time.js';
import type { AppendResponse, HeartbeatResponse, RaftMessage } from './messages.js';
import type { RaftLog } from './log.js';
import type { Mutants } from './mutants.js';
import type { RaftOptions } from './options.js';
import type { Needs } from '../kit/outbox.js';
import { ReadBarrier } from './reads.js';
import { logIndex, quorum, quorumValue, type EntryCommand, type LogIndex, type Term } from './types.js';

/** The node as its leader state sees it. */
export interface LeaderHost {
  readonly ctx: NodeContext<RaftMessage>;
  readonly options: RaftOptions;
  readonly mutants: Mutants;
  readonly log: RaftLog;
  readonly term: Term;
  readonly commitIndex: LogIndex;
  /** How far this replica's own log is on disk (the leader counts itself only that far). */
  readonly durableIndex: LogIndex;
  send(to: NodeId, msg: RaftMessage, needs: Needs): void;
  /** Appends to the log (and reports the change). */
  append(cmd: EntryCommand): LogIndex;
  advanceCommit(index: LogIndex): void;
  stepDown(): void;
}

/** A follower's replication state: etcd's Progress, in two modes. */
interface Progress {
  /** The next entry to send. */
  next: number;
  /** The highest entry known to match the leader's log. */
  match: number;
  /** Probing: find where the logs meet, one message per answer; else send ahead optimistically. */
  probing: boolean;
  /** A probe (or snapshot) is out and unanswered: send no more until an answer or a heartbeat reply. */
  paused: boolean;
}

export const HEARTBEAT = 'raft.heartbeat';
export const CHECK_QUORUM = 'raft.check-quorum';

export class Leader {
  private readonly progress = new Map<NodeId, Progress>();
  /** Peers heard from since the last CheckQuorum. */
  private readonly active = new Set<NodeId>();
  private committedInTerm = false;
  readonly reads: ReadBarrier;

  constructor(private readonly host: LeaderHost) {
    this.reads = new ReadBarrier(host, (round) => this.broadcastHeartbeat(round), () => this.voters());
  }

  /**
   * Takes office: progress for every voter, an empty probe to each (to find where its log meets
   * ours before anything of this term is sent), the no-op of the term, timers.
   */
  start(): void {
    this.syncProgress();
    for (const peer of this.progress.keys()) this.sendAppend(peer);
    this.host.append({ kind: 'noop' });
    this.broadcastHeartbeat(this.reads.nextRound());
    this.host.ctx.setTimer(HEARTBEAT, this.host.options.heartbeatInterval);
    if (this.host.options.checkQuorum) this.host.ctx.setTimer(CHECK_QUORUM, this.host.options.electionTimeout);
    this.maybeCommit();
  }

  /** Leaves office: pending reads fail, timers stop. */
  stop(): void {
    this.reads.fail();
    this.host.ctx.cancelTimer(HEARTBEAT);
    this.host.ctx.cancelTimer(CHECK_QUORUM);
  }

  get hasCommittedInTerm(): boolean {
    return this.committedInTerm;
  }

  private voters(): readonly NodeId[] {
    return this.host.log.config.voters;
  }

  /** Appends a client's (or the service's) command and sends it to followers that are caught up. */
  propose(cmd: EntryCommand): LogIndex {
    const index = this.host.append(cmd);
    if (cmd.kind === 'config') this.syncProgress();
    for (const [peer, pr] of this.progress) if (!pr.paused) this.sendAppend(peer);
    this.maybeCommit();
    return index;
  }

  /** Makes progress entries match the configuration in force (it changes when a config entry is appended). */
  private syncProgress(): void {
    const voters = this.voters();
    const self = this.host.ctx.id;
    for (const v of voters) {
      if (v !== self && !this.progress.has(v)) this.progress.set(v, { next: this.host.log.lastIndex + 1, match: 0, probing: true, paused: false });
    }
    for (const p of [...this.progress.keys()]) if (!voters.includes(p)) this.progress.delete(p);
  }

  sendAppend(to: NodeId): void {
    const pr = this.progress.get(to);
    if (pr === undefined || pr.paused) return;
    const log = this.host.log;
    const prev = pr.next - 1;
    const prevTerm = log.termAt(prev);
    if (prevTerm === undefined) {
      const snapshot = log.snapshot;
      if (snapshot === undefined) throw new Error(`raft: no entry at ${prev} for ${to} and no snapshot`);
      this.host.send(to, { kind: 'raft.snapshot', term: this.host.term, snapshot }, 'state');
      pr.paused = true;
      return;
    }
    const upTo = Math.min(log.lastIndex, prev + this.host.options.maxBatch);
    const entries = log.slice(prev + 1, upTo + 1);
    this.host.send(to, { kind: 'raft.append', term: this.host.term, prevIndex: logIndex(prev), prevTerm, entries, commit: this.host.commitIndex }, 'state');
    if (pr.probing) pr.paused = true;
    else pr.next = upTo + 1;
  }

  onAppendResponse(from: NodeId, m: AppendResponse): void {
    const pr = this.progress.get(from);
    if (pr === undefined) return;
    this.active.add(from);
    pr.paused = false;
    if (m.success) {
      if (m.match > pr.match) pr.match = m.match;
      if (pr.next <= pr.match) pr.next = pr.match + 1;
      pr.probing = false;
      this.maybeCommit();
      if (pr.next <= this.host.log.lastIndex) this.sendAppend(from);
      return;
    }
    let next: number = m.hintIndex;
    if (m.hintTerm !== 0) next = (this.host.log.lastIndexOfTerm(m.hintTerm) ?? m.hintIndex - 1) + 1;
    pr.next = Math.max(pr.match + 1, Math.min(next, this.host.log.lastIndex + 1));
    pr.probing = true;
    this.sendAppend(from);
  }

  onHeartbeatResponse(from: NodeId, m: HeartbeatResponse): void {
    const pr = this.progress.get(from);
    if (pr === undefined) return;
    this.active.add(from);
    pr.paused = false;
    this.reads.ack(from, m.ctx);
    if (pr.match < this.host.log.lastIndex) {
      // Whatever was sent ahead has not all arrived: go back to where the follower surely is.
      if (!pr.probing) {
        pr.probing = true;
        pr.next = pr.match + 1;
      }
      this.sendAppend(from);
    }
  }

  /** Every heartbeat interval: a heartbeat round (which also confirms pending reads), and the membership schedule. */
  heartbeat(): void {
    this.broadcastHeartbeat(this.reads.nextRound());
    this.host.ctx.setTimer(HEARTBEAT, this.host.options.heartbeatInterval);
    this.reconfigure();
  }

  private broadcastHeartbeat(round: number): void {
    for (const [peer, pr] of this.progress) {
      const commit = logIndex(Math.min(this.host.commitIndex, pr.match));
      this.host.send(peer, { kind: 'raft.heartbeat', term: this.host.term, commit, ctx: round }, 'state');
    }
  }

  /** CheckQuorum: step down unless a majority was heard from during the last election timeout. */
  checkQuorum(): void {
    const voters = this.voters();
    let heard = voters.includes(this.host.ctx.id) ? 1 : 0;
    for (const v of voters) if (this.active.has(v)) heard++;
    this.active.clear();
    if (heard < quorum(voters)) {
      this.host.stepDown();
      return;
    }
    this.host.ctx.setTimer(CHECK_QUORUM, this.host.options.electionTimeout);
  }

  /**
   * The commit rule: the highest index on a majority of voters (the leader counts only what is on
   * its own disk), if that entry is of the current term (Raft §5.4.2; mutant R1 drops the term test).
   */
  maybeCommit(): void {
    const self = this.host.ctx.id;
    const candidate = quorumValue(this.voters(), (v) => (v === self ? this.host.durableIndex : (this.progress.get(v)?.match ?? 0)));
    if (candidate <= this.host.commitIndex) return;
    const t = this.host.log.termAt(candidate);
    if (t !== this.host.term && !this.host.mutants.has('R1')) return;
    this.host.advanceCommit(logIndex(candidate));
  }

  /** Called when the commit index moved: the first commit of the term releases waiting reads. */
  committed(index: LogIndex): void {
    if (!this.committedInTerm && this.host.log.termAt(index) === this.host.term) {
      this.committedInTerm = true;
      this.reads.termCommitted(index);
    }
  }

  /**
   * Proposes a new set of voters (one server added or removed at a time). Refused while a change
   * is uncommitted, and before this leader has committed an entry of its own term: otherwise a new
   * leader's change can form a majority disjoint from one its predecessor's uncommitted change
   * still counts on (the single-server change bug, raft-dev 2015). Mutant R9 skips both checks.
   */
  changeVoters(voters: readonly NodeId[]): boolean {
    const log = this.host.log;
    if (!this.host.mutants.has('R9') && (!this.committedInTerm || log.configIndex > this.host.commitIndex)) return false;
    this.propose({ kind: 'config', voters, change: log.config.change + 1 });
    return true;
  }

  /** The next scheduled membership change, once its time has come on this leader's clock. */
  private reconfigure(): void {
    const config = this.host.log.config;
    const change = this.host.options.membership[config.change];
    if (change === undefined || this.host.ctx.now() < change.at) return;
    let voters = config.voters;
    if (change.add !== undefined && !voters.includes(change.add)) voters = [...voters, change.add];
    if (change.remove !== undefined && voters.length > 1) voters = voters.filter((v) => v !== change.remove);
    this.changeVoters(voters);
  }

  /** For tests and the viewer: each follower's match index. */
  matchOf(peer: NodeId): number | undefined {
    return this.progress.get(peer)?.match;
  }

  /** Local time now, for read leases. */
  now(): Time {
    return this.host.ctx.now();
  }
}
