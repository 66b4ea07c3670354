/**
 * A Multi-Paxos replica ordering the store's commands: acceptor, learner, and (when it leads)
 * proposer, in one actor. The node owns the promise, the slots, and the chosen and applied
 * positions; the acceptor's handlers are in `acceptor.ts`, phase 1 in `candidacy.ts`, phase 2 and
 * everything a leader keeps in `leader.ts`, learning and catch-up on a follower in `learner.ts`.
 * Every entry point runs as one *step* (protocols/kit/steps.ts): the handler, then one fsync if it
 * wrote (replies that promise what was written wait for it), then a `replica.state` report.
 */
import type { NodeContext, NodeId } from '../../sim/node.js';
import type { Time } from '../../sim/time.js';
import { assertNever } from '../../sim/errors.js';
import { Outbox, type Needs } from '../kit/outbox.js';
import { StateReporter, type ReplicaView } from '../kit/state-reporter.js';
import { Steps } from '../kit/steps.js';
import type { Command } from '../store/commands.js';
import type { OrderingNode, Position, ReplicatedService } from '../store/replication.js';
import { acceptValues, answerPrepare, follow, promiseOf } from './acceptor.js';
import { NO_BALLOT, roundOf, type Ballot, type Proposers, type Snapshot, type Value } from './ballot.js';
import { Candidacy } from './candidacy.js';
import { FAILURE, FAILURE_WAIT, FailureDetector } from './failure.js';
import { HEARTBEAT, Leader } from './leader.js';
import { commitUpTo, learnValues } from './learner.js';
import { SlotLog, loadPromised, savePromised } from './log.js';
import type { PaxosMessage } from './messages.js';
import type { Mutants } from './mutants.js';
import type { PaxosOptions } from './options.js';

export type Role = 'follower' | 'candidate' | 'leader';

export class PaxosNode implements OrderingNode<PaxosMessage> {
  /** The acceptor's promise: prepares and accepts of lower ballots are refused. Also the era reported. */
  promised: Ballot = NO_BALLOT;
  /**
   * The highest ballot promised in a reply that has left this replica, so that others may count on
   * it (what the report calls `promised`). It trails `promised` by the fsync a reply waits for.
   */
  answered: Ballot = NO_BALLOT;
  /** The highest ballot heard of (refusals included): a new candidacy takes a round above it. */
  highestSeen: Ballot = NO_BALLOT;
  role: Role = 'follower';
  leaderId: NodeId | null = null;
  /** Local time the leader was last heard from: until a failure timeout later, other ballots wait. */
  lastHeard = -Infinity;
  /** With lease reads, a restarted acceptor promises nothing new until then (a lease may count on it). */
  quietUntil = -Infinity;
  log!: SlotLog;
  /** Every slot up to here is known chosen (the first unchosen slot is `commit + 1`). */
  commit = 0;
  applied = 0;
  /** The commit the leader of `promised` last told this follower, and how far its slots were matched against it. */
  leaderCommit = 0;
  checkedUpTo = 0;
  candidacy: Candidacy | undefined;
  leader: Leader | undefined;
  readonly failure: FailureDetector;
  readonly quorum: number;
  private readonly outbox: Outbox<PaxosMessage>;
  private readonly reporter: StateReporter;
  private readonly steps: Steps;
  /** What waits for the writes of the steps since the last fsync was issued. */
  private afterSync: (() => void)[] = [];
  private answering: Ballot = NO_BALLOT;
  private readonly view: ReplicaView;
  /**
   * The report's Paxos fields: the ballot (the era, as `round.node`), the promise others may count
   * on (as text, and as an era for checks), the first slot not known chosen. Rebuilt only when one
   * changes (the reporter compares them by identity).
   */
  private extras: { readonly ballot: string; readonly promised: string; readonly promisedEra: number; readonly firstUnchosen: number } | undefined;
  private extrasEra: Ballot = NO_BALLOT;

