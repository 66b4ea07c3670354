/**
 * A ZAB server ordering the store's commands: ZooKeeper's `QuorumPeer`. It is LOOKING (Fast Leader
 * Election, election.ts), FOLLOWING (learner.ts) or LEADING (leader.ts), and owns what outlives
 * each: the acceptedEpoch and currentEpoch files, the txn log and snapshots (log.ts), the commit and
 * apply positions, and its two channels of connections (protocols/kit/connection.ts): `election`
 * between every pair of servers (QuorumCnxManager) and `quorum` between a learner and its leader.
 *
 * Every entry point is one step of the kit's bracket (protocols/kit/steps.ts): the handler, then an
 * fsync if it wrote (messages that depend on a write wait for it, in order on their connection),
 * then a `replica.state` report if anything changed: role `candidate` while LOOKING and while a
 * prospective leader is in discovery and synchronization, `leader` once a quorum acknowledged its
 * epoch (at most one server can do that per epoch), `follower` otherwise; era is the epoch; ZAB's
 * own fields ride along (acceptedEpoch, currentEpoch, the last zxid, the sync kind, and the txns'
 * identities for ZAB's invariants).
 */
import type { NodeContext, NodeId } from '../../sim/node.js';
import { ConnectionOutbox } from '../kit/connection-outbox.js';
import { Connections } from '../kit/connection.js';
import type { Needs } from '../kit/outbox.js';
import { Steps } from '../kit/steps.js';
import type { Command } from '../store/commands.js';
import type { OrderingNode, Position, ReplicatedService } from '../store/replication.js';
import { Election, FINALIZE, NOTIFY, type Vote } from './election.js';
import { INIT, Leader, TICK } from './leader.js';
import { Learner, RETRY } from './learner.js';
import { ZabLog, loadEpochs, saveAcceptedEpoch, saveCurrentEpoch } from './log.js';
import type { ElectionMessage, Notification, QuorumMessage, ZabWire } from './messages.js';
import type { Mutants } from './mutants.js';
import type { ZabOptions } from './options.js';
import { ZabReport } from './report.js';
import { epochOf, type Snapshot, type Txn, zxidText } from './types.js';

/** What the server does now, and the state it keeps only while doing it. */
export type Role = { readonly kind: 'looking'; readonly election: Election } | { readonly kind: 'following'; readonly learner: Learner } | { readonly kind: 'leading'; readonly leader: Leader };

/** One ZAB server (see above): the store's `OrderingNode` and `Replication`. */
export class ZabNode implements OrderingNode<ZabWire> {
  readonly id: NodeId;
  acceptedEpoch = 0;
  currentEpoch = 0;
  log!: ZabLog;
  commit = 0;
  applied = 0;
  /** How far its own log is on disk (a leader counts itself only that far). */
  durable = 0;
  /** FLE's logical clock: the election round. */
  logicalclock = 0;
  /** The vote this server stands by while it follows or leads: what it tells LOOKING servers. */
  currentVote: Vote | undefined;
  role!: Role;
  readonly elections: Connections<ElectionMessage>;
  readonly quorum: Connections<QuorumMessage>;
  private readonly post: ConnectionOutbox;
  private readonly steps: Steps;
  private readonly report: ZabReport;
  private readonly sids = new Map<NodeId, number>();
  /** The last notification sent to each peer: resent when the connection to it breaks (QuorumCnxManager). */
  private readonly lastNotified = new Map<NodeId, Notification>();
  /** Bumped by every truncation, so an fsync issued before one does not vouch for the txns after it. */
  private logGeneration = 0;

  constructor(
    readonly ctx: NodeContext<ZabWire>,
    readonly service: ReplicatedService,
    readonly options: ZabOptions,
    readonly mutants: Mutants,
    readonly voters: readonly NodeId[],
  ) {
    this.id = ctx.id;
    voters.forEach((v, i) => this.sids.set(v, i + 1));
    const window = options.reorderWindow;
    // QuorumCnxManager: one connection per pair of servers, opened by the larger id; a broken one
    // is opened again and the last notification sent on it.
    this.elections = new Connections<ElectionMessage>(ctx, { channel: 'election', reorderWindow: window, timeout: Infinity, keepAlive: Infinity, pairing: 'larger-opens' }, {
      deliver: (from, n) => this.onNotification(from, n),
      broken: (peer) => this.resendNotification(peer, true),
      opened: (peer) => this.resendNotification(peer, false),
    });
    this.quorum = new Connections<QuorumMessage>(ctx, { channel: 'quorum', reorderWindow: window, timeout: options.syncLimit * options.tickTime, keepAlive: Infinity }, {
      deliver: (from, msg) => this.onQuorum(from, msg),
      broken: (peer, reason) => {
        if (this.role.kind === 'leading') this.role.leader.broken(peer);
        else if (this.role.kind === 'following' && this.role.learner.leader === peer) this.role.learner.broken(reason);
      },
      accept: (from) => this.role.kind === 'leading' && this.role.leader.accepts(from),
    });
    this.post = new ConnectionOutbox(ctx, [this.elections, this.quorum]);
    this.report = new ZabReport(this);
    this.steps = new Steps(ctx, this.post.outbox, {
      beforeSync: () => {
        const generation = this.logGeneration;
        const last = this.log.lastPosition;
        return () => this.synced(generation, last);
      },
      report: () => this.report.emit(),
    });
  }

