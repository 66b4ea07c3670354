/**
 * What a replica keeps and does only while it leads one ballot (phase 2, "Paxos Made Moderately
 * Complex"'s commanders, with Lamport's stable leader that skips phase 1 while its ballot holds):
 *
 * - Recovery, on taking office: every slot from the first it does not know chosen up to the highest
 *   any promise reported is proposed again in its ballot, with the highest-ballot value reported
 *   for it, or a no-op where none was (so later slots can execute). New commands go after that.
 *   Mutant P2 proposes its own value (what it accepted itself, else a no-op) instead; mutant P4
 *   stops recovering at the end of its own log and puts new commands right after it.
 * - Proposals: the leader accepts its own proposal (counted once on disk) and sends it to every
 *   acceptor; a slot is chosen once a majority accepted it in this ballot. Accepts an acceptor has
 *   not acknowledged by the next heartbeat go again, so losses only cost time.
 * - Learning: `commit` rides on accepts and heartbeats; a follower that reports a chosen prefix
 *   short of what it was told gets the chosen values (catch-up), or a snapshot when the leader has
 *   compacted them away.
 * - Heartbeats every interval, which double as read-barrier rounds (reads.ts). A leader that has
 *   heard from no majority for two failure timeouts steps down (Raft's CheckQuorum window).
 */
import type { NodeId } from '../../sim/node.js';
import type { Time } from '../../sim/time.js';
import type { Command } from '../store/commands.js';
import { count, noop, type Ballot, type Value } from './ballot.js';
import type { Candidacy } from './candidacy.js';
import type { Accepted, HeartbeatAck, Learned } from './messages.js';
import type { PaxosNode } from './node.js';
import { ReadBarrier } from './reads.js';

export const HEARTBEAT = 'paxos.heartbeat';

interface Peer {
  readonly id: NodeId;
  readonly bit: number;
  /** Local time an answer of this ballot last came from it. */
  heard: Time;
  /** Local time a snapshot last went to it (one per failure timeout at most). */
  snapshotAt: Time;
}

export class Leader {
  readonly ballot: Ballot;
  readonly reads: ReadBarrier;
  /** The next free slot. */
  private next = 0;
  /** The last slot recovered on taking office: reads wait until it is chosen. */
  private recoveryEnd = 0;
  /** Proposals not yet known chosen: slot → the acceptors (bits) that accepted it in this ballot. */
  private readonly pending = new Map<number, number>();
  /** Slots proposed before the latest heartbeat: the ones an acceptor that has not acknowledged gets again. */
  private resendUpTo = 0;
  private readonly peers: Peer[];
  private readonly selfBit: number;
  private readonly since: Time;

  constructor(
    private readonly node: PaxosNode,
    private readonly candidacy: Candidacy,
  ) {
    this.ballot = node.promised;
    this.reads = new ReadBarrier(node, (round) => this.broadcastHeartbeat(round));
    const p = node.proposers;
    this.peers = p.sorted.filter((id) => id !== node.ctx.id).map((id) => ({ id, bit: p.bit(id), heard: -Infinity, snapshotAt: -Infinity }));
    this.selfBit = p.bit(node.ctx.id);
    this.since = node.now();
  }

  /** Takes office: recovery proposals, a heartbeat round, the heartbeat timer. */
  start(): void {
    const node = this.node;
    const log = node.log;
    const from = node.commit + 1;
    const end = node.mutants.has('P4') ? Math.max(this.candidacy.ownLast, node.commit) : Math.max(this.candidacy.lastReported, log.last);
    for (let slot = from; slot <= end; slot++) {
      if (log.isChosen(slot)) continue;
      const reported = node.mutants.has('P2') ? log.at(slot) : this.candidacy.valueAt(slot);
      this.acceptOwn(slot, reported?.value ?? noop(this.ballot));
    }
    this.next = Math.max(end, node.commit) + 1;
    this.recoveryEnd = end;
    if (this.pending.size > 0) this.whenOwnDurable(from, end);
    for (const peer of this.peers) this.sendPending(peer, from, end, Infinity);
    this.resendUpTo = this.next - 1;
    this.broadcastHeartbeat(this.reads.nextRound());
    node.ctx.setTimer(HEARTBEAT, node.options.heartbeatInterval);
    this.committed();
  }

  /** Leaves office: pending reads fail, the heartbeat stops. */
  stop(): void {
    this.reads.fail();
    this.node.ctx.cancelTimer(HEARTBEAT);
  }

  /** Proposes the command `build` makes for the next free slot; returns the slot. */
  propose(build: (slot: number) => Command): number {
    const node = this.node;
    const slot = this.next++;
    const value: Value = { origin: this.ballot, cmd: build(slot) };
    this.acceptOwn(slot, value);
    this.whenOwnDurable(slot, slot);
    const msg = { kind: 'paxos.accept', ballot: this.ballot, slot, values: [value], commit: node.commit } as const;
    for (const peer of this.peers) node.send(peer.id, msg, 'none');
    return slot;
  }

  /** The leader's own acceptor accepts its proposal (a write, counted once durable). */
  private acceptOwn(slot: number, value: Value): void {
    const node = this.node;
    const had = node.log.at(slot);
    node.log.put(slot, { ballot: this.ballot, value, chosen: false });
    if (had?.value.origin !== value.origin) node.logChanged(slot);
    node.acceptorWrote();
    this.pending.set(slot, 0);
  }