  constructor(
    readonly ctx: NodeContext<PaxosMessage>,
    readonly service: ReplicatedService,
    readonly options: PaxosOptions,
    readonly mutants: Mutants,
    readonly proposers: Proposers,
  ) {
    this.quorum = Math.floor(proposers.size / 2) + 1;
    this.outbox = new Outbox(ctx);
    this.reporter = new StateReporter(ctx, () => service.digest());
    this.steps = new Steps(ctx, this.outbox, { beforeSync: () => this.synced(), report: () => this.report() });
    this.failure = new FailureDetector(ctx, options.failureTimeout, () => this.suspect());
    this.view = replicaView(this);
  }

  // ---- the actor ----------------------------------------------------------------------------

  start(): void {
    this.steps.run(() => {
      this.promised = this.answered = this.highestSeen = loadPromised(this.ctx.disk);
      this.log = new SlotLog(this.ctx.disk);
      const snapshot = this.log.snapshot;
      if (snapshot !== undefined) this.service.restore(snapshot.data, snapshot.index);
      this.commit = this.applied = this.checkedUpTo = this.log.snapshotIndex;
      if (this.options.readBarrier === 'lease') this.quietUntil = this.ctx.now() + this.options.failureTimeout;
      this.advanceCommit();
      this.failure.reset();
    });
  }

  message(from: NodeId, msg: PaxosMessage): void {
    const before = this.steps.begin();
    this.receive(from, msg);
    this.steps.end(before);
  }

  timer(name: string): void {
    const before = this.steps.begin();
    if (name === FAILURE_WAIT) this.failure.waited();
    else if (name === FAILURE) this.suspect();
    else if (name === HEARTBEAT) {
      if (this.leader !== undefined) this.leader.heartbeat();
      else if (this.candidacy !== undefined) this.candidacy.resend();
    }
    this.steps.end(before);
  }

  step(fn: () => void): void {
    this.steps.run(fn);
  }

  private receive(from: NodeId, msg: PaxosMessage): void {
    switch (msg.kind) {
      case 'paxos.prepare':
        answerPrepare(this, from, msg);
        return;
      case 'paxos.promise':
        if (this.candidacy?.count(from, msg) === true) this.becomeLeader();
        return;
      case 'paxos.accept':
        if (follow(this, from, msg.ballot)) acceptValues(this, from, msg);
        return;
      case 'paxos.heartbeat':
        if (!follow(this, from, msg.ballot)) return;
        commitUpTo(this, msg.commit);
        this.answer(msg.ballot);
        this.send(from, { kind: 'paxos.heartbeat-ack', ballot: msg.ballot, round: msg.round, commit: this.commit, told: msg.commit }, this.replyNeeds);
        return;
      case 'paxos.commit':
        if (!follow(this, from, msg.ballot)) return;
        learnValues(this, msg.slot, msg.values, msg.ballot);
        commitUpTo(this, msg.commit);
        this.send(from, { kind: 'paxos.learned', ballot: msg.ballot, commit: this.commit }, 'none');
        return;
      case 'paxos.snapshot':
        if (!follow(this, from, msg.ballot)) return;
        this.installSnapshot(msg.snapshot);
        this.send(from, { kind: 'paxos.learned', ballot: msg.ballot, commit: this.commit }, 'none');
        return;
      case 'paxos.nack':
        if (msg.promised > this.highestSeen) this.highestSeen = msg.promised;
        if (this.role !== 'follower' && msg.ballot === this.promised && msg.promised > this.promised) this.stepDown();
        return;
      case 'paxos.accepted':
        if (this.leader !== undefined && msg.ballot === this.promised) this.leader.onAccepted(from, msg);
        return;
      case 'paxos.heartbeat-ack':
        if (this.leader !== undefined && msg.ballot === this.promised) this.leader.onHeartbeatAck(from, msg);
        return;
      case 'paxos.learned':
        if (this.leader !== undefined && msg.ballot === this.promised) this.leader.onLearned(from, msg);
        return;
      default:
        assertNever(msg, 'paxos message');
    }
  }

