/**
 * The failure detector: a follower that hears from no leader for a randomized timeout, drawn from
 * [t, 2t) on the replica's own random stream, runs phase 1; a candidate that does not win in time
 * (or is pre-empted) backs off by a fresh draw before it tries a higher ballot.
 */
import type { NodeContext } from '../../sim/node.js';
import type { Time } from '../../sim/time.js';

/** Firing this timer (the nemesis's `fire-timer`) makes the replica run phase 1 now. */
export const FAILURE = 'paxos.failure';
/**
 * The timer that actually waits. Hearing from the leader only moves a deadline; the timer, when it
 * fires early, waits again for the rest (one event per timeout instead of one per message).
 */
export const FAILURE_WAIT = 'paxos.failure-wait';

export class FailureDetector {
  private deadline = 0;
  private armed = false;

  constructor(
    private readonly ctx: NodeContext<any>,
    private readonly timeout: Time,
    private readonly expired: () => void,
  ) {}

  /** Holds phase 1 off for a fresh draw from [timeout, 2·timeout). */
  reset(): void {
    const wait = this.timeout + Math.floor(this.ctx.random() * this.timeout);
    this.deadline = this.ctx.now() + wait;
    if (!this.armed) {
      this.ctx.setTimer(FAILURE_WAIT, wait);
      this.armed = true;
    }
  }

  /** A leader suspects nobody. */
  stop(): void {
    this.ctx.cancelTimer(FAILURE_WAIT);
    this.armed = false;
  }

  /** The waiting timer fired: expire, or wait for the rest if the deadline moved. */
  waited(): void {
    this.armed = false;
    const left = this.deadline - this.ctx.now();
    if (left > 0) {
      this.ctx.setTimer(FAILURE_WAIT, left);
      this.armed = true;
    } else {
      this.expired();
    }
  }
}
