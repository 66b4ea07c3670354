import { NodeClock } from './clock.js';
import { Disk, type DiskHandle, type DiskOptions } from './disk.js';
import { SimConfigError } from './errors.js';
import { History } from './history.js';
import { type Distribution, constant, sample, validateDistribution } from './latency.js';
import { type Network, Network as NetworkImpl, type LinkOptions, type NetworkOptions } from './network.js';
import type {
  Actor,
  ClientOutcome,
  ClientRequest,
  Message,
  NodeContext,
  NodeId,
  NodeStatus,
  RequestMessage,
  ResponseMessage,
} from './node.js';
import { EventQueue } from './queue.js';
import { Rng } from './rng.js';
import { type MessageRule, RuleBook } from './rules.js';
import type { Time } from './time.js';
import { Trace, type TraceOptions } from './trace.js';

/** A client's context: a node context plus the history it records into. */
export interface ClientContext<M extends Message = Message> extends NodeContext<M> {
  readonly history: History;
  /** The replicas, for choosing whom to send requests to. */
  readonly replicas: readonly NodeId[];
}

export interface ReplicaSpec {
  readonly id: NodeId;
  // The factory's message type is the protocol's own; the world only relies on `kind`.
  readonly actor: (ctx: NodeContext<any>) => Actor<any>;
  /** A node listed but not started: a spare for membership changes, started by `restart`. */
  readonly startDown?: boolean;
}

export interface ClientSpec {
  readonly id: NodeId;
  readonly actor: (ctx: ClientContext<any>) => Actor<any>;
}

export interface WorldOptions {
  readonly seed: number | string;
  readonly replicas: readonly ReplicaSpec[];
  readonly clients?: readonly ClientSpec[];
  readonly network?: NetworkOptions;
  readonly disk?: Partial<DiskOptions>;
  readonly trace?: TraceOptions;
  /**
   * A run whose queue holds more events than this has run away (a message storm, a timer loop):
   * it stops, and `runaway` says when. Bounds memory instead of exhausting it. Default 2,000,000.
   */
  readonly maxPendingEvents?: number;
}

/** Why and when a world stopped early. */
export interface Runaway {
  readonly at: Time;
  readonly pending: number;
  readonly events: number;
}

export interface WorldStats {
  readonly events: number;
  readonly messagesSent: number;
  readonly messagesDelivered: number;
  readonly messagesDropped: number;
  readonly simulatedTime: Time;
}

const DEFAULT_DISK: DiskOptions = { syncLatency: constant(0) };

// Event kinds, in one monomorphic event shape so the queue's comparisons stay fast.
const DELIVER = 0;
const TIMER = 1;
const CALL = 2;
const SYNC = 3;

class Ev {
  time = 0;
  seq = 0;
  constructor(
    readonly k: number,
    /** DELIVER: sender index; TIMER/SYNC: node index. */
    readonly a: number,
    /** DELIVER: receiver index; SYNC: sync point. TIMER: generation. */
    readonly b: number,
    /** DELIVER: receiver's incarnation at send; SYNC: node's incarnation. */
    readonly inc: number,
    /** DELIVER: how many times the link had been cut at send. */
    readonly cuts: number,
    /** DELIVER: the message; TIMER: its name; CALL: the function; SYNC: the callback. */
    readonly payload: unknown,
    /** DELIVER: message id (a duplicate shares it). */
    readonly id: number,
  ) {}
}

interface Held {
  readonly from: number;
  readonly to: number;
  readonly msg: Message;
  readonly id: number;
}

