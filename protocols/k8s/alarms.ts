/**
 * Many scheduled callbacks on one named timer: an actor's timers are named, so work due at many
 * different times (evictions, requeues after a backoff) shares one timer that is re-armed for the
 * earliest. Callbacks due at the same time run in the order they were scheduled.
 */
import type { NodeContext } from '../../sim/node.js';
import type { Time } from '../../sim/time.js';

interface Alarm {
  readonly at: Time;
  readonly seq: number;
  readonly run: () => void;
  cancelled: boolean;
}

/** Cancels a scheduled callback. */
export type Cancel = () => void;

export class Alarms {
  private pending: Alarm[] = [];
  private seq = 0;
  private armedFor: Time | undefined;

  constructor(
    private readonly ctx: NodeContext,
    readonly timer: string,
  ) {}

  /** Runs `run` after `delay` of the actor's clock. */
  after(delay: Time, run: () => void): Cancel {
    const alarm: Alarm = { at: this.ctx.now() + Math.max(0, delay), seq: this.seq++, run, cancelled: false };
    let lo = 0;
    let hi = this.pending.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const m = this.pending[mid]!;
      if (m.at < alarm.at || (m.at === alarm.at && m.seq < alarm.seq)) lo = mid + 1;
      else hi = mid;
    }
    this.pending.splice(lo, 0, alarm);
    this.arm();
    return () => {
      alarm.cancelled = true;
    };
  }

  /** The timer fired: runs what is due. */
  fire(): void {
    this.armedFor = undefined;
    const now = this.ctx.now();
    while (this.pending.length > 0 && this.pending[0]!.at <= now) {
      const a = this.pending.shift()!;
      if (!a.cancelled) a.run();
    }
    this.arm();
  }

  private arm(): void {
    while (this.pending.length > 0 && this.pending[0]!.cancelled) this.pending.shift();
    const next = this.pending[0];
    if (next === undefined || next.at === this.armedFor) return;
    this.armedFor = next.at;
    this.ctx.setTimer(this.timer, Math.max(0, next.at - this.ctx.now()));
  }
}
