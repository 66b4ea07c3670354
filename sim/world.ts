import { type KernelPort, buildContext } from './context.js';
import type { Disk, DiskOptions } from './disk.js';
import type { PendingSync } from './fsync.js';
import { SimConfigError } from './errors.js';
import { History, traceHistoryOp } from './history.js';
import { type Distribution, constant, validateDistribution } from './latency.js';
import { type Network, Network as NetworkImpl, type LinkOptions } from './network.js';
import type { Actor, GroupName, Message, NodeId, RequestMessage } from './node.js';
import { EventQueue } from './queue.js';
import { REPLICA_STATE, REPLICA_STATE_FIELDS, type ReplicaState } from './replica-state.js';
import { Rng } from './rng.js';
import type { MessageRule } from './rules.js';
import type { Time } from './time.js';
import { Post } from './post.js';
import { CALL, DELIVER, DETACHED, type Ev, SYNC, Slot, TIMER, callEvent, syncEvent } from './slot.js';
import { Trace } from './trace.js';
import { type ActorSpec, type GroupSpec, type Runaway, type WorldOptions, type WorldStats, groupsOf } from './world-options.js';

export type { ClientContext } from './context.js';
export { requestMessage } from './node.js';
export { CLIENT_GROUP, REPLICA_GROUP, groupsOf } from './world-options.js';
export type { ActorSpec, ClientSpec, GroupSpec, ReplicaSpec, Runaway, WorldOptions, WorldStats } from './world-options.js';

/** Hears every state report of every replica, whatever the trace level. */
export type StateListener = (node: NodeId, state: ReplicaState) => void;

const DEFAULT_DISK: DiskOptions = { syncLatency: constant(0) };
const NO_MEMBERS: readonly NodeId[] = [];

/**
 * The simulated world: every node, the network between them, virtual time and the event queue.
 * It performs what actors ask through their contexts and the faults the nemesis injects, and
 * records the trace and the client history. Nothing in it reads the real world.
 */
export class World {
  readonly trace: Trace;
  readonly history = new History(
    () => this.clock,
    () => (this.running?.serves === undefined ? undefined : this.running.id),
  );
  /** The node whose step is running (the history names the client that invokes by it). */
  private running: Slot | undefined;
  readonly network: Network;
  readonly rng: Rng;
  private readonly slots: Slot[] = [];
  private readonly byId = new Map<NodeId, Slot>();
  /** Each group's members in join order; a list is replaced, never changed, when its group changes. */
  private readonly groups = new Map<GroupName, readonly NodeId[]>();
  private readonly serves = new Map<GroupName, GroupName | undefined>();
  private readonly queue = new EventQueue<Ev>();
  private readonly post: Post;
  private readonly port: KernelPort;
  private readonly diskLatency0: Distribution;
  private readonly stateListeners: StateListener[] = [];
  private clock: Time = 0;
  private events = 0;
  private started = false;
  private readonly startDown = new Set<NodeId>();
  private readonly maxPending: number;
  /** Set when the queue outgrew `maxPendingEvents`; the world then runs no further. */
  runaway: Runaway | undefined;

  constructor(options: WorldOptions) {
    this.rng = Rng.fromSeed(options.seed);
    this.trace = new Trace(options.trace);
    const disk = { ...DEFAULT_DISK, ...options.disk };
    validateDistribution(disk.syncLatency, 'disk.syncLatency');
    this.diskLatency0 = disk.syncLatency;
    const groups = groupsOf(options);
    if (groups.every((g) => g.members.length === 0)) throw new SimConfigError('world: at least one actor is required');
    for (const g of groups) this.declareGroup(g);
    for (const g of groups) {
      for (const [i, m] of g.members.entries()) this.addSlot(g.name, m, `${g.name}[${i}]`);
    }
    this.network = new NetworkImpl(
      this.slots.map((s) => s.id),
      options.network ?? {},
      this.rng.fork('network'),
    );
    this.post = new Post(this.slots, this.byId, this.network, this.trace, this, this.queue);
    this.port = {
      history: this.history,
      members: (group) => this.groups.get(group) ?? NO_MEMBERS,
      now: () => this.clock,
      send: (from, to, msg) => this.post.send(from, to, msg),
      schedule: (ev, at) => this.push(ev, at),
      sync: (slot, onDurable) => this.sync(slot, onDurable),
      emit: (kind, node, data) => this.emit(kind, node, data),
      reportState: (slot, state, extra) => this.reportState(slot, state, extra),
      traced: this.trace.records('state'),
    };
    for (const slot of this.slots) slot.ctx = buildContext(slot, this.port);
    this.history.onRecord = (op) => traceHistoryOp(this.trace, this.clock, op);
    this.maxPending = options.maxPendingEvents ?? 2_000_000;
  }

