/**
 * Rendering by window. Marks on screen, not data, are what make a big trace slow (the prototype
 * measured 4.3 s for 200k SVG lines), so the page draws only the visible span of the axis and,
 * when that span holds more than a budget of marks, draws per-lane event counts in buckets
 * instead (as ShiViz collapses runs of events) and says so.
 */
import { lowerBound, upperBound } from './axis.js';

/** Most point events drawn one by one in a window; beyond it the window is aggregated. */
export const MARK_BUDGET = 10_000;
/** Most op bars drawn one by one in a window. */
export const OP_BUDGET = 4_000;
/** Width an op bar needs in its row to be seen as one (Jepsen's timeline gives each op its own box). */
export const OP_PIXELS = 5;
/** Beyond this many events per pixel of plot width, arrows overlap into a solid smear. */
export const EVENTS_PER_PIXEL = 1.5;

/**
 * The mark budget for a plot this wide: what stays legible, and never more than MARK_BUDGET
 * (what stays fast).
 */
export function legibleBudget(plotWidth: number): number {
  return Math.min(MARK_BUDGET, Math.max(200, Math.round(plotWidth * EVENTS_PER_PIXEL)));
}

/**
 * The op-bar budget for history rows this wide: about one op per `OP_PIXELS` of each row, so
 * ops stay boxes, not a smear (and their linearization points dots, not a black band); never more
 * than OP_BUDGET.
 */
export function legibleOps(plotWidth: number, rows: number): number {
  return Math.min(OP_BUDGET, Math.max(50, Math.round((plotWidth * Math.max(1, rows)) / OP_PIXELS)));
}

/** The events a window covers and how to draw them. */
export interface WindowPlan {
  /** First event index in the window. */
  readonly lo: number;
  /** One past the last event index in the window. */
  readonly hi: number;
  /** Events in the window. */
  readonly count: number;
  /** Whether the window is drawn as densities. */
  readonly aggregate: boolean;
}

/** Which events fall in the axis span [p0, p1], and whether to aggregate them. */
export function planWindow(pos: Float64Array, eventCount: number, p0: number, p1: number, budget = MARK_BUDGET): WindowPlan {
  const view = pos.subarray(0, eventCount);
  const lo = lowerBound(view, p0);
  const hi = upperBound(view, p1);
  const count = Math.max(0, hi - lo);
  return { lo, hi, count, aggregate: count > budget };
}

/**
 * Events per lane per bucket over [p0, p1]: `counts[lane * buckets + b]`. Events on no lane
 * (`laneOfEvent[i] < 0`) are not counted.
 */
export function densities(laneOfEvent: Int32Array, laneCount: number, pos: Float64Array, plan: WindowPlan, p0: number, p1: number, buckets: number): Uint32Array {
  const counts = new Uint32Array(laneCount * buckets);
  const width = p1 - p0;
  if (!(width > 0) || buckets <= 0) return counts;
  for (let i = plan.lo; i < plan.hi; i++) {
    const lane = laneOfEvent[i] as number;
    if (lane < 0) continue;
    const b = Math.min(buckets - 1, Math.max(0, Math.floor((((pos[i] as number) - p0) / width) * buckets)));
    counts[lane * buckets + b] = (counts[lane * buckets + b] as number) + 1;
  }
  return counts;
}

/** Whether the span [start, end] (event indices, end -1 = open) meets the window. */
export function spanMeets(start: number, end: number, plan: WindowPlan): boolean {
  return start < plan.hi && (end < 0 || end >= plan.lo);
}

/** The spans that meet the window (an end of -1 is open to the end of the run). */
export function spansInWindow<T extends { readonly start: number; readonly end: number }>(spans: readonly T[], plan: WindowPlan): T[] {
  return spans.filter((s) => spanMeets(s.start, s.end, plan));
}
