/**
 * Message arrows: each `net.send` paired with what became of it, by message id. A message ends
 * delivered (`net.deliver`), dropped (`net.drop`: lost, partitioned, discarded, or its receiver
 * crashed), or still in flight when the trace ends. A duplicated message has two ends; the second
 * is drawn as the duplicate. A message a rule held back, or one that took far longer than the
 * run's usual latency (reordering, a paused receiver), is marked delayed.
 */
import { type ViewEvent, num, str } from './events.js';

/** What became of a message (one arrow per copy). */
export type ArrowStatus = 'delivered' | 'dropped' | 'duplicate' | 'in-flight';

/** One copy of a message, from its send to its end. */
export interface Arrow {
  readonly id: number;
  /** Message kind (`msg`), e.g. `pb.replicate`. */
  readonly msg: string;
  readonly from: string;
  readonly to: string;
  /** Event index of the send. */
  readonly send: number;
  /** Event index of the delivery or drop; `-1` while in flight at the end of the trace. */
  readonly end: number;
  readonly status: ArrowStatus;
  /** Held by a rule, or slower than `SLOW_FACTOR` times the median latency. */
  readonly delayed: boolean;
  /** Why it was dropped (`loss`, `partition`, `crashed`, `rule:…`). */
  readonly reason?: string;
}

/** A delivery this many times slower than the median counts as delayed. */
export const SLOW_FACTOR = 4;

interface Pending {
  readonly id: number;
  readonly msg: string;
  readonly from: string;
  readonly to: string;
  readonly send: number;
  ends: number;
  held: boolean;
}

/**
 * Pairs sends with their ends. Ends whose send is not in the trace (a trace window that starts
 * mid-run) are left out and counted in `orphans`. Arrows come in send order, duplicates right
 * after their original.
 */
export function pairMessages(events: readonly ViewEvent[]): { readonly arrows: readonly Arrow[]; readonly orphans: number } {
  const open = new Map<number, Pending>();
  const ends: { p: Pending; end: number; dropped: boolean; reason: string | undefined }[] = [];
  const order: Pending[] = [];
  let orphans = 0;
  for (let i = 0; i < events.length; i++) {
    const e = events[i] as ViewEvent;
    const id = num(e['id']);
    if (id === undefined) continue;
    switch (e.kind) {
      case 'net.send': {
        const p: Pending = { id, msg: str(e['msg']) ?? '?', from: e.node ?? '?', to: str(e['to']) ?? '?', send: i, ends: 0, held: false };
        open.set(id, p);
        order.push(p);
        break;
      }
      case 'net.hold': {
        const p = open.get(id);
        if (p) p.held = true;
        break;
      }
      case 'net.deliver':
      case 'net.drop': {
        const p = open.get(id);
        if (!p) {
          orphans++;
          break;
        }
        p.ends++;
        ends.push({ p, end: i, dropped: e.kind === 'net.drop', reason: str(e['reason']) });
        break;
      }
    }
  }
  const latencies: number[] = [];
  for (const x of ends) {
    if (!x.dropped && x.p.ends === 1) latencies.push((events[x.end] as ViewEvent).t - (events[x.p.send] as ViewEvent).t);
  }
  const slow = SLOW_FACTOR * median(latencies);
  const byPending = new Map<Pending, Arrow[]>();
  for (const x of ends) {
    const list = byPending.get(x.p) ?? [];
    const latency = (events[x.end] as ViewEvent).t - (events[x.p.send] as ViewEvent).t;
    const status: ArrowStatus = x.dropped ? 'dropped' : list.length > 0 ? 'duplicate' : 'delivered';
    const base = { id: x.p.id, msg: x.p.msg, from: x.p.from, to: x.p.to, send: x.p.send, end: x.end, status };
    const delayed = x.p.held || (!x.dropped && slow > 0 && latency > slow);
    list.push(x.reason === undefined ? { ...base, delayed } : { ...base, delayed, reason: x.reason });
    byPending.set(x.p, list);
  }
  const arrows: Arrow[] = [];
  for (const p of order) {
    const list = byPending.get(p);
    if (list) arrows.push(...list);
    else arrows.push({ id: p.id, msg: p.msg, from: p.from, to: p.to, send: p.send, end: -1, status: 'in-flight', delayed: p.held });
  }
  return { arrows, orphans };
}

function median(values: number[]): number {
  if (values.length === 0) return 0;
  const sorted = Float64Array.from(values).sort();
  return sorted[sorted.length >> 1] as number;
}

/** Messages sent at or before event `at` that had not reached their end by then. */
export function inFlightAt(arrows: readonly Arrow[], at: number): readonly Arrow[] {
  const out: Arrow[] = [];
  for (const a of arrows) {
    if (a.send > at) break; // arrows are in send order
    if (a.end === -1 || a.end > at) out.push(a);
  }
  return out;
}