  /** Current virtual (true) time. */
  get now(): Time {
    return this.clock;
  }

  // ---- running ----------------------------------------------------------------------------

  /** Starts every node (group by group, in declaration order). Idempotent. */
  start(): void {
    if (this.started) return;
    this.started = true;
    for (const slot of this.slots) if (!this.startDown.has(slot.id)) this.boot(slot, 'node.start');
  }

  /** Runs events up to and including time `until`, then sets the clock to `until`. */
  run(until: Time): void {
    this.start();
    if (this.runaway) return;
    for (;;) {
      const next = this.queue.peek();
      if (next === undefined || next.time > until) break;
      this.queue.pop();
      this.dispatch(next);
      if (this.queue.size > this.maxPending) {
        this.runaway = { at: this.clock, pending: this.queue.size, events: this.events };
        this.emit('world.runaway', undefined, { ...this.runaway });
        return;
      }
    }
    if (until > this.clock) this.clock = until;
  }

  /** Runs one event; returns false when the queue is empty. */
  step(): boolean {
    this.start();
    const ev = this.queue.pop();
    if (ev === undefined) return false;
    this.dispatch(ev);
    return true;
  }

  /** Schedules `fn` at time `at` (not before now). Used by the nemesis and by scripted tests. */
  at(at: Time, fn: () => void): void {
    this.push(callEvent(fn), Math.max(at, this.clock));
  }

  get stats(): WorldStats {
    return {
      events: this.events,
      messagesSent: this.post.sent,
      messagesDelivered: this.post.delivered,
      messagesDropped: this.post.dropped,
      simulatedTime: this.clock,
    };
  }

  // ---- inspection -------------------------------------------------------------------------

  isUp(id: NodeId): boolean {
    return this.slot(id).up;
  }

  isPaused(id: NodeId): boolean {
    return this.slot(id).paused;
  }

  /** The node's current actor (undefined while crashed), for tests and invariants. */
  actor<A extends Actor = Actor>(id: NodeId): A | undefined {
    return (this.slot(id).actor ?? undefined) as A | undefined;
  }

  /** The latest state a live replica reported in this incarnation (see replica-state.ts). */
  stateOf(id: NodeId): ReplicaState | undefined {
    const s = this.slot(id);
    return s.up ? s.state : undefined;
  }

  /** The live member of `group` that reports itself leader in the highest era, if any. */
  leader(group: GroupName): NodeId | undefined {
    let best: NodeId | undefined;
    let bestEra = -Infinity;
    for (const id of this.members(group)) {
      const st = this.stateOf(id);
      if (st?.role === 'leader' && st.era > bestEra) {
        best = id;
        bestEra = st.era;
      }
    }
    return best;
  }

  /** Calls `listener` with every state report from now on, whatever the trace records. */
  onState(listener: StateListener): void {
    this.stateListeners.push(listener);
  }

  /** The members of a group, in the order they joined (removed ones left out). */
  members(group: GroupName): readonly NodeId[] {
    return this.groups.get(group) ?? NO_MEMBERS;
  }

  /** The world's group names, in declaration order. */
  get groupNames(): readonly GroupName[] {
    return [...this.groups.keys()];
  }

  /** The group a node belongs to. */
  groupOf(id: NodeId): GroupName {
    return this.slot(id).group;
  }

  /** Every node ever in the world, removed ones included, in join order. */
  get nodeIds(): readonly NodeId[] {
    return this.slots.map((s) => s.id);
  }

