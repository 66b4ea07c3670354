import { type Distribution, sample } from './latency.js';
import type { Rng } from './rng.js';
import type { Time } from './time.js';

/** A sync waiting to complete: the disk's sync point it makes durable, and its callback. */
export interface PendingSync {
  readonly point: number;
  readonly done: (() => void) | undefined;
  at: Time;
}

/**
 * One node's fsync device queue. Syncs complete in the order issued, each after a latency drawn
 * from the disk's distribution. A latency change re-times the queue (never later than already
 * promised); a stall holds completions until it ends. The world schedules the completion events
 * this queue asks for and hands them back when they fall due; `T` is the world's event type.
 */
export class FsyncQueue<T> {
  private inflight: PendingSync[] = [];
  private held: T[] = [];
  private last = 0;
  private stalledUntil = 0;
  /** Bumped when the queue is re-timed: completion events of an older generation are stale. */
  private gen = 0;

  constructor(
    public latency: Distribution,
    private readonly rng: Rng,
  ) {}

  /** The generation a completion event scheduled now carries. */
  get generation(): number {
    return this.gen;
  }

  /** Queues a sync issued now; returns it, with the time it completes (`at`). */
  issue(point: number, done: (() => void) | undefined, now: Time): PendingSync {
    const at = Math.max(now + sample(this.latency, this.rng), this.last);
    this.last = at;
    const sync = { point, done, at };
    this.inflight.push(sync);
    return sync;
  }

  /**
   * Changes the latency and redraws every queued sync under it, keeping the earlier of the two
   * times: a disk that gets faster drains its queue faster; one that gets slower keeps its promises.
   * Returns the syncs to schedule anew, with the new generation.
   */
  setLatency(latency: Distribution, now: Time): { syncs: readonly PendingSync[]; gen: number } {
    this.latency = latency;
    if (this.inflight.length === 0) return { syncs: [], gen: this.gen };
    this.gen++;
    let floor = now;
    for (const sync of this.inflight) {
      sync.at = Math.max(floor, Math.min(sync.at, now + sample(latency, this.rng)));
      floor = sync.at;
    }
    this.last = floor;
    return { syncs: this.inflight, gen: this.gen };
  }

  /**
   * A completion event of generation `gen` fell due. False when it is stale (re-timed since);
   * otherwise it leaves the in-flight queue. Detached events (gen < 0) were already taken out.
   */
  due(gen: number): boolean {
    if (gen < 0) return true;
    if (gen !== this.gen) return false;
    this.inflight.shift();
    return true;
  }

  /** Whether completions must wait: a stall is on, or earlier ones still wait behind it. */
  isHolding(now: Time): boolean {
    return this.stalledUntil > now || this.held.length > 0;
  }

  hold(event: T): void {
    this.held.push(event);
  }

  /** Stalls the device until at least `now + duration`; returns when the stall ends. */
  stall(now: Time, duration: Time): Time {
    this.stalledUntil = Math.max(this.stalledUntil, now + duration);
    return this.stalledUntil;
  }

  /** True when the stall that was to end at `until` is still the current one. */
  stallEndsAt(until: Time): boolean {
    return this.stalledUntil === until;
  }

  /** Ends any stall now; returns the held completions, in order, to run now. */
  release(now: Time): T[] {
    this.stalledUntil = Math.min(this.stalledUntil, now);
    const held = this.held;
    this.held = [];
    return held;
  }

  /** A crash: nothing queued survives (the disk itself keeps only synced writes). */
  crash(): void {
    this.inflight = [];
    this.held = [];
  }
}
