/**
 * A node context without a world: it records what a step does as values (messages sent, timers set
 * and cancelled, replies, trace events, state reports, writes and fsyncs), so one replica's steps
 * can be unit-tested as etcd's raft is (feed a message, read the effects), with no network, queue
 * or clock of its own. Time moves only by `advance`; fsyncs complete only by `completeSyncs`.
 *
 * @example
 * ```ts
 * const ctx = new FakeContext<RaftMessage>({ id: 'n1', peers: ['n2', 'n3'] });
 * const node = makeReplica(ctx);
 * node.start();
 * ctx.take();                          // drop the start's effects
 * node.timer('raft.election');
 * ctx.completeSyncs();                 // the term and vote reach the disk
 * expect(ctx.sent().map((s) => s.msg.kind)).toEqual(['raft.prevote', 'raft.prevote']);
 * ```
 */
import { Disk, type DiskHandle } from '../../sim/disk.js';
import { History } from '../../sim/history.js';
import type { ClientOutcome, ClientRequest, GroupName, Message, NodeContext, NodeId } from '../../sim/node.js';
import type { ReplicaState } from '../../sim/replica-state.js';
import { Rng } from '../../sim/rng.js';
import type { Time } from '../../sim/time.js';

/** One thing a step did. */
export type Effect<M extends Message = Message> =
  | { readonly kind: 'send'; readonly to: NodeId; readonly msg: M }
  | { readonly kind: 'timer'; readonly name: string; readonly after: Time }
  | { readonly kind: 'cancel'; readonly name: string }
  | { readonly kind: 'reply'; readonly request: ClientRequest; readonly outcome: ClientOutcome }
  | { readonly kind: 'trace'; readonly event: string; readonly data: Readonly<Record<string, unknown>> | undefined }
  | { readonly kind: 'state'; readonly state: ReplicaState; readonly extra: Readonly<Record<string, unknown>> | undefined }
  | { readonly kind: 'sync' }
  | { readonly kind: 'durable'; readonly syncs: number };

export interface FakeContextOptions {
  readonly id: NodeId;
  readonly peers?: readonly NodeId[];
  readonly group?: GroupName;
  /** Other groups' members, for actors that look them up. */
  readonly members?: Readonly<Record<GroupName, readonly NodeId[]>>;
  /** The seed of the node's random stream. Default 1. */
  readonly seed?: number;
  /** The node's clock at the start, in microseconds. Default 0. */
  readonly now?: Time;
}

export class FakeContext<M extends Message = Message> implements NodeContext<M> {
  readonly id: NodeId;
  readonly group: GroupName;
  readonly peers: readonly NodeId[];
  readonly history: History;
  readonly disk: DiskHandle;
  /** The disk behind `disk`: its durable contents, and `crash()` to lose what was not synced. */
  readonly storage = new Disk();
  /** Timers armed now, by name: when each falls due on this node's clock. */
  readonly timers = new Map<string, Time>();
  readonly traced = true;
  private effects: Effect<M>[] = [];
  private pendingSyncs: { readonly point: number; readonly done: (() => void) | undefined }[] = [];
  private clock: Time;
  private readonly rng: Rng;
  private readonly others: Readonly<Record<GroupName, readonly NodeId[]>>;

  constructor(options: FakeContextOptions) {
    this.id = options.id;
    this.group = options.group ?? 'replica';
    this.peers = options.peers ?? [];
    this.others = options.members ?? {};
    this.clock = options.now ?? 0;
    this.rng = Rng.fromSeed(options.seed ?? 1).fork(`node:${options.id}`);
    this.history = new History(() => this.clock);
    const storage = this.storage;
    this.disk = {
      get: (key) => storage.get(key),
      put: (key, value) => storage.write({ op: 'put', key, value }),
      delete: (key) => storage.write({ op: 'delete', key }),
      log: (key) => storage.log(key),
      append: (key, items) => storage.write({ op: 'append', key, items }),
      truncate: (key, length) => storage.write({ op: 'truncate', key, length }),
      sync: (done) => {
        this.pendingSyncs.push({ point: storage.syncPoint(), done });
        this.effects.push({ kind: 'sync' });
      },
      get unsyncedWrites() {
        return storage.unsyncedWrites;
      },
    };
  }

  members(group: GroupName): readonly NodeId[] {
    if (group === this.group) return [this.id, ...this.peers];
    return this.others[group] ?? [];
  }

  now(): Time {
    return this.clock;
  }

  /** Moves this node's clock forward. Timers are not fired: the test fires what it wants. */
  advance(by: Time): void {
    this.clock += by;
  }

  send(to: NodeId, msg: M): void {
    this.effects.push({ kind: 'send', to, msg });
  }

  setTimer(name: string, after: Time): void {
    this.timers.set(name, this.clock + after);
    this.effects.push({ kind: 'timer', name, after });
  }

  cancelTimer(name: string): void {
    this.timers.delete(name);
    this.effects.push({ kind: 'cancel', name });
  }

  reply(request: ClientRequest, outcome: ClientOutcome): void {
    this.effects.push({ kind: 'reply', request, outcome });
  }

  random(): number {
    return this.rng.next();
  }

  trace(event: string, data?: Record<string, unknown>): void {
    this.effects.push({ kind: 'trace', event, data });
  }

  reportState(state: ReplicaState, extra?: Readonly<Record<string, unknown>>): void {
    this.effects.push({ kind: 'state', state, extra });
  }

  /** Completes every fsync issued so far, in order, running their callbacks (which may issue more). */
  completeSyncs(): void {
    let completed = 0;
    while (this.pendingSyncs.length > 0) {
      const batch = this.pendingSyncs;
      this.pendingSyncs = [];
      for (const s of batch) {
        this.storage.complete(s.point);
        completed++;
        s.done?.();
      }
    }
    if (completed > 0) this.effects.push({ kind: 'durable', syncs: completed });
  }

  /** Fsyncs issued and not yet completed. */
  get syncsPending(): number {
    return this.pendingSyncs.length;
  }

  /** Every effect since the last `take`, oldest first; clears them. */
  take(): Effect<M>[] {
    const out = this.effects;
    this.effects = [];
    return out;
  }

  /** Effects so far, without clearing them. */
  get recorded(): readonly Effect<M>[] {
    return this.effects;
  }

  /** The messages sent since the last `take`. */
  sent(): { readonly to: NodeId; readonly msg: M }[] {
    return this.effects.flatMap((e) => (e.kind === 'send' ? [{ to: e.to, msg: e.msg }] : []));
  }

  /** The latest state reported since the last `take`. */
  lastState(): ReplicaState | undefined {
    for (let i = this.effects.length - 1; i >= 0; i--) {
      const e = this.effects[i]!;
      if (e.kind === 'state') return e.state;
    }
    return undefined;
  }
}