  // ---- durability ---------------------------------------------------------------------------

  send(to: NodeId, msg: PaxosMessage, needs: Needs): void {
    this.outbox.send(to, msg, needs);
  }

  /** What an acceptor's reply waits for: its promise and acceptances on disk (mutant P1: nothing). */
  get replyNeeds(): Needs {
    return this.mutants.has('P1') ? 'none' : 'state';
  }

  /** An acceptor's promise or acceptance was just written: replies that promise it wait for the fsync. */
  acceptorWrote(): void {
    this.outbox.stateWritten();
  }

  /** Runs `fn` once this step's writes are on disk (mutant P1: at once). Call it only after a write. */
  whenDurable(fn: () => void): void {
    if (this.mutants.has('P1')) fn();
    else this.afterSync.push(fn);
  }

  /** A reply that says this acceptor holds `b` is on its way out (see `answered`). */
  answer(b: Ballot): void {
    if (this.mutants.has('P1')) {
      if (b > this.answered) this.answered = b;
    } else if (b > this.answering) this.answering = b;
  }

  /** The step wrote or holds replies and is about to fsync: what becomes true once it completes. */
  private synced(): () => void {
    const fns = this.afterSync;
    const answering = this.answering;
    if (fns.length === 0 && answering === NO_BALLOT) return noop;
    this.afterSync = [];
    this.answering = NO_BALLOT;
    return () => {
      if (answering > this.answered) this.answered = answering;
      for (const fn of fns) fn();
    };
  }

  // ---- ballots and roles --------------------------------------------------------------------

  /** Promises `b` (higher than any promise so far) and writes it. What a leader said was chosen was for an older ballot. */
  promise(b: Ballot): void {
    this.promised = b;
    if (b > this.highestSeen) this.highestSeen = b;
    this.leaderCommit = 0;
    this.checkedUpTo = this.commit;
    savePromised(this.ctx.disk, b);
    this.acceptorWrote();
  }

  /** Whether a prepare of a higher ballot from `from` must wait: this replica follows a live leader. */
  holdsOff(from: NodeId): boolean {
    if (this.role === 'leader') return true;
    const now = this.ctx.now();
    if (now < this.quietUntil) return true;
    return this.leaderId !== null && from !== this.leaderId && now - this.lastHeard < this.options.failureTimeout;
  }

  /** No leader heard for a failure timeout (or the timer was fired): run phase 1, unless leading. */
  private suspect(): void {
    if (this.role === 'leader') return;
    const round = roundOf(this.highestSeen > this.promised ? this.highestSeen : this.promised) + 1;
    const b = this.proposers.ballot(round, this.ctx.id);
    this.stepDown();
    this.promise(b);
    this.role = 'candidate';
    const candidacy = new Candidacy(this, b, this.commit + 1);
    this.candidacy = candidacy;
    // Our own promise counts once it is on disk, like anyone's.
    this.whenDurable(() => {
      if (this.candidacy === candidacy && candidacy.count(this.ctx.id, promiseOf(this, b, candidacy.from))) this.becomeLeader();
    });
    candidacy.resend();
  }

  private becomeLeader(): void {
    const candidacy = this.candidacy!;
    this.candidacy = undefined;
    this.role = 'leader';
    this.leaderId = this.ctx.id;
    this.failure.stop();
    this.leader = new Leader(this, candidacy);
    this.service.leadershipChanged(true);
    this.leader.start();
  }

  /** Leaves candidacy or leadership (if any) and waits for a leader. */
  stepDown(): void {
    const wasLeader = this.leader !== undefined;
    if (this.leader !== undefined) {
      this.leader.stop();
      this.leader = undefined;
    }
    if (this.role !== 'follower') this.ctx.cancelTimer(HEARTBEAT);
    this.candidacy = undefined;
    this.role = 'follower';
    this.leaderId = null;
    if (wasLeader) this.service.leadershipChanged(false);
    this.failure.reset();
  }

