import { NodeClock } from './clock.js';
import { Disk } from './disk.js';
import { FsyncQueue, type PendingSync } from './fsync.js';
import type { Distribution } from './latency.js';
import type { Actor, GroupName, NodeContext, NodeId } from './node.js';
import type { ReplicaState } from './replica-state.js';
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

/** A sync event held by a stalled disk carries this stamp: it has left the fsync queue's generations. */
export const DETACHED = -1;

export class Ev {
  time = 0;
  seq = 0;
  constructor(
    readonly kind: number,
    /** The slot it happens at: a delivery's receiver, a timer's or a sync's owner. */
    readonly node: number,
    /** The owner's incarnation when it was scheduled: a crash since makes it void. */
    readonly incarnation: number,
    /**
     * What must still hold when it falls due, else it is void: a delivery's link cut count at send,
     * a timer's generation, a sync's fsync-queue generation (DETACHED once held by a stall).
     */
    readonly stamp: number,
    /** DELIVER: the sender's slot. */
    readonly from: number,
    /** DELIVER: the message; TIMER: its name; CALL: the function; SYNC: the pending sync. */
    readonly payload: unknown,
    /** DELIVER: the message id (a duplicate shares it). */
    readonly msgId: number,
  ) {}
}

export const deliveryEvent = (from: number, to: number, incarnation: number, cuts: number, msg: unknown, msgId: number): Ev => new Ev(DELIVER, to, incarnation, cuts, from, msg, msgId);
export const timerEvent = (node: number, incarnation: number, generation: number, name: string): Ev => new Ev(TIMER, node, incarnation, generation, 0, name, 0);
export const callEvent = (fn: () => void): Ev => new Ev(CALL, 0, 0, 0, 0, fn, 0);
export const syncEvent = (node: number, incarnation: number, generation: number, sync: PendingSync): Ev => new Ev(SYNC, node, incarnation, generation, 0, sync, 0);

export class Slot {
  actor: Actor | null = null;
  up = false;
  paused = false;
  doomed = false;
  /** Taken out of its group for good (a pod that is gone): it cannot restart. */
  removed = false;
  incarnation = 0;
  timerGen = 0;
  readonly timers = new Map<string, number>();
  deferred: Ev[] = [];
  readonly clock = new NodeClock();
  readonly disk = new Disk();
  readonly fsync: FsyncQueue<Ev>;
  /** The latest state this incarnation reported (replica.state), if any. */
  state: ReplicaState | undefined;
  ctx!: NodeContext;
  constructor(
    readonly index: number,
    readonly id: NodeId,
    readonly group: GroupName,
    /** For a client: the group whose members it sends requests to. */
    readonly serves: GroupName | undefined,
    readonly make: (ctx: never) => Actor,
    readonly rng: Rng,
    diskRng: Rng,
    syncLatency: Distribution,
  ) {
    this.fsync = new FsyncQueue<Ev>(syncLatency, diskRng);
  }
}
