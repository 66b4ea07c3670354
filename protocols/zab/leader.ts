/**
 * A leader's side of ZAB for one epoch (ZooKeeper's `Leader` and its `LearnerHandler`s):
 *
 * - discovery: collect FOLLOWERINFO from a quorum (itself included); the new epoch is one past the
 *   largest acceptedEpoch among them (`getEpochToPropose`; mutant Z3 takes its own last zxid's
 *   epoch instead), synced as its own acceptedEpoch before LEADERINFO goes out; then a quorum of
 *   ACKEPOCHs, refusing a learner whose (currentEpoch, last zxid) is ahead of its own
 *   (`waitForEpochAck`), and currentEpoch is written;
 * - synchronization: each learner gets the plan `decideSync` chooses (DIFF, TRUNC, TRUNC+DIFF or
 *   SNAP), the outstanding proposals, and NEWLEADER; with a quorum of NEWLEADER ACKs its whole
 *   history is committed, it reports itself leader, and sends UPTODATE;
 * - broadcast: PROPOSAL in zxid order, COMMIT once a quorum (itself counted only once on its own
 *   disk) has ACKed; a PING every half tick, and every tick the check that a quorum is still
 *   heard from within syncLimit ticks, or it goes back to election. Each step of discovery and
 *   synchronization must finish within initLimit ticks.
 *
 * Learners may join at any time: after the epoch is fixed they get LEADERINFO at once, after the
 * epoch is acknowledged they are synced at once, after it is established UPTODATE follows their ACK.
 */
import type { NodeId } from '../../sim/node.js';
import type { Command } from '../store/commands.js';
import { quorum, quorumValue } from '../kit/quorum.js';
import type { QuorumMessage } from './messages.js';
import type { ZabNode } from './node.js';
import { ReadRounds } from './reads.js';
import { type Handler, forwarding, forwardingAcked, syncLearner } from './learner-handler.js';
import { counterOf, epochOf, moreRecent, type StateSummary, type Zxid, zxid, zxidText } from './types.js';

/** Timer: half a tick passed: ping, and every other time check the quorum. */
export const TICK = 'zab.tick';
/** Timer: a step of discovery or synchronization ran out of initLimit ticks. */
export const INIT = 'zab.init';

type Phase = 'discovery' | 'synchronization' | 'broadcast';

/** A leader for one epoch: made when FLE elects this server, dropped when it goes back to LOOKING. */
export class Leader {
  phase: Phase = 'discovery';
  epoch: number | undefined;
  established = false;
  readonly reads: ReadRounds;
  private readonly handlers = new Map<NodeId, Handler>();
  private readonly connecting = new Map<NodeId, number>();
  private readonly electing = new Set<NodeId>();
  private electionFinished = false;
  private readonly newLeaderAcks = new Set<NodeId>();
  private selfAcked = false;
  private readonly summary: StateSummary;
  private counter = 0;
  /** The position of the epoch's first proposal. */
  private epochStart = 0;
  private tickSkip = true;
  private initDeadline = 0;

  constructor(private readonly node: ZabNode) {
    this.summary = { currentEpoch: node.currentEpoch, lastZxid: node.log.lastZxid };
    this.reads = new ReadRounds(node.id, node.voters, () => this.ping());
  }

  start(): void {
    this.connecting.set(this.node.id, this.node.acceptedEpoch);
    this.waitInit();
    this.maybeDecideEpoch();
  }

  stop(): void {
    const node = this.node;
    node.ctx.cancelTimer(TICK);
    node.ctx.cancelTimer(INIT);
    this.reads.fail();
    node.quorum.closeAll();
  }

  /** Whether a learner may connect: only voters. */
  accepts(from: NodeId): boolean {
    return from !== this.node.id && this.node.voters.includes(from);
  }

  /** The learner's connection is gone: so is its handler. */
  broken(peer: NodeId): void {
    this.handlers.delete(peer);
  }

