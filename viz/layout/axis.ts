/**
 * The shared horizontal axis. Every view places things by trace event index; the axis turns an
 * index into a position. Two modes, after Porcupine's and ShiViz's experience that both matter:
 * `order` spaces events evenly (many share one virtual millisecond, and bursts deserve room) and
 * `time` spaces them by virtual time (fault durations and latencies read true).
 */
import type { ViewEvent } from './events.js';

/** `order`: one step per event; `time`: virtual microseconds. */
export type AxisMode = 'order' | 'time';

export const AXIS_MODES: readonly AxisMode[] = ['order', 'time'];

/**
 * Position of each event index in the given mode, plus one past the end (index `events.length`,
 * where open-ended things such as unfinished operations stop). Non-decreasing, because the trace
 * is ordered by time and then sequence.
 */
export function positions(events: readonly ViewEvent[], mode: AxisMode): Float64Array {
  const n = events.length;
  const out = new Float64Array(n + 1);
  if (mode === 'order') {
    for (let i = 0; i <= n; i++) out[i] = i;
    return out;
  }
  for (let i = 0; i < n; i++) out[i] = (events[i] as ViewEvent).t;
  const last = n === 0 ? 0 : (events[n - 1] as ViewEvent).t;
  // A little room after the last event so its marks are not on the frame's edge.
  out[n] = last + Math.max(1, Math.round((last - (n === 0 ? 0 : (events[0] as ViewEvent).t)) / 200));
  return out;
}

/** The first index whose value is >= x in a non-decreasing array (array length when none). */
export function lowerBound(sorted: ArrayLike<number>, x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((sorted[mid] as number) < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The first index whose value is > x in a non-decreasing array. */
export function upperBound(sorted: ArrayLike<number>, x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((sorted[mid] as number) <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Virtual times of the events, for searching by time. */
export function timesOf(events: readonly ViewEvent[]): Float64Array {
  const out = new Float64Array(events.length);
  for (let i = 0; i < events.length; i++) out[i] = (events[i] as ViewEvent).t;
  return out;
}

/** The index of the first event at or after virtual time `t` (events.length when none). */
export function indexAtTime(times: Float64Array, t: number): number {
  return lowerBound(times, t);
}

/** The event index whose `seq` is `seq`, or the nearest one after it (the trace may start mid-run). */
export function indexOfSeq(events: readonly ViewEvent[], seq: number): number {
  let lo = 0;
  let hi = events.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((events[mid] as ViewEvent).seq < seq) lo = mid + 1;
    else hi = mid;
  }
  return Math.min(lo, Math.max(0, events.length - 1));
}