  /** Whether a node was taken out of its group for good. */
  isRemoved(id: NodeId): boolean {
    return this.slot(id).removed;
  }

  // ---- actors that come and go -------------------------------------------------------------

  /**
   * Adds an actor to a group while the run goes on (a pod the kubelet starts, say); it starts at
   * once unless `startDown`. Its id must be new: an id is never reused, so traces stay unambiguous.
   */
  spawn(group: GroupName, spec: ActorSpec): void {
    if (!this.groups.has(group)) throw new SimConfigError(`spawn: unknown group '${group}' (known: ${this.groupNames.join(', ')})`);
    const slot = this.addSlot(group, spec, `spawn ${group}`);
    this.network.add(spec.id);
    slot.ctx = buildContext(slot, this.port);
    this.emit('node.join', spec.id, { group });
    if (this.started && spec.startDown !== true) this.boot(slot, 'node.start');
  }

  /** Takes a node out of its group for good: it crashes if up and can never restart. */
  remove(id: NodeId): void {
    const s = this.slot(id);
    if (s.removed) return;
    this.crash(id);
    s.removed = true;
    this.groups.set(s.group, this.members(s.group).filter((m) => m !== id));
    this.emit('node.leave', id, { group: s.group });
  }

  disk(id: NodeId): Disk {
    return this.slot(id).disk;
  }

  localTime(id: NodeId): Time {
    return this.slot(id).clock.local(this.clock);
  }

  // ---- faults -----------------------------------------------------------------------------

  /** Crashes a node: volatile state, timers, unsynced writes and messages in flight to it are lost. */
  crash(id: NodeId): void {
    const s = this.slot(id);
    if (!s.up) return;
    const lost = s.disk.unsyncedWrites;
    s.up = false;
    s.paused = false;
    s.doomed = false;
    s.actor = null;
    s.state = undefined;
    s.incarnation++;
    s.timers.clear();
    s.deferred = [];
    s.fsync.crash();
    s.disk.crash();
    this.emit('node.crash', id, { lostWrites: lost });
  }

  /** Starts a crashed (or never started) node from its disk. No effect on a running node. */
  restart(id: NodeId): void {
    const s = this.slot(id);
    if (s.up || s.removed) return;
    this.boot(s, 'node.restart');
  }

  /** Freezes a node: it handles nothing, and what arrives or falls due waits until `resume`. */
  pause(id: NodeId): void {
    const s = this.slot(id);
    if (!s.up || s.paused) return;
    s.paused = true;
    this.emit('node.pause', id);
  }

  resume(id: NodeId): void {
    const s = this.slot(id);
    if (!s.paused) return;
    s.paused = false;
    this.emit('node.resume', id, { deferred: s.deferred.length });
    const waiting = s.deferred;
    s.deferred = [];
    for (const ev of waiting) this.push(ev, this.clock);
  }

  /** Steps a node's clock by `delta` microseconds (negative goes back). */
  skewClock(id: NodeId, delta: Time): void {
    const s = this.slot(id);
    s.clock.jump(this.clock, delta);
    this.emit('clock.skew', id, { delta, skew: s.clock.skewAt(this.clock) });
  }

  /** Makes a node's clock run at `rate` times true speed from now on. */
  setClockRate(id: NodeId, rate: number): void {
    const s = this.slot(id);
    if (!(rate > 0) || !Number.isFinite(rate)) throw new SimConfigError(`clock rate for '${id}': expected a positive number, got ${rate}`);
    s.clock.setRate(this.clock, rate);
    this.emit('clock.rate', id, { rate });
  }

  /**
   * Changes a node's fsync latency distribution (a slow disk, or its end). Syncs already queued are
   * redrawn under the new latency and finish at the earlier of the two times: a disk that gets
   * faster drains its queue faster, and one that gets slower does not break promises already made.
   */
  setDiskLatency(id: NodeId, latency: Distribution): void {
    validateDistribution(latency, `disk latency for '${id}'`);
    const s = this.slot(id);
    this.emit('disk.latency', id, { latency });
    const { syncs, gen } = s.fsync.setLatency(latency, this.clock);
    for (const sync of syncs) this.push(syncEvent(s.index, s.incarnation, gen, sync), sync.at);
  }