  // ---- learning and applying ----------------------------------------------------------------

  /** The entry at `slot` changed value (or appeared): the next report carries the log from there. */
  logChanged(slot: number): void {
    this.reporter.logChanged(slot);
  }

  /** The leader counted a majority of acceptances for `slot`: its value is chosen. */
  decide(slot: number): void {
    this.log.markChosen(slot);
    if (this.ctx.traced) this.ctx.trace('paxos.chosen', { slot, value: this.log.originAt(slot), ballot: this.promised });
    this.advanceCommit();
  }

  /** Installs a snapshot of chosen slots if it reaches past what this replica knows chosen. */
  installSnapshot(snapshot: Snapshot): void {
    if (snapshot.index <= this.commit) return;
    this.log.install(snapshot);
    this.service.restore(snapshot.data, snapshot.index);
    this.commit = this.applied = snapshot.index;
    if (this.checkedUpTo < snapshot.index) this.checkedUpTo = snapshot.index;
    this.advanceCommit();
  }

  /** Moves the chosen prefix over every slot known chosen, and applies it. */
  advanceCommit(): void {
    const before = this.commit;
    while (this.log.isChosen(this.commit + 1) && this.commit < this.log.last) this.commit++;
    if (this.commit === before) return;
    this.leader?.committed();
    while (this.applied < this.commit) {
      const slot = this.applied + 1;
      const value: Value = this.log.at(slot)!.value;
      this.applied = slot;
      this.service.apply(slot, value.origin, value.cmd);
    }
    this.maybeSnapshot();
  }

  private maybeSnapshot(): void {
    const every = this.options.snapshotEvery;
    if (every === 0 || this.applied - this.log.snapshotIndex < every) return;
    this.log.compact({ index: this.applied, origin: this.log.at(this.applied)!.value.origin, data: this.service.snapshot() });
  }

  // ---- the replica-state report -------------------------------------------------------------

  private report(): void {
    if (!this.ctx.traced) {
      this.reporter.emit(this.view);
      return;
    }
    const e = this.extras;
    if (e === undefined || this.extrasEra !== this.promised || e.promisedEra !== this.answered || e.firstUnchosen !== this.commit + 1) {
      this.extrasEra = this.promised;
      this.extras = { ballot: this.proposers.text(this.promised), promised: this.proposers.text(this.answered), promisedEra: this.answered, firstUnchosen: this.commit + 1 };
    }
    this.reporter.emit(this.view, this.extras);
  }

  // ---- Replication, for the store service ---------------------------------------------------

  isLeader(): boolean {
    return this.leader !== undefined;
  }

  leaderHint(): NodeId | undefined {
    return this.leaderId ?? undefined;
  }

  propose(build: (index: number) => Command): Position | undefined {
    if (this.leader === undefined) return undefined;
    return { index: this.leader.propose(build), term: this.promised };
  }

  readIndex(done: (index: number | undefined) => void): void {
    if (this.leader === undefined) done(undefined);
    else this.leader.reads.request(done);
  }

  /** Local time, for leases and the failure detector. */
  now(): Time {
    return this.ctx.now();
  }
}

const noop = (): void => {};

/** The node as its `replica.state` report reads it: the era is the promised ballot (a leader's own). */
function replicaView(node: PaxosNode): ReplicaView {
  return {
    get role() {
      return node.role;
    },
    get phase() {
      return node.role === 'candidate' ? 'prepare' : undefined;
    },
    get era() {
      return node.promised;
    },
    get leader() {
      return node.leaderId;
    },
    get commit() {
      return node.commit;
    },
    get applied() {
      return node.applied;
    },
    get last() {
      return node.log.last;
    },
    get snapIndex() {
      return node.log.snapshotIndex;
    },
    get snapEra() {
      return node.log.snapshotOrigin;
    },
    eraAt: (slot) => node.log.originAt(slot),
  };
}
