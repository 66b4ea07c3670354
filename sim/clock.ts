import type { Time } from './time.js';

/**
 * A node's own clock. Its reading is `anchorLocal + (global - anchorGlobal) * rate`: an offset
 * (skew) and a rate (drift), as real oscillators have. Timer durations are measured on this clock,
 * so a node whose clock runs slow waits longer in true time, which is what breaks leases.
 */
export class NodeClock {
  private anchorGlobal = 0;
  private anchorLocal = 0;
  private rate = 1;

  local(global: Time): Time {
    return Math.floor(this.anchorLocal + (global - this.anchorGlobal) * this.rate);
  }

  /** True (global) time that `localDuration` of this clock takes, at least 0. */
  toGlobalDuration(localDuration: Time): Time {
    return Math.max(0, Math.ceil(localDuration / this.rate));
  }

  /** Steps the clock by `delta` (positive or negative) at `global`. */
  jump(global: Time, delta: Time): void {
    this.reanchor(global);
    this.anchorLocal += delta;
  }

  /** Changes how fast the clock runs from `global` on (1 = true rate, 0.5 = half speed). */
  setRate(global: Time, rate: number): void {
    if (!(rate > 0) || !Number.isFinite(rate)) throw new RangeError(`clock rate must be a positive number, got ${rate}`);
    this.reanchor(global);
    this.rate = rate;
  }

  get currentRate(): number {
    return this.rate;
  }

  /** Offset of this clock from true time at `global`. */
  skewAt(global: Time): Time {
    return this.local(global) - global;
  }

  private reanchor(global: Time): void {
    this.anchorLocal = this.local(global);
    this.anchorGlobal = global;
  }
}
