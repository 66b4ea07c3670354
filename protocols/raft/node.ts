/**
 * A Raft replica running the store service. The node owns the term, the vote, the log and the
 * commit and apply indexes; elections are in `election.ts`, leading in `leader.ts`, follower-side
 * log handling in `follower.ts`. Every entry point runs as one *step*: the handler, then an fsync
 * if it wrote anything (messages that depend on the write wait for it), then a `raft.state` event
 * if anything changed.
 */
import type { Actor, ClientRequest, NodeContext, NodeId, NodeStatus } from '../../sim/node.js';
import { assertNever } from '../../sim/errors.js';
import type { Command } from '../store/commands.js';
import type { Position, Replication } from '../store/replication.js';
import { STORE_TIMER_PREFIX, StoreService } from '../store/service.js';
import { Elections, ELECTION, ELECTION_WAIT } from './election.js';
import { acceptAppend, acceptSnapshot } from './follower.js';
import { CHECK_QUORUM, HEARTBEAT, Leader, type LeaderHost } from './leader.js';
import { RaftLog, loadHardState, saveHardState } from './log.js';
import type { RaftMessage } from './messages.js';
import type { Mutants } from './mutants.js';
import type { RaftOptions } from './options.js';
import { Outbox, type Needs } from './outbox.js';
import { StateReporter, type Role } from './report.js';
import { logIndex, type Config, type EntryCommand, type LogIndex, type Snapshot, type Term } from './types.js';

export class RaftNode implements Actor<RaftMessage>, Replication, LeaderHost {
  term!: Term;
  vote: NodeId | null = null;
  role: Role = 'follower';
  leaderId: NodeId | null = null;
  log!: RaftLog;
  commitIndex: LogIndex = logIndex(0);
  applied: LogIndex = logIndex(0);
  durableIndex: LogIndex = logIndex(0);
  /** Local time the current leader was last heard from (CheckQuorum's follower lease). */
  lastHeard = -Infinity;
  leader: Leader | undefined;
  readonly service: StoreService;
  private readonly outbox: Outbox;
  private readonly reporter: StateReporter;
  private readonly elections: Elections;
  /** Bumped by every truncation, so an fsync issued before one does not vouch for the new entries. */
  private logEpoch = 0;
  private inStep = false;

  constructor(
    readonly ctx: NodeContext<RaftMessage>,
    readonly options: RaftOptions,
    readonly mutants: Mutants,
    private readonly initial: Config,
  ) {
    this.outbox = new Outbox(ctx);
    this.reporter = new StateReporter(ctx);
    this.elections = new Elections(this);
    this.service = new StoreService(ctx, this, {
      reads: options.reads === 'zookeeper' ? 'zookeeper' : mutants.has('R3') ? 'leader-local' : 'linearizable',
      sessionCheckEvery: options.sessionCheckEvery,
      noDedup: mutants.has('R10'),
    });
  }

  // ---- the actor ----------------------------------------------------------------------------

  start(): void {
    this.step(() => {
      const hard = loadHardState(this.ctx.disk);
      this.term = hard.term;
      this.vote = hard.vote;
      this.log = new RaftLog(this.ctx.disk, this.initial);
      const snapshot = this.log.snapshot;
      if (snapshot !== undefined) this.service.restore(snapshot.data, snapshot.index);
      this.commitIndex = this.applied = this.log.snapshotIndex;
      this.durableIndex = this.log.lastIndex;
      this.elections.resetTimer();
    });
  }

  // The entry points below are `begin(); …; end()` rather than `step(() => …)`: one closure less
  // per message, which the benchmark notices.

  message(from: NodeId, msg: RaftMessage): void {
    const before = this.begin();
    this.receive(from, msg);
    this.end(before);
  }

