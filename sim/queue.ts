import type { Time } from './time.js';

/** What the queue orders: an instant and the sequence number the queue stamps on insertion. */
export interface Scheduled {
  time: Time;
  seq: number;
}

/**
 * A binary min-heap ordered by (time, insertion sequence): a total order, so two events at the same
 * virtual instant always run in the order they were scheduled. Cancellation is the caller's job
 * (lazy: mark the event dead and skip it when popped), which keeps cancel O(1).
 */
export class EventQueue<E extends Scheduled> {
  private heap: E[] = [];
  private nextSeq = 0;

  get size(): number {
    return this.heap.length;
  }

  /** Stamps `event.seq` and inserts it. */
  push(event: E): void {
    event.seq = this.nextSeq++;
    const heap = this.heap;
    let i = heap.length;
    heap.push(event);
    while (i > 0) {
      const parentIndex = (i - 1) >> 1;
      const parent = heap[parentIndex] as E;
      if (parent.time < event.time || (parent.time === event.time && parent.seq < event.seq)) break;
      heap[i] = parent;
      i = parentIndex;
    }
    heap[i] = event;
  }

  peek(): E | undefined {
    return this.heap[0];
  }

  pop(): E | undefined {
    const heap = this.heap;
    const top = heap[0];
    if (top === undefined) return undefined;
    const last = heap.pop() as E;
    const n = heap.length;
    if (n === 0) return top;
    let i = 0;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= n) break;
      const right = left + 1;
      let child = left;
      let c = heap[left] as E;
      if (right < n) {
        const r = heap[right] as E;
        if (r.time < c.time || (r.time === c.time && r.seq < c.seq)) {
          child = right;
          c = r;
        }
      }
      if (last.time < c.time || (last.time === c.time && last.seq < c.seq)) break;
      heap[i] = c;
      i = child;
    }
    heap[i] = last;
    return top;
  }
}
