/**
 * The scheduling queue: pods waiting for a node, highest priority first, then first come (the
 * PrioritySort plugin). A pod no node can take waits among the unschedulable until something in the
 * cluster changes (a node appears or changes, a pod goes away) or `flush` finds it has waited long
 * enough; it then goes back after its backoff, 1s doubled per failed attempt up to 10s by default.
 */
import type { Time } from '../../../sim/time.js';

export interface QueuedPod {
  readonly name: string;
  readonly priority: number;
  /** When it first joined the queue (the scheduler's clock): the FIFO order among equal priorities. */
  readonly since: Time;
  readonly seq: number;
  attempts: number;
  /** Not before this time (after a failed attempt). */
  backoffUntil: Time;
  /** When it became unschedulable. */
  parkedAt: Time;
}

export interface BackoffOptions {
  readonly initial: Time;
  readonly max: Time;
}

export class SchedulingQueue {
  private active: QueuedPod[] = [];
  private readonly backingOff = new Map<string, QueuedPod>();
  private readonly unschedulable = new Map<string, QueuedPod>();
  private readonly known = new Map<string, QueuedPod>();
  private seq = 0;

  constructor(private readonly backoff: BackoffOptions) {}

  get size(): number {
    return this.known.size;
  }

  has(name: string): boolean {
    return this.known.has(name);
  }

  get activeCount(): number {
    return this.active.length;
  }

  /** Adds a pod that needs a node (nothing if it is already queued). */
  add(name: string, priority: number, now: Time): void {
    if (this.known.has(name)) return;
    const q: QueuedPod = { name, priority, since: now, seq: this.seq++, attempts: 0, backoffUntil: 0, parkedAt: 0 };
    this.known.set(name, q);
    this.activate(q);
  }

  /** The next pod to schedule, after moving pods whose backoff ended to the active queue. */
  pop(now: Time): QueuedPod | undefined {
    this.promote(now);
    const q = this.active.shift();
    if (q !== undefined) this.known.delete(q.name);
    return q;
  }

  /** A popped pod no node could take: it waits for a cluster change. */
  park(q: QueuedPod, now: Time): void {
    q.attempts++;
    q.backoffUntil = now + this.backoffOf(q.attempts);
    q.parkedAt = now;
    this.known.set(q.name, q);
    this.unschedulable.set(q.name, q);
  }

  /** A popped pod whose binding failed: it is retried after its backoff. */
  retry(q: QueuedPod, now: Time): void {
    q.attempts++;
    q.backoffUntil = now + this.backoffOf(q.attempts);
    this.known.set(q.name, q);
    this.backingOff.set(q.name, q);
  }

  /** Something changed in the cluster: every unschedulable pod may fit now. */
  moveAll(now: Time): void {
    for (const q of this.unschedulable.values()) {
      if (q.backoffUntil > now) this.backingOff.set(q.name, q);
      else this.activate(q);
    }
    this.unschedulable.clear();
  }

  /** Unschedulable pods parked longer than `age` go back (Kubernetes' periodic flush). */
  flush(now: Time, age: Time): void {
    for (const q of [...this.unschedulable.values()]) {
      if (now - q.parkedAt < age) continue;
      this.unschedulable.delete(q.name);
      this.activate(q);
    }
  }

  remove(name: string): void {
    if (!this.known.delete(name)) return;
    this.backingOff.delete(name);
    this.unschedulable.delete(name);
    const i = this.active.findIndex((q) => q.name === name);
    if (i >= 0) this.active.splice(i, 1);
  }

  /** When the earliest backoff ends, if any pod is backing off. */
  nextBackoff(): Time | undefined {
    let next: Time | undefined;
    for (const q of this.backingOff.values()) if (next === undefined || q.backoffUntil < next) next = q.backoffUntil;
    return next;
  }

  private promote(now: Time): void {
    for (const q of [...this.backingOff.values()]) {
      if (q.backoffUntil > now) continue;
      this.backingOff.delete(q.name);
      this.activate(q);
    }
  }

  private activate(q: QueuedPod): void {
    let lo = 0;
    let hi = this.active.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (before(this.active[mid]!, q)) lo = mid + 1;
      else hi = mid;
    }
    this.active.splice(lo, 0, q);
  }

  private backoffOf(attempts: number): Time {
    let d = this.backoff.initial;
    for (let i = 1; i < attempts && d < this.backoff.max; i++) d *= 2;
    return Math.min(d, this.backoff.max);
  }
}

/** PrioritySort: higher priority first, then the earlier arrival. */
function before(a: QueuedPod, b: QueuedPod): boolean {
  if (a.priority !== b.priority) return a.priority > b.priority;
  if (a.since !== b.since) return a.since < b.since;
  return a.seq < b.seq;
}
