import { SimConfigError } from './errors.js';
import type { Message } from './node.js';

/** A message a rule took out of the network, waiting for release. */
export interface Held {
  readonly from: number;
  readonly to: number;
  readonly msg: Message;
  readonly id: number;
}

/** Named buckets of held messages; releasing takes them out in the order asked for. */
export class HoldBuckets {
  private readonly buckets = new Map<string, Held[]>();

  add(bucket: string, held: Held): void {
    const list = this.buckets.get(bucket) ?? [];
    list.push(held);
    this.buckets.set(bucket, list);
  }

  count(bucket: string): number {
    return this.buckets.get(bucket)?.length ?? 0;
  }

  /** Takes messages out: all in arrival order ('fifo'), reversed ('lifo'), or those at the given positions. */
  take(bucket: string, order: 'fifo' | 'lifo' | readonly number[]): Held[] {
    const waiting = this.buckets.get(bucket) ?? [];
    let chosen: Held[];
    if (order === 'fifo') chosen = waiting;
    else if (order === 'lifo') chosen = waiting.slice().reverse();
    else {
      chosen = order.map((i) => {
        const h = waiting[i];
        if (!h) throw new SimConfigError(`release '${bucket}': no held message at position ${i} (holding ${waiting.length})`);
        return h;
      });
    }
    const rest = waiting.filter((h) => !chosen.includes(h));
    if (rest.length) this.buckets.set(bucket, rest);
    else this.buckets.delete(bucket);
    return chosen;
  }
}
