/**
 * Where the cursor goes on a key: the next or previous event overall, on one lane, among the
 * faults, or among the violations. Cursors are event indices; every move is clamped to the trace,
 * and a move with nowhere to go returns the cursor unchanged.
 */
import { lowerBound, upperBound } from './axis.js';

/** Forward or back. */
export type Direction = 1 | -1;

/** One event forward or back. */
export function stepCursor(cursor: number, dir: Direction, count: number): number {
  if (count === 0) return 0;
  return Math.min(count - 1, Math.max(0, cursor + dir));
}

/** The next (or previous) event on lane `lane`; linear from the cursor, as lanes interleave. */
export function nextOnLane(laneOfEvent: Int32Array, lane: number, cursor: number, dir: Direction): number {
  for (let i = cursor + dir; i >= 0 && i < laneOfEvent.length; i += dir) if (laneOfEvent[i] === lane) return i;
  return cursor;
}

/** The next (or previous) index in an ascending list, strictly past the cursor. */
export function nextIn(sorted: ArrayLike<number>, cursor: number, dir: Direction): number {
  const k = dir > 0 ? upperBound(sorted, cursor) : lowerBound(sorted, cursor) - 1;
  return k >= 0 && k < sorted.length ? (sorted[k] as number) : cursor;
}