  /** A server's id in FLE's order (its position among the voters, from 1). */
  readonly sid = (id: NodeId): number => this.sids.get(id) ?? 0;

  get learning(): Learner | undefined {
    return this.role.kind === 'following' ? this.role.learner : undefined;
  }

  get leading(): Leader | undefined {
    return this.role.kind === 'leading' ? this.role.leader : undefined;
  }

  // ---- the actor ------------------------------------------------------------------------------

  start(): void {
    this.steps.run(() => {
      const epochs = loadEpochs(this.ctx.disk);
      this.acceptedEpoch = epochs.accepted;
      this.currentEpoch = epochs.current;
      this.log = new ZabLog(this.ctx.disk);
      const snapshot = this.log.snapshot;
      if (snapshot.data !== undefined) this.service.restore(snapshot.data, snapshot.index);
      this.commit = this.applied = this.log.base;
      this.durable = this.log.lastPosition;
      this.lookForLeader('start');
    });
  }

  message(from: NodeId, msg: ZabWire): void {
    const before = this.steps.begin();
    if (this.quorum.owns(msg)) this.quorum.receive(from, msg);
    else if (this.elections.owns(msg)) this.elections.receive(from, msg);
    this.steps.end(before);
  }

  timer(name: string): void {
    const before = this.steps.begin();
    const role = this.role;
    switch (name) {
      case NOTIFY:
        if (role.kind === 'looking') role.election.notifyTimer(false);
        break;
      case FINALIZE:
        if (role.kind === 'looking') role.election.finalizeTimer();
        break;
      case TICK:
        this.leading?.tick();
        break;
      case INIT:
        this.leading?.initTimer();
        break;
      case RETRY:
        this.learning?.retryTimer();
        break;
      default:
        if (!this.quorum.timerFired(name)) this.elections.timerFired(name);
    }
    this.steps.end(before);
  }

  step(fn: () => void): void {
    this.steps.run(fn);
  }

  // ---- roles ----------------------------------------------------------------------------------

  /** Back to LOOKING (from wherever it was) and a new round of FLE. */
  lookForLeader(reason: string): void {
    const was = this.role as Role | undefined;
    if (was?.kind === 'looking') return;
    if (was?.kind === 'leading') {
      was.leader.stop();
      if (was.leader.established) this.service.leadershipChanged(false);
    } else if (was?.kind === 'following') was.learner.stop();
    if (was !== undefined) this.ctx.trace('zab.looking', { reason });
    this.currentVote = undefined;
    const election = new Election(this);
    this.role = { kind: 'looking', election };
    election.start();
  }

  /** FLE decided: lead, or follow the winner. */
  elected(vote: Vote): void {
    this.currentVote = vote;
    this.ctx.trace('zab.elected', { leader: vote.leader, zxid: zxidText(vote.zxid), peerEpoch: vote.peerEpoch, round: vote.electionEpoch });
    if (vote.leader === this.id) {
      const leader = new Leader(this);
      this.role = { kind: 'leading', leader };
      leader.start();
    } else {
      const learner = new Learner(this, vote.leader);
      this.role = { kind: 'following', learner };
      learner.start();
    }
  }

  /** The epoch is established here (as leader, or at UPTODATE): the vote it stands by carries it (ZOOKEEPER-1732). */
  updateVoteEpoch(epoch: number): void {
    if (this.currentVote !== undefined) this.currentVote = { ...this.currentVote, peerEpoch: epoch };
  }

  leadershipChanged(leading: boolean): void {
    this.service.leadershipChanged(leading);
  }

  // ---- channels -------------------------------------------------------------------------------

  /** Sends a notification on the election channel, connecting first if need be. */
  notify(peer: NodeId, n: Notification): void {
    if (!this.elections.isOpen(peer)) this.elections.connect(peer);
    this.post.send(this.elections, peer, n, 'none');
    this.lastNotified.set(peer, n);
  }

  sendQuorum(peer: NodeId, msg: QuorumMessage, needs: Needs): void {
    this.post.send(this.quorum, peer, msg, needs);
  }

