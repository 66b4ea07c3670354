/**
 * A Raft replica ordering the store's commands. The node owns the term, the vote, the log and the
 * commit and apply indexes; elections are in `election.ts`, leading in `leader.ts`, follower-side
 * log handling in `follower.ts`. Every entry point runs as one *step* (protocols/kit/steps.ts): the
 * handler, then an fsync if it wrote anything (messages that depend on the write wait for it), then
 * a `replica.state` report if anything changed.
 */
import type { NodeContext, NodeId } from '../../sim/node.js';
import { assertNever } from '../../sim/errors.js';
import { Outbox, type Needs } from '../kit/outbox.js';
import { StateReporter, type ReplicaView } from '../kit/state-reporter.js';
import { Steps } from '../kit/steps.js';
import type { Command } from '../store/commands.js';
import type { OrderingNode, Position, ReplicatedService } from '../store/replication.js';
import { Elections, ELECTION, ELECTION_WAIT } from './election.js';
import { acceptAppend, acceptSnapshot } from './follower.js';
import { CHECK_QUORUM, HEARTBEAT, Leader, type LeaderHost } from './leader.js';
import { RaftLog, loadHardState, saveHardState } from './log.js';
import type { RaftMessage } from './messages.js';
import type { Mutants } from './mutants.js';
import type { RaftOptions } from './options.js';
import { logIndex, type Config, type EntryCommand, type LogIndex, type Snapshot, type Term } from './types.js';

export type Role = 'follower' | 'pre-candidate' | 'candidate' | 'leader';

export class RaftNode implements OrderingNode<RaftMessage>, LeaderHost {
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
  private readonly outbox: Outbox<RaftMessage>;
  private readonly reporter: StateReporter;
  private readonly steps: Steps;
  private readonly elections: Elections;
  /** Bumped by every truncation, so an fsync issued before one does not vouch for the new entries. */
  private logEpoch = 0;
  /** The `replica.state` extras, rebuilt only when they change (the reporter compares by identity). */
  private voteField: { readonly vote: NodeId | null } = { vote: null };
  private votersField: { readonly voters: readonly NodeId[] } | undefined;
  private readonly view: ReplicaView;

  constructor(
    readonly ctx: NodeContext<RaftMessage>,
    readonly service: ReplicatedService,
    readonly options: RaftOptions,
    readonly mutants: Mutants,
    private readonly initial: Config,
  ) {
    this.outbox = new Outbox(ctx);
    this.reporter = new StateReporter(ctx, () => service.digest());
    this.steps = new Steps(ctx, this.outbox, {
      beforeSync: () => {
        const epoch = this.logEpoch;
        const last = this.log.lastIndex;
        return () => this.durable(epoch, last);
      },
      report: () => this.report(),
    });
    this.elections = new Elections(this);
    this.view = replicaView(this);
  }

  // ---- the actor ----------------------------------------------------------------------------

  start(): void {
    this.steps.run(() => {
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

  message(from: NodeId, msg: RaftMessage): void {
    const before = this.steps.begin();
    this.receive(from, msg);
    this.steps.end(before);
  }

  timer(name: string): void {
    const before = this.steps.begin();
    if (name === ELECTION_WAIT) this.elections.waited();
    else if (name === ELECTION) this.elections.timeout();
    else if (name === HEARTBEAT) this.leader?.heartbeat();
    else if (name === CHECK_QUORUM) this.leader?.checkQuorum();
    this.steps.end(before);
  }

  step(fn: () => void): void {
    this.steps.run(fn);
  }

  // ---- the replica-state report -----------------------------------------------------------------

  private report(): void {
    if (this.voteField.vote !== this.vote) this.voteField = { vote: this.vote };
    const voters = this.log.config.voters;
    if (this.votersField?.voters !== voters) this.votersField = { voters };
    this.reporter.emit(this.view, this.voteField, this.votersField);
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
        this.send(from, { kind: 'raft.heartbeat-resp', term: this.term, ctx: msg.ctx }, 'state');
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
    this.outbox.stateWritten();
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

  // ---- Replication, for the store service ----------------------------------------------------

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
    this.steps.run(() => (done = this.leader?.changeVoters(voters) ?? false));
    return done;
  }

  readIndex(done: (index: number | undefined) => void): void {
    if (this.leader === undefined) done(undefined);
    else this.leader.reads.request(done);
  }
}

/** The node as its `replica.state` report reads it: a pre-candidate is a candidate in its pre-vote phase. */
function replicaView(node: RaftNode): ReplicaView {
  return {
    get role() {
      return node.role === 'pre-candidate' ? 'candidate' : node.role;
    },
    get phase() {
      return node.role === 'pre-candidate' ? 'pre-vote' : undefined;
    },
    get era() {
      return node.term;
    },
    get leader() {
      return node.leaderId;
    },
    get commit() {
      return node.commitIndex;
    },
    get applied() {
      return node.applied;
    },
    get last() {
      return node.log.lastIndex;
    },
    get snapIndex() {
      return node.log.snapshotIndex;
    },
    get snapEra() {
      return node.log.snapshotTerm;
    },
    eraAt: (position) => node.log.termAt(position)!,
  };
}