  receive(from: NodeId, msg: QuorumMessage): void {
    const node = this.node;
    let h = this.handlers.get(from);
    if (msg.kind === 'zab.followerinfo') {
      if (h !== undefined) return;
      const now = node.ctx.now();
      h = { id: from, stage: 'info', peerLastZxid: zxid(0, 0), acked: 0, syncedTo: 0, deadline: now + (node.options.initLimit + node.options.syncLimit) * node.options.tickTime };
      this.handlers.set(from, h);
      // Discovery and synchronization may keep a learner quiet for up to initLimit ticks.
      node.quorum.setTimeout(from, node.options.initLimit * node.options.tickTime);
      this.followerInfo(h, msg.acceptedEpoch);
      return;
    }
    if (h === undefined) return;
    h.deadline = node.ctx.now() + node.options.syncLimit * node.options.tickTime;
    switch (msg.kind) {
      case 'zab.ackepoch':
        if (h.stage === 'ackepoch') this.ackEpoch(h, msg.currentEpoch, msg.lastZxid);
        return;
      case 'zab.ack':
        this.ack(h, msg.zxid);
        return;
      case 'zab.ping':
        if (h.stage === 'newleader' || h.stage === 'uptodate') this.reads.echo(from, msg.round);
        return;
      case 'zab.leaderinfo':
      case 'zab.diff':
      case 'zab.trunc':
      case 'zab.snap':
      case 'zab.newleader':
      case 'zab.uptodate':
      case 'zab.proposal':
      case 'zab.commit':
        return; // a learner's packets
    }
  }

  // ---- discovery ----------------------------------------------------------------------------

  private followerInfo(h: Handler, acceptedEpoch: number): void {
    if (this.epoch !== undefined) {
      this.leaderInfo(h);
      return;
    }
    h.stage = 'leaderinfo';
    this.connecting.set(h.id, acceptedEpoch);
    this.maybeDecideEpoch();
  }

  /** `getEpochToPropose`: a quorum has connected; the epoch is one past their largest acceptedEpoch. */
  private maybeDecideEpoch(): void {
    const node = this.node;
    if (this.epoch !== undefined || !this.hasQuorum(this.connecting)) return;
    const e = node.mutants.has('Z3') ? epochOf(node.log.lastZxid) + 1 : Math.max(...this.connecting.values()) + 1;
    this.epoch = e;
    node.setAcceptedEpoch(e);
    node.ctx.trace('zab.epoch', { epoch: e, from: [...this.connecting.keys()] });
    this.electing.add(node.id);
    this.waitInit();
    for (const h of this.handlers.values()) if (h.stage === 'leaderinfo') this.leaderInfo(h);
    this.maybeFinishElection();
  }

  private leaderInfo(h: Handler): void {
    h.stage = 'ackepoch';
    this.node.sendQuorum(h.id, { kind: 'zab.leaderinfo', epoch: this.epoch! }, 'all');
  }

  /** `waitForEpochAck`: count the learners that took the new epoch; refuse one ahead of us. */
  private ackEpoch(h: Handler, currentEpoch: number, lastZxid: Zxid): void {
    h.peerLastZxid = lastZxid;
    h.stage = 'acked';
    if (this.electionFinished) {
      this.sync(h);
      return;
    }
    if (currentEpoch !== -1) {
      if (moreRecent({ currentEpoch, lastZxid }, this.summary)) {
        this.node.ctx.trace('zab.ahead', { learner: h.id, currentEpoch, lastZxid: zxidText(lastZxid) });
        this.handlers.delete(h.id);
        this.node.quorum.close(h.id);
        return;
      }
      this.electing.add(h.id);
    }
    this.maybeFinishElection();
  }

  private maybeFinishElection(): void {
    const node = this.node;
    if (this.electionFinished || !this.hasQuorum(this.electing)) return;
    this.electionFinished = true;
    this.phase = 'synchronization';
    node.setCurrentEpoch(this.epoch!);
    // The leader acknowledges its own NEWLEADER once its epoch (and the history before it) is on disk.
    node.afterDurable(() => {
      if (node.leading !== this) return;
      this.selfAcked = true;
      this.maybeEstablish();
    });
    this.waitInit();
    for (const h of this.handlers.values()) if (h.stage === 'acked') this.sync(h);
  }

  // ---- synchronization ----------------------------------------------------------------------

  /** Sends a learner the plan `decideSync` picks, the outstanding proposals, and NEWLEADER. */
  private sync(h: Handler): void {
    const node = this.node;
    syncLearner(node, h, this.established ? node.commit : node.log.lastPosition, this.epoch!);
  }

  private ack(h: Handler, z: Zxid): void {
    if (counterOf(z) === 0) {
      if (h.stage !== 'syncing' || z !== zxid(this.epoch!, 0)) return;
      h.stage = 'newleader';
      this.node.quorum.setTimeout(h.id, this.node.options.syncLimit * this.node.options.tickTime);
      if (h.syncedTo > h.acked) h.acked = h.syncedTo;
      if (this.established) this.upToDate(h);
      else {
        this.newLeaderAcks.add(h.id);
        this.maybeEstablish();
      }
      this.maybeCommit();
      return;
    }
    if (!this.established || epochOf(z) !== this.epoch) return;
    const p = this.epochStart + counterOf(z) - 1;
    if (p > h.acked && this.node.log.zxidAt(p) === z) {
      h.acked = p;
      this.maybeCommit();
    }
  }