  private onNotification(from: NodeId, n: Notification): void {
    const role = this.role;
    if (role.kind === 'looking') role.election.receive(from, n);
    else if (n.state === 'looking' && this.currentVote !== undefined) {
      // A server that follows or leads answers a LOOKING one with the vote it stands by.
      this.notify(from, { kind: 'zab.notification', ...this.currentVote, state: role.kind === 'leading' ? 'leading' : 'following' });
    }
  }

  /** A connection to `peer` broke (reconnect) or opened: the last notification goes (again) on it. */
  private resendNotification(peer: NodeId, reconnect: boolean): void {
    const last = this.lastNotified.get(peer);
    if (last !== undefined && (reconnect || this.elections.isOpen(peer))) this.notify(peer, last);
  }

  private onQuorum(from: NodeId, msg: QuorumMessage): void {
    const role = this.role;
    if (role.kind === 'leading') role.leader.receive(from, msg);
    else if (role.kind === 'following' && role.learner.leader === from) role.learner.receive(msg);
  }

  // ---- durable state --------------------------------------------------------------------------

  setAcceptedEpoch(epoch: number): void {
    this.acceptedEpoch = epoch;
    saveAcceptedEpoch(this.ctx.disk, epoch);
    this.post.stateWritten();
  }

  setCurrentEpoch(epoch: number): void {
    this.currentEpoch = epoch;
    saveCurrentEpoch(this.ctx.disk, epoch);
    this.post.stateWritten();
  }

  /** Runs `fn`, as a step, once everything written so far is on disk. */
  afterDurable(fn: () => void): void {
    this.ctx.disk.sync(() => this.steps.run(fn));
  }

  /** Appends txns whose zxids continue the log's; false (nothing appended) if one does not. */
  appendTxns(txns: readonly Txn[]): boolean {
    let last = this.log.lastZxid;
    for (const t of txns) {
      if (t.zxid <= last) return false;
      last = t.zxid;
    }
    if (txns.length === 0) return true;
    this.report.logChanged(this.log.lastPosition + 1);
    this.log.append(txns);
    return true;
  }

  truncateAfter(position: number): void {
    if (position >= this.log.lastPosition) return;
    this.log.truncateAfter(position);
    this.truncated(position + 1);
  }

  /** Replaces the log by a leader's snapshot; the state machine takes it if it is ahead of what was applied. */
  installSnapshot(snapshot: Snapshot): void {
    this.log.install(snapshot);
    this.truncated(snapshot.index + 1);
    if (snapshot.data !== undefined && snapshot.index > this.applied) {
      this.service.restore(snapshot.data, snapshot.index);
      this.applied = snapshot.index;
      if (this.commit < snapshot.index) this.commit = snapshot.index;
    }
  }

  private truncated(from: number): void {
    this.report.logChanged(from);
    this.logGeneration++;
    if (this.durable >= from) this.durable = from - 1;
  }

  private synced(generation: number, last: number): void {
    if (generation !== this.logGeneration || last <= this.durable) return;
    this.durable = Math.min(last, this.log.lastPosition);
    this.leading?.durable();
  }

  /** Commits (delivers) the log up to `position` and applies it, in order. */
  commitTo(position: number): void {
    const upTo = Math.min(position, this.log.lastPosition);
    if (upTo <= this.commit) return;
    this.commit = upTo;
    while (this.applied < this.commit) {
      const p = this.applied + 1;
      const txn = this.log.txnAt(p);
      this.applied = p;
      this.service.apply(p, epochOf(txn.zxid), txn.cmd);
    }
    this.maybeSnapshot();
  }

  private maybeSnapshot(): void {
    const every = this.options.snapshotEvery;
    if (every === 0 || this.applied - this.log.base < every) return;
    const p = this.applied;
    this.log.compact({ index: p, zxid: this.log.zxidAt(p)!, id: this.log.idAt(p), data: this.service.snapshot() });
  }

  // ---- Replication, for the store service -----------------------------------------------------

  isLeader(): boolean {
    return this.leading?.established === true;
  }

  leaderHint(): NodeId | undefined {
    if (this.role.kind === 'following') return this.role.learner.leader;
    return this.isLeader() ? this.id : undefined;
  }

  propose(build: (index: number) => Command): Position | undefined {
    const leader = this.leading;
    if (leader?.established !== true) return undefined;
    const index = leader.propose(build(this.log.lastPosition + 1));
    return { index, term: leader.epoch! };
  }

  readIndex(done: (index: number | undefined) => void): void {
    const leader = this.leading;
    if (leader?.established !== true) done(undefined);
    else if (this.mutants.has('Z4')) done(this.log.lastPosition);
    else leader.reads.request(done, this.commit);
  }
}