  timer(name: string): void {
    const before = this.begin();
    if (name === ELECTION_WAIT) this.elections.waited();
    else if (name === ELECTION) this.elections.timeout();
    else if (name === HEARTBEAT) this.leader?.heartbeat();
    else if (name === CHECK_QUORUM) this.leader?.checkQuorum();
    else if (name.startsWith(STORE_TIMER_PREFIX)) this.service.timer(name);
    this.end(before);
  }

  request(req: ClientRequest): void {
    const before = this.begin();
    this.service.request(req);
    this.end(before);
  }

  status(): NodeStatus {
    return { role: this.role, term: this.term };
  }

  private step(fn: () => void): void {
    if (this.inStep) {
      fn();
      return;
    }
    const before = this.begin();
    fn();
    this.end(before);
  }

  /** Starts a step; returns the count of unsynced writes, to tell at the end whether it wrote. */
  private begin(): number {
    this.inStep = true;
    return this.ctx.disk.unsyncedWrites;
  }

  private end(unsyncedBefore: number): void {
    this.inStep = false;
    const wrote = this.ctx.disk.unsyncedWrites > unsyncedBefore;
    if (wrote || this.outbox.holding) {
      const epoch = this.logEpoch;
      const last = this.log.lastIndex;
      this.outbox.flush((f) => this.step(f), () => this.durable(epoch, last));
    }
    this.reporter.emit(this);
  }

  private receive(from: NodeId, msg: RaftMessage): void {
    switch (msg.kind) {
      case 'raft.prevote':
      case 'raft.vote':
        this.elections.onRequest(from, msg);
        return;
      case 'raft.prevote-resp':
      case 'raft.vote-resp':
        this.elections.onResponse(from, msg);
        return;
      case 'raft.append':
        if (this.fromLeader(from, msg.term, 'raft.append')) acceptAppend(this, from, msg);
        return;
      case 'raft.snapshot':
        if (this.fromLeader(from, msg.term, 'raft.snapshot')) acceptSnapshot(this, from, msg.snapshot);
        return;
      case 'raft.heartbeat':
        if (!this.fromLeader(from, msg.term, 'raft.heartbeat')) return;
        this.advanceCommit(logIndex(Math.min(msg.commit, this.log.lastIndex)));
        this.send(from, { kind: 'raft.heartbeat-resp', term: this.term, ctx: msg.ctx }, 'hard');
        return;
      case 'raft.append-resp':
      case 'raft.heartbeat-resp':
        if (msg.term > this.term) this.becomeFollower(msg.term, null);
        else if (msg.term === this.term && this.leader !== undefined) {
          if (msg.kind === 'raft.append-resp') this.leader.onAppendResponse(from, msg);
          else this.leader.onHeartbeatResponse(from, msg);
        }
        return;
      default:
        assertNever(msg, 'raft message');
    }
  }

  /**
   * Handles the term of a message only a leader sends. A stale leader is told the current term; a
   * current one makes this replica its follower and holds off its election.
   */
  private fromLeader(from: NodeId, t: Term, kind: 'raft.append' | 'raft.snapshot' | 'raft.heartbeat'): boolean {
    if (t < this.term) {
      if (kind === 'raft.heartbeat') this.send(from, { kind: 'raft.heartbeat-resp', term: this.term, ctx: 0 }, 'none');
      else this.send(from, { kind: 'raft.append-resp', term: this.term, success: false, match: logIndex(0), hintIndex: logIndex(0), hintTerm: this.term }, 'none');
      return false;
    }
    if (t > this.term || this.role !== 'follower' || this.leaderId !== from) this.becomeFollower(t, from);
    this.lastHeard = this.ctx.now();
    this.elections.resetTimer();
    return true;
  }

  // ---- state changes --------------------------------------------------------------------------

  send(to: NodeId, msg: RaftMessage, needs: Needs): void {
    this.outbox.send(to, msg, needs);
  }

  /** Adopts a term (forgetting the vote) and writes it; the caller's replies wait for the fsync. */
  setTerm(t: Term, vote: NodeId | null): void {
    this.term = t;
    this.vote = vote;
    saveHardState(this.ctx.disk, { term: t, vote });
    this.outbox.hardWritten();
  }

