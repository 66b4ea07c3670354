import { NodeClock } from './clock.js';
import { Disk } from './disk.js';
import { FsyncQueue } from './fsync.js';
import type { Distribution } from './latency.js';
import type { Actor, NodeContext, NodeId } from './node.js';
import type { Rng } from './rng.js';

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
  readonly fsync: FsyncQueue<Ev>;
  ctx!: NodeContext;
  constructor(
    readonly index: number,
    readonly id: NodeId,
    readonly isClient: boolean,
    readonly make: (ctx: never) => Actor,
    readonly rng: Rng,
    diskRng: Rng,
    syncLatency: Distribution,
  ) {
    this.fsync = new FsyncQueue<Ev>(syncLatency, diskRng);
  }
}