  /** `waitForNewLeaderAck`: with a quorum, the history is committed and the epoch established. */
  private maybeEstablish(): void {
    const node = this.node;
    if (this.established || !this.selfAcked || !this.hasQuorum(new Set([node.id, ...this.newLeaderAcks]))) return;
    this.established = true;
    this.phase = 'broadcast';
    this.epochStart = node.log.lastPosition + 1;
    node.ctx.cancelTimer(INIT);
    node.commitTo(node.log.lastPosition);
    node.updateVoteEpoch(this.epoch!);
    node.ctx.trace('zab.established', { epoch: this.epoch, history: zxidText(node.log.lastZxid), position: node.log.lastPosition });
    node.leadershipChanged(true);
    for (const h of this.handlers.values()) if (h.stage === 'newleader') this.upToDate(h);
    this.node.ctx.setTimer(TICK, node.options.tickTime / 2);
  }

  private upToDate(h: Handler): void {
    h.stage = 'uptodate';
    this.node.sendQuorum(h.id, { kind: 'zab.uptodate' }, 'all');
  }

  // ---- broadcast ----------------------------------------------------------------------------

  /** Proposes a command as the epoch's next zxid; returns its position. */
  propose(cmd: Command): number {
    const node = this.node;
    const txn = { zxid: zxid(this.epoch!, ++this.counter), by: node.id, cmd };
    node.appendTxns([txn]);
    for (const h of this.handlers.values()) if (forwarding(h)) node.sendQuorum(h.id, { kind: 'zab.proposal', txn }, 'none');
    this.maybeCommit();
    return node.log.lastPosition;
  }

  /** Its own log reached the disk further. */
  durable(): void {
    if (this.established) this.maybeCommit();
  }

  /** Commits the highest position a quorum has on disk (in order: ACKs come in order on each connection). */
  private maybeCommit(): void {
    const node = this.node;
    if (!this.established) return;
    const candidate = quorumValue(node.voters, (v) => (v === node.id ? node.durable : forwardingAcked(this.handlers.get(v))));
    if (candidate <= node.commit) return;
    node.commitTo(candidate);
    const z = node.log.zxidAt(candidate)!;
    for (const h of this.handlers.values()) if (forwarding(h)) node.sendQuorum(h.id, { kind: 'zab.commit', zxid: z }, 'none');
  }

  /** Every half tick: ping every learner past discovery; every tick, give up without a quorum. */
  tick(): void {
    const node = this.node;
    if (!this.established) return;
    if (!this.tickSkip) {
      const now = node.ctx.now();
      const synced = new Set([node.id]);
      for (const h of this.handlers.values()) if (now <= h.deadline) synced.add(h.id);
      if (!this.hasQuorum(synced)) {
        node.lookForLeader('not enough followers synced');
        return;
      }
    }
    this.tickSkip = !this.tickSkip;
    this.ping();
    node.ctx.setTimer(TICK, node.options.tickTime / 2);
  }

  /** A PING round to every learner past discovery (it also confirms waiting reads). */
  private ping(): void {
    const node = this.node;
    const round = this.reads.next();
    const msg = { kind: 'zab.ping', zxid: node.log.lastZxid, round } as const;
    for (const h of this.handlers.values()) if (forwarding(h)) node.sendQuorum(h.id, msg, 'none');
  }

  /** The INIT timer: a step of discovery or synchronization ran out of time. */
  initTimer(): void {
    const node = this.node;
    if (this.established) return;
    const left = this.initDeadline - node.ctx.now();
    if (left > 0) node.ctx.setTimer(INIT, left);
    else node.lookForLeader(`timed out in ${this.phase}${this.epoch === undefined ? '' : ` of epoch ${this.epoch}`}`);
  }

  private waitInit(): void {
    const node = this.node;
    const limit = node.options.initLimit * node.options.tickTime;
    this.initDeadline = node.ctx.now() + limit;
    node.ctx.setTimer(INIT, limit);
  }

  private hasQuorum(ids: ReadonlySet<NodeId> | ReadonlyMap<NodeId, unknown>): boolean {
    let n = 0;
    for (const v of this.node.voters) if (ids.has(v)) n++;
    return n >= quorum(this.node.voters);
  }
}