class Slot {
  actor: Actor | null = null;
  up = false;
  paused = false;
  doomed = false;
  incarnation = 0;
  timerGen = 0;
  readonly timers = new Map<string, number>();
  deferred: Ev[] = [];
  readonly clock = new NodeClock();
  readonly disk = new Disk();
  syncLatency: Distribution;
  stalledUntil = 0;
  /** Syncs that fell due during a stall, released in order when it ends. */
  stalledSyncs: Ev[] = [];
  /** Syncs issued and not yet due, in issue order; re-timed when the disk's latency changes. */
  inflightSyncs: { point: number; done: (() => void) | undefined; at: Time }[] = [];
  /** Bumped when in-flight syncs are re-timed; older sync events are then stale. */
  syncGen = 0;
  lastSyncAt = 0;
  ctx!: NodeContext;
  constructor(
    readonly index: number,
    readonly id: NodeId,
    readonly isClient: boolean,
    readonly make: (ctx: never) => Actor,
    readonly rng: Rng,
    readonly diskRng: Rng,
    syncLatency: Distribution,
  ) {
    this.syncLatency = syncLatency;
  }
}

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
  private readonly rules = new RuleBook();
  private readonly held = new Map<string, Held[]>();
  private clock: Time = 0;
  private events = 0;
  private sent = 0;
  private delivered = 0;
  private dropped = 0;
  private nextMessageId = 0;
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
    for (const slot of this.slots) slot.ctx = this.contextFor(slot);
    this.history.onRecord = (op) => {
      if (this.trace.records('state')) {
        this.trace.emit(this.clock, `client.${op.type}`, undefined, {
          process: op.process,
          f: op.f,
          ...(op.key === undefined ? {} : { key: op.key }),
          ...(op.value === undefined ? {} : { value: op.value }),
          index: op.index,
        });
      }
    };
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
      messagesSent: this.sent,
      messagesDelivered: this.delivered,
      messagesDropped: this.dropped,
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
    s.stalledSyncs = [];
    s.inflightSyncs = [];
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
    s.syncLatency = latency;
    this.emit('disk.latency', id, { latency });
    if (s.inflightSyncs.length === 0) return;
    s.syncGen++;
    let floor = this.clock;
    for (const sync of s.inflightSyncs) {
      sync.at = Math.max(floor, Math.min(sync.at, this.clock + sample(latency, s.diskRng)));
      floor = sync.at;
      this.push(new Ev(SYNC, s.index, sync.point, s.incarnation, s.syncGen, sync.done, 0), sync.at);
    }
    s.lastSyncAt = floor;
  }

  diskLatency(id: NodeId): Distribution {
    return this.slot(id).syncLatency;
  }

  /** No fsync of this node completes until `duration` from now. */
  stallDisk(id: NodeId, duration: Time): void {
    if (!(duration >= 0)) throw new SimConfigError(`disk stall for '${id}': duration must be non-negative, got ${duration}`);
    const s = this.slot(id);
    s.stalledUntil = Math.max(s.stalledUntil, this.clock + duration);
    this.emit('disk.stall', id, { until: s.stalledUntil });
    const until = s.stalledUntil;
    this.at(until, () => {
      if (s.stalledUntil === until) this.releaseStalledSyncs(s);
    });
  }

  /** Ends a node's disk stall now; the syncs it held complete in order. */
  endDiskStall(id: NodeId): void {
    const s = this.slot(id);
    if (s.stalledUntil <= this.clock && s.stalledSyncs.length === 0) return;
    s.stalledUntil = this.clock;
    this.emit('disk.unstall', id);
    this.releaseStalledSyncs(s);
  }

  private releaseStalledSyncs(s: Slot): void {
    const held = s.stalledSyncs;
    s.stalledSyncs = [];
    for (const ev of held) this.push(ev, this.clock);
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
    const { where: _where, ...match } = rule.match;
    this.rules.add(rule);
    this.emit('net.rule', undefined, { id: rule.id, match, action: rule.action, ...(rule.count === undefined ? {} : { count: rule.count }) });
  }

  removeRule(id: string): void {
    if (this.rules.remove(id)) this.emit('net.unrule', undefined, { id });
  }

  /** How many messages wait in a hold bucket. */
  heldCount(bucket: string): number {
    return this.held.get(bucket)?.length ?? 0;
  }

  /**
   * Delivers held messages now, in the given order ('fifo', 'lifo', or a list of positions in the
   * bucket). Each still meets the partition and crash state of the moment of release.
   */
  release(bucket: string, order: 'fifo' | 'lifo' | readonly number[] = 'fifo'): number {
    const waiting = this.held.get(bucket) ?? [];
    let chosen: Held[];
    if (order === 'fifo') chosen = waiting;
    else if (order === 'lifo') chosen = waiting.slice().reverse();
    else {
      chosen = order.map((i) => {
        const h = waiting[i];
        if (!h) throw new SimConfigError(`release '${bucket}': no held message at position ${i} (holding ${waiting.length})`);
        return h;
      });
    }
    const rest = waiting.filter((h) => !chosen.includes(h));
    if (rest.length) this.held.set(bucket, rest);
    else this.held.delete(bucket);
    for (const h of chosen) {
      this.emit('net.release', this.slots[h.to]!.id, { id: h.id, bucket });
      const fate = this.network.route(h.from, h.to, this.clock);
      if (fate.kind === 'drop') this.dropMessage(h.from, h.to, h.msg, h.id, fate.reason);
      else this.enqueueDelivery(h.from, h.to, h.msg, h.id, this.clock, false);
    }
    return chosen.length;
  }

  /** Discards held messages. */
  discard(bucket: string): number {
    const n = this.heldCount(bucket);
    for (const h of this.held.get(bucket) ?? []) this.dropMessage(h.from, h.to, h.msg, h.id, 'discarded');
    this.held.delete(bucket);
    return n;
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
        if (ev.cuts >= 0) {
          if (ev.cuts !== s.syncGen) return; // re-timed: a newer event stands for this sync
          s.inflightSyncs.shift();
        }
        // Held syncs leave the in-flight queue: detached (gen -1), no later re-timing touches them.
        const detached = ev.cuts < 0 ? ev : new Ev(SYNC, ev.a, ev.b, ev.inc, -1, ev.payload, 0);
        if (s.paused) {
          s.deferred.push(detached);
          return;
        }
        if (s.stalledUntil > this.clock || s.stalledSyncs.length > 0) {
          s.stalledSyncs.push(detached);
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
    const to = this.slots[ev.b]!;
    const msg = ev.payload as Message;
    if (!to.up || to.incarnation !== ev.inc) {
      this.dropMessage(ev.a, ev.b, msg, ev.id, 'crashed');
      return;
    }
    if (this.network.cutCount(ev.a, ev.b) !== ev.cuts) {
      this.dropMessage(ev.a, ev.b, msg, ev.id, 'partition');
      return;
    }
    if (to.paused) {
      to.deferred.push(ev);
      return;
    }
    const from = this.slots[ev.a]!.id;
    if (this.rules.size > 0) {
      const rule = this.rules.take('receive', from, to.id, msg);
      if (rule) to.doomed = true;
    }
    this.delivered++;
    if (this.trace.records('messages')) this.emit('net.deliver', to.id, { id: ev.id, from, msg: msg.kind });
    const actor = to.actor!;
    if (msg.kind === 'client.request' && actor.request) {
      const request = (msg as RequestMessage).request;
      this.runStep(to, () => actor.request!(request));
    } else {
      this.runStep(to, () => actor.message(from, msg));
    }
  }

  private send(s: Slot, toId: NodeId, msg: Message): void {
    if (!s.up) return;
    const to = this.byId.get(toId);
    if (to === undefined) throw new SimConfigError(`${s.id} sent '${msg.kind}' to unknown node '${toId}'`);
    const id = this.nextMessageId++;
    this.sent++;
    if (this.trace.records('messages')) {
      this.emit('net.send', s.id, this.trace.records('full') ? { id, to: toId, msg: msg.kind, body: msg } : { id, to: toId, msg: msg.kind });
    }
    if (this.rules.size > 0) {
      const rule = this.rules.take('send', s.id, toId, msg);
      if (rule) {
        switch (rule.action.kind) {
          case 'drop':
            this.dropMessage(s.index, to.index, msg, id, `rule:${rule.id}`);
            return;
          case 'hold': {
            const bucket = rule.action.bucket;
            const list = this.held.get(bucket) ?? [];
            list.push({ from: s.index, to: to.index, msg, id });
            this.held.set(bucket, list);
            this.emit('net.hold', s.id, { id, to: toId, msg: msg.kind, bucket });
            return;
          }
          case 'crash-sender':
            s.doomed = true;
            break;
          case 'crash-receiver':
            break;
        }
      }
    }
    const fate = this.network.route(s.index, to.index, this.clock);
    if (fate.kind === 'drop') {
      this.dropMessage(s.index, to.index, msg, id, fate.reason);
      return;
    }
    this.enqueueDelivery(s.index, to.index, msg, id, fate.at, false);
    if (fate.duplicateAt !== undefined) {
      if (this.trace.records('messages')) this.emit('net.duplicate', s.id, { id, to: toId });
      this.enqueueDelivery(s.index, to.index, msg, id, fate.duplicateAt, true);
    }
  }

  private enqueueDelivery(from: number, to: number, msg: Message, id: number, at: Time, _dup: boolean): void {
    const target = this.slots[to]!;
    this.push(new Ev(DELIVER, from, to, target.incarnation, this.network.cutCount(from, to), msg, id), at);
  }

  private dropMessage(from: number, to: number, msg: Message, id: number, reason: string): void {
    this.dropped++;
    if (this.trace.records('messages')) {
      this.emit('net.drop', this.slots[to]!.id, { id, from: this.slots[from]!.id, msg: msg.kind, reason });
    }
  }

  private contextFor(s: Slot): NodeContext | ClientContext {
    const world = this;
    const peers = this.replicaIds.filter((id) => id !== s.id);
    const disk: DiskHandle = {
      get: (key) => s.disk.get(key),
      put: (key, value) => s.disk.write({ op: 'put', key, value }),
      delete: (key) => s.disk.write({ op: 'delete', key }),
      log: (key) => s.disk.log(key),
      append: (key, items) => s.disk.write({ op: 'append', key, items }),
      truncate: (key, length) => s.disk.write({ op: 'truncate', key, length }),
      sync: (onDurable) => world.sync(s, onDurable),
      get unsyncedWrites() {
        return s.disk.unsyncedWrites;
      },
    };
    const ctx: NodeContext = {
      id: s.id,
      peers,
      now: () => s.clock.local(world.clock),
      send: (to, msg) => world.send(s, to, msg),
      setTimer: (name, after) => {
        if (!s.up) return;
        if (!(after >= 0)) throw new SimConfigError(`${s.id}: timer '${name}' set with a negative or invalid delay (${after})`);
        const gen = ++s.timerGen;
        s.timers.set(name, gen);
        world.push(new Ev(TIMER, s.index, gen, s.incarnation, 0, name, 0), world.clock + s.clock.toGlobalDuration(after));
      },
      cancelTimer: (name) => {
        s.timers.delete(name);
      },
      disk,
      reply: (request: ClientRequest, outcome: ClientOutcome) => {
        const response: ResponseMessage = { kind: 'client.response', seq: request.seq, outcome };
        world.send(s, request.client, response);
      },
      random: () => s.rng.next(),
      trace: (kind, data) => {
        if (s.up) world.emit(kind, s.id, data);
      },
    };
    if (!s.isClient) return { ...ctx, history: this.history };
    return { ...ctx, history: this.history, replicas: this.replicaIds };
  }

  private sync(s: Slot, onDurable: (() => void) | undefined): void {
    if (!s.up) return;
    const point = s.disk.syncPoint();
    // fsyncs complete in the order issued, as on one device queue.
    const at = Math.max(this.clock + sample(s.syncLatency, s.diskRng), s.lastSyncAt);
    s.lastSyncAt = at;
    s.inflightSyncs.push({ point, done: onDurable, at });
    this.push(new Ev(SYNC, s.index, point, s.incarnation, s.syncGen, onDurable, 0), at);
  }
}

/** Sends a client request over the network as the kernel's request message. */
export function requestMessage(request: ClientRequest): RequestMessage {
  return { kind: 'client.request', request };
}
