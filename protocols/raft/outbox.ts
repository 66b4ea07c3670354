/**
 * Messages held back until what they promise is on disk. Raft's rule (Figure 2; etcd's Ready
 * contract): persist term, vote and entries before sending anything that depends on them. Each
 * message says what it depends on:
 * - `log`: everything written so far (an append acknowledgement promises its entries);
 * - `hard`: the term and vote (a granted vote; a heartbeat or append from a leader of this term);
 * - `none`: nothing durable (a refusal, a pre-vote).
 * A message whose dependency is not yet durable waits for the next fsync; the node issues one at
 * the end of every step that wrote or held something (`flush`), so nothing waits longer than one fsync.
 */
import type { NodeContext, NodeId } from '../../sim/node.js';
import type { RaftMessage } from './messages.js';

export type Needs = 'log' | 'hard' | 'none';

export class Outbox {
  private held: { readonly to: NodeId; readonly msg: RaftMessage }[] = [];
  private hardWrites = 0;
  private hardDurable = 0;

  constructor(private readonly ctx: NodeContext<RaftMessage>) {}

  /** Notes that the term or vote was just written. */
  hardWritten(): void {
    this.hardWrites++;
  }

  send(to: NodeId, msg: RaftMessage, needs: Needs): void {
    const wait =
      needs === 'log'
        ? this.held.length > 0 || this.ctx.disk.unsyncedWrites > 0
        : needs === 'hard'
          ? this.hardDurable < this.hardWrites
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
    const hard = this.hardWrites;
    this.ctx.disk.sync(() =>
      step(() => {
        if (hard > this.hardDurable) this.hardDurable = hard;
        for (const { to, msg } of batch) this.ctx.send(to, msg);
        durable();
      }),
    );
  }
}