  private whenOwnDurable(from: number, to: number): void {
    this.node.whenDurable(() => {
      if (this.node.leader !== this) return;
      for (let slot = from; slot <= to; slot++) this.ack(slot, this.selfBit);
    });
  }

  onAccepted(from: NodeId, m: Accepted): void {
    const peer = this.peer(from);
    if (peer === undefined) return;
    peer.heard = this.node.now();
    for (let slot = m.slot; slot < m.slot + m.count; slot++) this.ack(slot, peer.bit);
  }

  private ack(slot: number, bit: number): void {
    const mask = this.pending.get(slot);
    if (mask === undefined || (mask & bit) !== 0) return;
    const now = mask | bit;
    if (count(now) < this.node.quorum) {
      this.pending.set(slot, now);
      return;
    }
    this.pending.delete(slot);
    this.node.decide(slot);
  }

  /** The chosen prefix moved: once it covers the recovered slots, reads may be served. */
  committed(): void {
    if (this.node.commit >= this.recoveryEnd) this.reads.recovered();
  }

  /** Every heartbeat interval: step down without a majority, else a heartbeat round and retransmissions. */
  heartbeat(): void {
    const node = this.node;
    const now = node.now();
    if (now - this.since >= 2 * node.options.failureTimeout && !this.majorityHeard(now)) {
      node.stepDown();
      return;
    }
    this.broadcastHeartbeat(this.reads.nextRound());
    for (const peer of this.peers) this.sendPending(peer, 0, this.resendUpTo, node.options.maxBatch);
    this.resendUpTo = this.next - 1;
    node.ctx.setTimer(HEARTBEAT, node.options.heartbeatInterval);
  }

  /** Whether a majority (this leader included) answered within the last two failure timeouts (Raft's CheckQuorum window). */
  private majorityHeard(now: Time): boolean {
    let heard = 1;
    for (const peer of this.peers) if (now - peer.heard < 2 * this.node.options.failureTimeout) heard++;
    return heard >= this.node.quorum;
  }

  private broadcastHeartbeat(round: number): void {
    const node = this.node;
    for (const peer of this.peers) node.send(peer.id, { kind: 'paxos.heartbeat', ballot: this.ballot, commit: node.commit, round }, 'none');
  }

  /**
   * Sends `peer` the pending proposals in [from, to] it has not acknowledged, in runs of
   * consecutive slots of at most maxBatch each, `limit` slots in all.
   */
  private sendPending(peer: Peer, from: number, to: number, limit: number): void {
    const node = this.node;
    const log = node.log;
    const batch = node.options.maxBatch;
    let first = 0;
    let values: Value[] = [];
    const flush = (): void => {
      if (values.length > 0) node.send(peer.id, { kind: 'paxos.accept', ballot: this.ballot, slot: first, values, commit: node.commit }, 'none');
      values = [];
    };
    let sent = 0;
    for (const [slot, mask] of this.pending) {
      if (slot < from || (mask & peer.bit) !== 0) continue;
      if (slot > to || sent >= limit) break;
      if (values.length > 0 && (slot !== first + values.length || values.length >= batch)) flush();
      if (values.length === 0) first = slot;
      values.push(log.at(slot)!.value);
      sent++;
    }
    flush();
  }

  onHeartbeatAck(from: NodeId, m: HeartbeatAck): void {
    const peer = this.peer(from);
    if (peer === undefined) return;
    peer.heard = this.node.now();
    this.reads.ack(from, m.round);
    if (m.commit < m.told) this.catchUp(peer, m.commit);
  }

  onLearned(from: NodeId, m: Learned): void {
    const peer = this.peer(from);
    if (peer === undefined) return;
    peer.heard = this.node.now();
    if (m.commit < this.node.commit) this.catchUp(peer, m.commit);
  }

  /** Sends a follower whose chosen prefix ends at `commit` the chosen values after it, or a snapshot. */
  private catchUp(peer: Peer, commit: number): void {
    const node = this.node;
    const log = node.log;
    if (commit < log.snapshotIndex) {
      const now = node.now();
      if (now - peer.snapshotAt < node.options.failureTimeout) return;
      peer.snapshotAt = now;
      node.send(peer.id, { kind: 'paxos.snapshot', ballot: this.ballot, snapshot: log.snapshot! }, 'none');
      return;
    }
    const upTo = Math.min(node.commit, commit + node.options.maxBatch);
    if (upTo <= commit) return;
    const values: Value[] = [];
    for (let slot = commit + 1; slot <= upTo; slot++) values.push(log.at(slot)!.value);
    node.send(peer.id, { kind: 'paxos.commit', ballot: this.ballot, slot: commit + 1, values, commit: node.commit }, 'none');
  }

  private peer(id: NodeId): Peer | undefined {
    for (const p of this.peers) if (p.id === id) return p;
    return undefined;
  }

  /** For tests: the slot the next proposal takes. */
  get nextSlot(): number {
    return this.next;
  }

  /** For tests and the viewer: how many proposals await a majority. */
  get undecided(): number {
    return this.pending.size;
  }

  /** For tests: whether every recovered slot is chosen (reads may be served). */
  get recovered(): boolean {
    return this.node.commit >= this.recoveryEnd;
  }
}