  becomeFollower(t: Term, leader: NodeId | null): void {
    if (t > this.term) this.setTerm(t, null);
    const wasLeader = this.leader !== undefined;
    this.role = 'follower';
    this.leaderId = leader;
    if (wasLeader) {
      this.leader!.stop();
      this.leader = undefined;
      this.service.leadershipChanged(false);
    }
    this.elections.resetTimer();
  }

  stepDown(): void {
    this.becomeFollower(this.term, null);
  }

  becomeLeader(): void {
    this.role = 'leader';
    this.leaderId = this.ctx.id;
    this.elections.stopTimer();
    this.leader = new Leader(this);
    this.service.leadershipChanged(true);
    this.leader.start();
  }

  append(cmd: EntryCommand): LogIndex {
    const index = logIndex(this.log.lastIndex + 1);
    this.log.append([{ term: this.term, cmd }]);
    this.reporter.logChanged(index);
    return index;
  }

  /** The follower's log changed from `from` on; `truncated` if entries were removed. */
  logChanged(from: number, truncated: boolean): void {
    this.reporter.logChanged(from);
    if (truncated) {
      this.logEpoch++;
      if (this.durableIndex >= from) this.durableIndex = logIndex(from - 1);
    }
  }

  advanceCommit(index: LogIndex): void {
    if (index <= this.commitIndex) return;
    this.commitIndex = index;
    this.leader?.committed(index);
    this.applyCommitted();
  }

  private durable(epoch: number, last: LogIndex): void {
    if (epoch !== this.logEpoch || last <= this.durableIndex) return;
    this.durableIndex = logIndex(Math.min(last, this.log.lastIndex));
    this.leader?.maybeCommit();
  }

  private applyCommitted(): void {
    while (this.applied < this.commitIndex) {
      const index = logIndex(this.applied + 1);
      const entry = this.log.at(index);
      this.applied = index;
      if (entry.cmd.kind === 'config') {
        if (this.leader !== undefined && !entry.cmd.voters.includes(this.ctx.id) && this.log.configIndex <= index) this.stepDown();
      } else {
        this.service.apply(index, entry.term, entry.cmd);
      }
    }
    this.maybeSnapshot();
  }

  private maybeSnapshot(): void {
    const every = this.options.snapshotEvery;
    if (every === 0 || this.applied - this.log.snapshotIndex < every) return;
    const snapshot: Snapshot = {
      index: this.applied,
      term: this.log.termAt(this.applied)!,
      config: this.log.configAt(this.applied),
      data: this.service.snapshot(),
    };
    this.log.compact(snapshot);
  }

  /** Installs the leader's snapshot (the follower side decided it is newer than what it has). */
  installSnapshot(snapshot: Snapshot): void {
    this.log.install(snapshot);
    this.logChanged(snapshot.index + 1, true);
    this.service.restore(snapshot.data, snapshot.index);
    this.commitIndex = this.applied = snapshot.index;
  }

  // ---- Replication, for the store service -------------------------------------------------------

  isLeader(): boolean {
    return this.leader !== undefined;
  }

  leaderHint(): NodeId | undefined {
    return this.leaderId ?? undefined;
  }

  propose(build: (index: number) => Command): Position | undefined {
    if (this.leader === undefined) return undefined;
    const index = this.leader.propose(build(this.log.lastIndex + 1));
    return { index, term: this.term };
  }

  /**
   * Membership change, for tests and tools: proposes `voters` if this replica leads and may change
   * the configuration now (see `Leader.changeVoters`). Scenarios use the `membership` option.
   */
  changeVoters(voters: readonly NodeId[]): boolean {
    let done = false;
    this.step(() => (done = this.leader?.changeVoters(voters) ?? false));
    return done;
  }

  readIndex(done: (index: number | undefined) => void): void {
    if (this.leader === undefined) done(undefined);
    else this.leader.reads.request(done);
  }
}
