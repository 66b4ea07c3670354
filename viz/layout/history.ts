/**
 * The client history as op bars (Jepsen's timeline, Porcupine's client lanes). A bar runs from
 * invocation to completion; an op whose outcome is unknown (`info`, or never completed) is `open`:
 * it may take effect at any time after its call, so the page draws a tail from its bar onwards.
 * Bars are placed by trace event index, through the `client.*` events the world mirrors into the
 * trace, so they share the diagram's axis in both modes.
 *
 * A process whose op ends in `info` is never used again, so a run with crashes has many short-lived
 * processes; one row each would run to hundreds of rows. When the history names the client behind
 * each process (Ensemble's does), there is one row per client, named like its lane; otherwise
 * processes are packed into rows: a process takes the first row free before its first invocation.
 */
import type { HistoryOp } from '../../sim/history.js';
import { lowerBound } from './axis.js';
import { type ViewEvent, compareIds, num } from './events.js';

/** `pending`: invoked and never completed in the history. */
export type OpOutcome = 'ok' | 'fail' | 'info' | 'pending';

/** One op as a bar, positioned by trace event index. */
export interface OpBar {
  /** History index of the invocation: the op's identity (the checker's `call`). */
  readonly index: number;
  /** History index of the completion, or -1. */
  readonly completion: number;
  readonly process: number | string;
  /** The client actor behind the process (its lane), when the history names it. */
  readonly client: string | undefined;
  readonly f: string;
  readonly key: string | undefined;
  /** The invocation's argument. */
  readonly value: unknown;
  /** The completion's value (the result), when there is one. */
  readonly result: unknown;
  readonly outcome: OpOutcome;
  /** Event index of the invocation. */
  readonly start: number;
  /** Event index of the completion (for `info`, when the client gave up); events.length when there is none. */
  readonly end: number;
  /** The outcome is unknown: the op may take effect any time after its call, to the end of the run. */
  readonly open: boolean;
  /** Row, top first (processes are packed into rows). */
  readonly row: number;
  /**
   * Where an open op's tail stops: the next op in its row, or the end of the run (events.length).
   * Equal to `end` for ops with a known outcome.
   */
  readonly tail: number;
}

/** The bars and the rows they are packed into. */
export interface HistoryLayout {
  readonly bars: readonly OpBar[];
  /** Every process, sorted. */
  readonly processes: readonly (number | string)[];
  /** The processes in each row, in the order they used it. */
  readonly rows: readonly (readonly (number | string)[])[];
  /** Each row's name: its client (`c4`), or `p3` (`p3 +2` when three processes share it). */
  readonly rowNames: readonly string[];
}

/**
 * Pairs invocations with completions per process and places them. An op's trace position comes
 * from the `client.*` event carrying its history `index`; when the trace lacks it (a trace level
 * without client events, or a dropped window), from its virtual time.
 */
export function historyBars(history: readonly HistoryOp[], events: readonly ViewEvent[], times: Float64Array): HistoryLayout {
  const eventOf = new Map<number, number>();
  for (let i = 0; i < events.length; i++) {
    const e = events[i] as ViewEvent;
    if (e.kind.startsWith('client.')) {
      const index = num(e['index']);
      if (index !== undefined) eventOf.set(index, i);
    }
  }
  const at = (op: HistoryOp): number => eventOf.get(op.index) ?? Math.min(lowerBound(times, op.time), Math.max(0, events.length - 1));
  const open = new Map<number | string, HistoryOp>();
  const bars: Omit<OpBar, 'row' | 'tail'>[] = [];
  const place = (inv: HistoryOp, done: HistoryOp | undefined): void => {
    const outcome: OpOutcome = done === undefined ? 'pending' : done.type === 'invoke' ? 'pending' : done.type;
    bars.push({
      index: inv.index,
      completion: done?.index ?? -1,
      process: inv.process,
      client: typeof inv.client === 'string' ? inv.client : undefined,
      f: inv.f,
      key: inv.key,
      value: inv.value,
      result: done?.value,
      outcome,
      start: at(inv),
      end: done ? Math.max(at(done), at(inv)) : events.length,
      open: outcome === 'info' || outcome === 'pending',
    });
  };
  for (const op of history) {
    if (op.type === 'invoke') {
      const prev = open.get(op.process);
      if (prev) place(prev, undefined); // a malformed history: keep the first op visible, unfinished
      open.set(op.process, op);
      continue;
    }
    const inv = open.get(op.process);
    if (!inv) continue;
    open.delete(op.process);
    place(inv, op);
  }
  for (const inv of open.values()) place(inv, undefined);
  bars.sort((a, b) => a.start - b.start || a.index - b.index);
  const processes = [...new Set(bars.map((b) => b.process))].sort(compareProcesses);
  const byClient = bars.length > 0 && bars.every((b) => b.client !== undefined);
  const rowOf = byClient ? clientRows(bars) : packRows(bars);
  const rows: (number | string)[][] = [];
  for (const [p, r] of rowOf) (rows[r] ??= []).push(p);
  const clientOf = new Map(bars.map((b) => [b.process, b.client]));
  const rowNames = rows.map((ps) => (byClient ? (clientOf.get(ps[0] as number | string) ?? '') : `p${String(ps[0])}${ps.length > 1 ? ` +${ps.length - 1}` : ''}`));
  const placed = bars.map((b) => ({ ...b, row: rowOf.get(b.process) as number, tail: b.open ? events.length : b.end }));
  // Bars are in start order, so the next bar seen in a row is the one an open tail runs into.
  const lastOpen = new Map<number, number>();
  placed.forEach((b, k) => {
    const prev = lastOpen.get(b.row);
    if (prev !== undefined) placed[prev] = { ...(placed[prev] as OpBar), tail: Math.max((placed[prev] as OpBar).end, b.start) };
    if (b.open) lastOpen.set(b.row, k);
    else lastOpen.delete(b.row);
  });
  return { bars: placed, processes, rows, rowNames };
}

/** One row per client, in the order of their names (c2 before c10): the rows match the client lanes. */
function clientRows(bars: readonly Omit<OpBar, 'row' | 'tail'>[]): Map<number | string, number> {
  const clients = [...new Set(bars.map((b) => b.client as string))].sort(compareIds);
  const rowOf = new Map<number | string, number>();
  for (const b of bars) if (!rowOf.has(b.process)) rowOf.set(b.process, clients.indexOf(b.client as string));
  return rowOf;
}

function compareProcesses(a: number | string, b: number | string): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0;
}

/** First-fit rows by each process's span, in order of first invocation. */
function packRows(bars: readonly Omit<OpBar, 'row' | 'tail'>[]): Map<number | string, number> {
  const span = new Map<number | string, { start: number; end: number }>();
  for (const b of bars) {
    const s = span.get(b.process);
    if (s) s.end = Math.max(s.end, b.end);
    else span.set(b.process, { start: b.start, end: b.end });
  }
  const busyUntil: number[] = [];
  const rowOf = new Map<number | string, number>();
  for (const [p, s] of span) {
    let r = busyUntil.findIndex((until) => until < s.start);
    if (r < 0) r = busyUntil.length;
    busyUntil[r] = s.end;
    rowOf.set(p, r);
  }
  return rowOf;
}

/** The bar whose invocation has history index `index`. */
export function barByIndex(bars: readonly OpBar[], index: number): OpBar | undefined {
  return bars.find((b) => b.index === index);
}
