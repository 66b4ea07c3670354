/**
 * The bracket around every step of a replica (a message, a timer, a client request, a completed
 * fsync): run the handler; if it wrote to disk or holds messages, issue one fsync that releases
 * them once durable; then report the replica's state if it changed. One fsync per step, never one
 * per write, is what makes batching fall out of the design.
 */
import type { Message, NodeContext } from '../../sim/node.js';
import type { Outbox } from './outbox.js';

export interface StepHooks {
  /**
   * The step wrote or holds messages and is about to fsync: returns what to run, inside a step,
   * once the fsync completes (e.g. "the log is durable up to here").
   */
  beforeSync?(): () => void;
  /** Reports the replica's state; called at the end of every step. */
  report(): void;
}

export class Steps {
  private inStep = false;

  constructor(
    private readonly ctx: NodeContext<any>,
    private readonly outbox: Outbox<Message>,
    private readonly hooks: StepHooks,
  ) {}

  /** Runs `fn` as one step, or as part of the step already running. */
  run(fn: () => void): void {
    if (this.inStep) {
      fn();
      return;
    }
    const before = this.begin();
    fn();
    this.end(before);
  }

  /**
   * Starts a step; returns the count of unsynced writes, to tell at the end whether it wrote. Hot
   * entry points use `begin(); …; end()` rather than `run(() => …)`: one closure less per message.
   */
  begin(): number {
    this.inStep = true;
    return this.ctx.disk.unsyncedWrites;
  }

  end(unsyncedBefore: number): void {
    this.inStep = false;
    if (this.ctx.disk.unsyncedWrites > unsyncedBefore || this.outbox.holding) {
      const durable = this.hooks.beforeSync?.();
      this.outbox.flush((f) => this.run(f), durable ?? noop);
    }
    this.hooks.report();
  }
}

const noop = (): void => {};