  diskLatency(id: NodeId): Distribution {
    return this.slot(id).fsync.latency;
  }

  /** No fsync of this node completes until `duration` from now. */
  stallDisk(id: NodeId, duration: Time): void {
    if (!(duration >= 0)) throw new SimConfigError(`disk stall for '${id}': duration must be non-negative, got ${duration}`);
    const s = this.slot(id);
    const until = s.fsync.stall(this.clock, duration);
    this.emit('disk.stall', id, { until });
    this.at(until, () => {
      if (s.fsync.stallEndsAt(until)) this.releaseStalledSyncs(s);
    });
  }

  /** Ends a node's disk stall now; the syncs it held complete in order. */
  endDiskStall(id: NodeId): void {
    const s = this.slot(id);
    if (!s.fsync.isHolding(this.clock)) return;
    this.emit('disk.unstall', id);
    this.releaseStalledSyncs(s);
  }

  private releaseStalledSyncs(s: Slot): void {
    for (const ev of s.fsync.release(this.clock)) this.push(ev, this.clock);
  }

  partition(groups: readonly (readonly NodeId[])[]): void {
    this.network.partition(groups);
    this.emit('net.partition', undefined, { groups: groups.map((g) => [...g]) });
  }

  cut(from: readonly NodeId[], to: readonly NodeId[], oneWay = false): void {
    this.network.cut(from, to, oneWay);
    this.emit('net.cut', undefined, { from: [...from], to: [...to], oneWay });
  }

  heal(): void {
    this.network.heal();
    this.emit('net.heal', undefined);
  }

  configureNetwork(options: Partial<LinkOptions>): void {
    this.network.configure(options);
    this.emit('net.configure', undefined, { ...options });
  }

  addRule(rule: MessageRule): void {
    this.post.addRule(rule);
  }

  removeRule(id: string): void {
    this.post.removeRule(id);
  }

  /** How many messages wait in a hold bucket. */
  heldCount(bucket: string): number {
    return this.post.heldCount(bucket);
  }

  /**
   * Delivers held messages now, in the given order ('fifo', 'lifo', or a list of positions in the
   * bucket). Each still meets the partition and crash state of the moment of release.
   */
  release(bucket: string, order: 'fifo' | 'lifo' | readonly number[] = 'fifo'): number {
    return this.post.release(bucket, order);
  }

  /** Discards held messages. */
  discard(bucket: string): number {
    return this.post.discard(bucket);
  }

  /** Fires a node's timer now, whether or not it is armed (e.g. force an election timeout). */
  fireTimer(id: NodeId, name: string): void {
    const s = this.slot(id);
    if (!s.up) return;
    this.emit('node.timer', id, { timer: name, forced: true });
    s.timers.delete(name);
    this.runStep(s, () => s.actor!.timer(name));
  }

  // ---- internals --------------------------------------------------------------------------

  private slot(id: NodeId): Slot {
    const s = this.byId.get(id);
    if (!s) throw new SimConfigError(`unknown node '${id}' (known: ${[...this.byId.keys()].join(', ')})`);
    return s;
  }

  private emit(kind: string, node: NodeId | undefined, data?: Record<string, unknown>): void {
    this.trace.emit(this.clock, kind, node, data);
  }

  private declareGroup(g: GroupSpec): void {
    if (typeof g.name !== 'string' || g.name === '') throw new SimConfigError('world: a group has no name');
    if (this.groups.has(g.name)) throw new SimConfigError(`world: group '${g.name}' is declared twice`);
    this.groups.set(g.name, NO_MEMBERS);
    this.serves.set(g.name, g.serves);
  }

