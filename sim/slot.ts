import { NodeClock } from './clock.js';
import { Disk } from './disk.js';
import type { Distribution } from './latency.js';
import type { Actor, Message, NodeContext, NodeId } from './node.js';
import type { Rng } from './rng.js';
import type { Time } from './time.js';

/**
 * The world's runtime records: the one event shape the queue holds, and a node's slot (its actor,
 * lifecycle, timers, clock, disk and sync bookkeeping). Internal to the kernel.
 */

// Event kinds, in one monomorphic event shape so the queue's comparisons stay fast.
export const DELIVER = 0;
export const TIMER = 1;
export const CALL = 2;
export const SYNC = 3;

export class Ev {
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

export interface Held {
  readonly from: number;
  readonly to: number;
  readonly msg: Message;
  readonly id: number;
}

export class Slot {
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
