/**
 * The order the checker found for a linearizable run, as the viewer draws it: one chain per
 * partition of operations (by history index), in linearization order. Read defensively, like
 * the counterexample: a report from an older run has none, and a malformed entry is skipped.
 */
import { num, record, str } from './events.js';
import type { OpBar } from './history.js';
import { type LinearizationPoint, linearizationPoints } from './witness.js';

/** One partition's linearization. */
export interface LinearizationChain {
  readonly partition: string;
  /** History indices of the operations' invocations, in linearization order. */
  readonly ops: readonly number[];
}

export function readLinearization(value: unknown): readonly LinearizationChain[] {
  if (!Array.isArray(value)) return [];
  const chains: LinearizationChain[] = [];
  for (const entry of value) {
    const r = record(entry);
    if (!r || !Array.isArray(r['order'])) continue;
    const ops = r['order'].map(num).filter((i): i is number => i !== undefined);
    if (ops.length > 0) chains.push({ partition: str(r['partition']) ?? '', ops });
  }
  return chains;
}

/** Each chain's points on the axis (see `linearizationPoints`). */
export function chainPoints(chains: readonly LinearizationChain[], bars: ReadonlyMap<number, OpBar>, pos: (eventIndex: number) => number): readonly (readonly LinearizationPoint[])[] {
  return chains.map((c) => linearizationPoints(c.ops.map((index) => ({ index, text: undefined })), bars, pos));
}

/**
 * The runs of consecutive points of a chain a window [p0, p1] needs: every point inside it, and
 * both ends of every segment that crosses it, so the joining line runs to the window's edges.
 */
export function windowRuns(points: readonly LinearizationPoint[], p0: number, p1: number): readonly (readonly LinearizationPoint[])[] {
  const runs: LinearizationPoint[][] = [];
  let run: LinearizationPoint[] = [];
  const crosses = (a: LinearizationPoint, b: LinearizationPoint): boolean => Math.min(a.pos, b.pos) <= p1 && Math.max(a.pos, b.pos) >= p0;
  for (let i = 0; i < points.length; i++) {
    const p = points[i] as LinearizationPoint;
    const prev = points[i - 1];
    const next = points[i + 1];
    const needed = (p.pos >= p0 && p.pos <= p1) || (prev !== undefined && crosses(prev, p)) || (next !== undefined && crosses(p, next));
    if (needed) run.push(p);
    else if (run.length > 0) {
      runs.push(run);
      run = [];
    }
  }
  if (run.length > 0) runs.push(run);
  return runs;
}