  private addSlot(group: GroupName, m: ActorSpec, where: string): Slot {
    if (typeof m.id !== 'string' || m.id === '') throw new SimConfigError(`world: ${where} has no id`);
    if (this.byId.has(m.id)) throw new SimConfigError(`world: node id '${m.id}' is used twice`);
    const serves = this.serves.get(group);
    if (serves !== undefined && !this.groups.has(serves)) throw new SimConfigError(`world: group '${group}' serves unknown group '${serves}'`);
    const slot = new Slot(this.slots.length, m.id, group, serves, m.actor as (ctx: never) => Actor, this.rng.fork(`node:${m.id}`), this.rng.fork(`disk:${m.id}`), this.diskLatency0);
    this.slots.push(slot);
    this.byId.set(m.id, slot);
    this.groups.set(group, [...this.members(group), m.id]);
    if (m.startDown === true) this.startDown.add(m.id);
    return slot;
  }

  private reportState(s: Slot, state: ReplicaState, extra: Readonly<Record<string, unknown>> | undefined): void {
    s.state = state;
    for (const listener of this.stateListeners) listener(s.id, state);
    if (!this.trace.records('state')) return;
    if (extra !== undefined) {
      const clash = REPLICA_STATE_FIELDS.find((f) => Object.hasOwn(extra, f));
      if (clash !== undefined) throw new Error(`${s.id}: a state report's extra field '${clash}' would hide the core field of that name`);
    }
    this.emit(REPLICA_STATE, s.id, extra === undefined ? { ...state } : { ...state, ...extra });
  }

  private push(ev: Ev, time: Time): void {
    ev.time = time;
    this.queue.push(ev);
  }

  private boot(s: Slot, kind: 'node.start' | 'node.restart'): void {
    s.up = true;
    s.paused = false;
    s.doomed = false;
    this.emit(kind, s.id, { incarnation: s.incarnation });
    const actor = s.make(s.ctx as never);
    s.actor = actor;
    this.runStep(s, () => actor.start());
  }

  /** Runs one step of a node's code, then carries out a crash that a rule scheduled for it. */
  private runStep(s: Slot, step: () => void): void {
    const outer = this.running;
    this.running = s;
    step();
    this.running = outer;
    if (s.doomed) this.crash(s.id);
  }

  private dispatch(ev: Ev): void {
    this.clock = ev.time;
    this.events++;
    switch (ev.kind) {
      case DELIVER:
        this.deliver(ev);
        return;
      case TIMER: {
        const s = this.slots[ev.node]!;
        const name = ev.payload as string;
        if (!s.up || s.timers.get(name) !== ev.stamp) return;
        if (s.paused) {
          s.deferred.push(ev);
          return;
        }
        s.timers.delete(name);
        if (this.trace.records('messages')) this.emit('node.timer', s.id, { timer: name });
        this.runStep(s, () => s.actor!.timer(name));
        return;
      }
      case CALL:
        (ev.payload as () => void)();
        return;
      case SYNC: {
        const s = this.slots[ev.node]!;
        if (!s.up || s.incarnation !== ev.incarnation) return;
        if (!s.fsync.due(ev.stamp)) return; // re-timed: a newer event stands for this sync
        const sync = ev.payload as PendingSync;
        // Held syncs leave the in-flight queue: detached, no later re-timing touches them.
        const detached = ev.stamp === DETACHED ? ev : syncEvent(ev.node, ev.incarnation, DETACHED, sync);
        if (s.paused) {
          s.deferred.push(detached);
          return;
        }
        if (s.fsync.isHolding(this.clock)) {
          s.fsync.hold(detached);
          return;
        }
        s.disk.complete(sync.point);
        if (sync.done) this.runStep(s, sync.done);
        return;
      }
    }
  }

  private deliver(ev: Ev): void {
    const to = this.post.arrive(ev);
    if (to === undefined) return;
    const msg = ev.payload as Message;
    const actor = to.actor!;
    if (msg.kind === 'client.request' && actor.request) {
      const request = (msg as RequestMessage).request;
      this.runStep(to, () => actor.request!(request));
    } else {
      const from = this.slots[ev.from]!.id;
      this.runStep(to, () => actor.message(from, msg));
    }
  }

  private sync(s: Slot, onDurable: (() => void) | undefined): void {
    if (!s.up) return;
    const sync = s.fsync.issue(s.disk.syncPoint(), onDurable, this.clock);
    this.push(syncEvent(s.index, s.incarnation, s.fsync.generation, sync), sync.at);
  }
}
