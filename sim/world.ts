import { type KernelPort, buildContext } from './context.js';
import type { Disk, DiskOptions } from './disk.js';
import { SimConfigError } from './errors.js';
import { History, traceHistoryOp } from './history.js';
import { type Distribution, constant, validateDistribution } from './latency.js';
import { type Network, Network as NetworkImpl, type LinkOptions } from './network.js';
import type { Actor, Message, NodeId, NodeStatus, RequestMessage } from './node.js';
import { EventQueue } from './queue.js';
import { Rng } from './rng.js';
import type { MessageRule } from './rules.js';
import type { Time } from './time.js';
import { Post } from './post.js';
import { CALL, DELIVER, Ev, SYNC, Slot, TIMER } from './slot.js';
import { Trace } from './trace.js';
import type { Runaway, WorldOptions, WorldStats } from './world-options.js';

export type { ClientContext } from './context.js';
export { requestMessage } from './node.js';
export type { ClientSpec, ReplicaSpec, Runaway, WorldOptions, WorldStats } from './world-options.js';

const DEFAULT_DISK: DiskOptions = { syncLatency: constant(0) };

/**
 * The simulated world: every node, the network between them, virtual time and the event queue.
 * It performs what actors ask through their contexts and the faults the nemesis injects, and
 * records the trace and the client history. Nothing in it reads the real world.
 */
export class World {
  readonly trace: Trace;
  readonly history = new History(() => this.clock);
  readonly network: Network;
  readonly rng: Rng;
  readonly replicaIds: readonly NodeId[];
  readonly clientIds: readonly NodeId[];
  private readonly slots: Slot[] = [];
  private readonly byId = new Map<NodeId, Slot>();
  private readonly queue = new EventQueue<Ev>();
  private readonly post: Post;
  private clock: Time = 0;
  private events = 0;
  private started = false;
  private readonly startDown: Set<NodeId>;
  private readonly maxPending: number;
  /** Set when the queue outgrew `maxPendingEvents`; the world then runs no further. */
  runaway: Runaway | undefined;

  constructor(options: WorldOptions) {
    this.rng = Rng.fromSeed(options.seed);
    this.trace = new Trace(options.trace);
    const disk = { ...DEFAULT_DISK, ...options.disk };
    validateDistribution(disk.syncLatency, 'disk.syncLatency');
    const specs: { id: NodeId; isClient: boolean; make: (ctx: never) => Actor }[] = [
      ...options.replicas.map((r) => ({ id: r.id, isClient: false, make: r.actor as (ctx: never) => Actor })),
      ...(options.clients ?? []).map((c) => ({ id: c.id, isClient: true, make: c.actor as (ctx: never) => Actor })),
    ];
    if (options.replicas.length === 0) throw new SimConfigError('world: at least one replica is required');
    for (const [i, s] of specs.entries()) {
      if (typeof s.id !== 'string' || s.id === '') throw new SimConfigError(`world: node ${i + 1} has no id`);
      if (this.byId.has(s.id)) throw new SimConfigError(`world: node id '${s.id}' is used twice`);
      const nodeRng = this.rng.fork(`node:${s.id}`);
      const slot = new Slot(i, s.id, s.isClient, s.make, nodeRng, this.rng.fork(`disk:${s.id}`), disk.syncLatency);
      this.slots.push(slot);
      this.byId.set(s.id, slot);
    }
    this.replicaIds = options.replicas.map((r) => r.id);
    this.clientIds = (options.clients ?? []).map((c) => c.id);
    this.network = new NetworkImpl(
      this.slots.map((s) => s.id),
      options.network ?? {},
      this.rng.fork('network'),
    );
    this.post = new Post(
      this.slots,
      this.byId,
      this.network,
      this.trace,
      this,
      this.queue,
    );
    const port: KernelPort = {
      replicaIds: this.replicaIds,
      history: this.history,
      now: () => this.clock,
      send: (from, to, msg) => this.post.send(from, to, msg),
      schedule: (ev, at) => this.push(ev, at),
      sync: (slot, onDurable) => this.sync(slot, onDurable),
      emit: (kind, node, data) => this.emit(kind, node, data),
    };
    for (const slot of this.slots) slot.ctx = buildContext(slot, port);
    this.history.onRecord = (op) => traceHistoryOp(this.trace, this.clock, op);
    this.startDown = new Set(options.replicas.filter((r) => r.startDown).map((r) => r.id));
    this.maxPending = options.maxPendingEvents ?? 2_000_000;
  }

  /** Current virtual (true) time. */
  get now(): Time {
    return this.clock;
  }

  // ---- running ----------------------------------------------------------------------------

  /** Starts every node (replicas first, in declaration order). Idempotent. */
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
    this.push(new Ev(CALL, 0, 0, 0, 0, fn, 0), Math.max(at, this.clock));
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

  status(id: NodeId): NodeStatus | undefined {
    const s = this.slot(id);
    return s.up ? s.actor?.status?.() : undefined;
  }

  /** The live replica that reports itself leader with the highest term, if any. */
  leader(): NodeId | undefined {
    let best: NodeId | undefined;
    let bestTerm = -Infinity;
    for (const id of this.replicaIds) {
      const st = this.status(id);
      if (st?.role === 'leader' && (st.term ?? 0) > bestTerm) {
        best = id;
        bestTerm = st.term ?? 0;
      }
    }
    return best;
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
    if (s.up) return;
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
    for (const sync of syncs) this.push(new Ev(SYNC, s.index, sync.point, s.incarnation, gen, sync.done, 0), sync.at);
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
    step();
    if (s.doomed) this.crash(s.id);
  }

  private dispatch(ev: Ev): void {
    this.clock = ev.time;
    this.events++;
    switch (ev.k) {
      case DELIVER:
        this.deliver(ev);
        return;
      case TIMER: {
        const s = this.slots[ev.a]!;
        const name = ev.payload as string;
        if (!s.up || s.timers.get(name) !== ev.b) return;
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
        const s = this.slots[ev.a]!;
        if (!s.up || s.incarnation !== ev.inc) return;
        if (!s.fsync.due(ev.cuts)) return; // re-timed: a newer event stands for this sync
        // Held syncs leave the in-flight queue: detached (gen -1), no later re-timing touches them.
        const detached = ev.cuts < 0 ? ev : new Ev(SYNC, ev.a, ev.b, ev.inc, -1, ev.payload, 0);
        if (s.paused) {
          s.deferred.push(detached);
          return;
        }
        if (s.fsync.isHolding(this.clock)) {
          s.fsync.hold(detached);
          return;
        }
        s.disk.complete(ev.b);
        const done = ev.payload as (() => void) | undefined;
        if (done) this.runStep(s, done);
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
      const from = this.slots[ev.a]!.id;
      this.runStep(to, () => actor.message(from, msg));
    }
  }

  private sync(s: Slot, onDurable: (() => void) | undefined): void {
    if (!s.up) return;
    const point = s.disk.syncPoint();
    const { at, gen } = s.fsync.issue(point, onDurable, this.clock);
    this.push(new Ev(SYNC, s.index, point, s.incarnation, gen, onDurable, 0), at);
  }
}
