/**
 * Messages held back until what they promise is on disk: persist before you send (Raft's Figure 2,
 * etcd's Ready contract, ZAB's "log before ack", Paxos's "promise only what is durable"). Each
 * message says what it depends on:
 * - `all`: everything written so far (an acknowledgement of entries promises those entries);
 * - `state`: only the writes noted with `stateWritten` (Raft's term and vote, ZAB's epochs, a
 *   Paxos promise), which need not wait for log entries written after them;
 * - `none`: nothing durable (a refusal, a pre-vote).
 * A message whose dependency is not yet durable waits for the next fsync; the step bracket
 * (steps.ts) issues one at the end of every step that wrote or held something, so nothing waits
 * longer than one fsync.
 */
import type { Message, NodeContext, NodeId } from '../../sim/node.js';

export type Needs = 'all' | 'state' | 'none';

export class Outbox<M extends Message> {
  private held: { readonly to: NodeId; readonly msg: M }[] = [];
  private stateWrites = 0;
  private stateDurable = 0;

  constructor(private readonly ctx: NodeContext<M>) {}

  /** Notes that a write messages may depend on with `state` was just made. */
  stateWritten(): void {
    this.stateWrites++;
  }

  send(to: NodeId, msg: M, needs: Needs): void {
    const wait =
      needs === 'all'
        ? this.held.length > 0 || this.ctx.disk.unsyncedWrites > 0
        : needs === 'state'
          ? this.stateDurable < this.stateWrites
          : false;
    if (wait) this.held.push({ to, msg });
    else this.ctx.send(to, msg);
  }

  /** True while messages wait for an fsync. */
  get holding(): boolean {
    return this.held.length > 0;
  }

  /**
   * Ends a step that wrote to disk or holds messages: issues an fsync that releases them.
   * `durable` runs (inside a node step, via `step`) once the fsync completes.
   */
  flush(step: (fn: () => void) => void, durable: () => void): void {
    const batch = this.held;
    this.held = [];
    const marked = this.stateWrites;
    this.ctx.disk.sync(() =>
      step(() => {
        if (marked > this.stateDurable) this.stateDurable = marked;
        for (const { to, msg } of batch) this.ctx.send(to, msg);
        durable();
      }),
    );
  }
}
