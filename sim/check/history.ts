/**
 * Histories as recorded (events) and as checked (operations: an invocation paired with its
 * completion). The pairing follows Jepsen: `fail` means the operation did not happen and it is
 * dropped; `info`, or no completion at all, means the outcome is unknown.
 */
import { HistoryError } from './errors.js';

export type EventType = 'invoke' | 'ok' | 'fail' | 'info';

/** A client identity; one outstanding operation per process at a time. */
export type Process = number | string;

/**
 * One line of a Jepsen-style history. For `invoke`, `value` is the argument; for `ok`, the result.
 * The order of the events in the history is their real-time order.
 */
export interface HistoryEvent {
  readonly process: Process;
  /**
   * The client behind the process, when the history names it (Ensemble's own: `c4`). A client
   * runs many processes over a run (a new one after each unknown outcome); the client stays.
   */
  readonly client?: string;
  readonly type: EventType;
  readonly f: string;
  readonly key?: string;
  readonly value?: unknown;
  readonly index?: number;
  readonly time?: number;
  /** Where the event was read from, for error messages and counterexamples. */
  readonly line?: number;
}

/** An invocation with its completion. */
export interface Operation {
  /** Position among the operations, in invocation order. */
  readonly id: number;
  readonly process: Process;
  /** The client behind the process, when the history names it. */
  readonly client: string | undefined;
  readonly f: string;
  readonly key: string | undefined;
  /** The invocation's argument. */
  readonly value: unknown;
  /** `info`: unknown outcome (it may have taken effect at any time after `call`, or never). */
  readonly outcome: 'ok' | 'info';
  /** The completion's value; `undefined` when the outcome is unknown. */
  readonly result: unknown;
  /** Position of the invocation in the history's events. */
  readonly call: number;
  /** Position of the completion, or `Infinity` when the outcome is unknown. */
  readonly ret: number;
  /** Source lines of the invocation and the completion, when the history came from a file. */
  readonly line: number | undefined;
  readonly retLine: number | undefined;
  /** The events' `time` fields, when they have them. */
  readonly callTime: number | undefined;
  readonly retTime: number | undefined;
}

/** The operations of a history and what was left out of them. */
export interface PairedHistory {
  readonly operations: readonly Operation[];
  /** Operations that completed with `fail` (dropped: they did not happen). */
  readonly failed: number;
  readonly events: number;
}

const TYPES: ReadonlySet<string> = new Set(['invoke', 'ok', 'fail', 'info']);

/**
 * Pairs invocations with completions by process. Throws `HistoryError` (naming the line) for a
 * completion without an invocation, a second invocation while one is pending, or mismatched `f`.
 */
export function pairOperations(events: readonly HistoryEvent[], file?: string): PairedHistory {
  const n = events.length;
  // Pass 1: match each invocation with its completion (positions in typed arrays, no objects).
  const completion = new Int32Array(n).fill(-1);
  const pending = new Map<Process, number>();
  let failed = 0;
  const where = (position: number): { file?: string; line: number } => ({
    ...(file === undefined ? {} : { file }),
    line: events[position]?.line ?? position + 1,
  });
  for (let position = 0; position < n; position++) {
    const e = events[position] as HistoryEvent;
    if (!TYPES.has(e.type)) {
      throw new HistoryError(`expected type invoke, ok, fail or info; got ${JSON.stringify(e.type)}`, where(position));
    }
    if (typeof e.f !== 'string' || e.f.length === 0) {
      throw new HistoryError(`expected a non-empty string f; got ${JSON.stringify(e.f)}`, where(position));
    }
    if (!isProcess(e.process)) {
      throw new HistoryError(`expected process to be a whole number from 0 (or a name); got ${JSON.stringify(e.process) ?? String(e.process)}`, where(position));
    }
    const open = pending.get(e.process);
    if (e.type === 'invoke') {
      if (open !== undefined) {
        const before = events[open] as HistoryEvent;
        throw new HistoryError(
          `process ${String(e.process)} invokes ${e.f} while its ${before.f} from line ${before.line ?? open + 1} is still pending (expected a completion first)`,
          where(position),
        );
      }
      pending.set(e.process, position);
      continue;
    }
    if (open === undefined) {
      throw new HistoryError(`${e.type} for process ${String(e.process)}, which has no pending invocation (expected an invoke first)`, where(position));
    }
    const invoke = events[open] as HistoryEvent;
    if (invoke.f !== e.f) {
      throw new HistoryError(`${e.type} ${e.f} completes process ${String(e.process)}'s pending ${invoke.f} (expected f ${invoke.f})`, where(position));
    }
    if (e.key !== undefined && invoke.key !== undefined && e.key !== invoke.key) {
      throw new HistoryError(`${e.type} has key ${JSON.stringify(e.key)} but its invocation has key ${JSON.stringify(invoke.key)}`, where(position));
    }
    pending.delete(e.process);
    completion[open] = position;
    if (e.type === 'fail') failed++;
  }
  // Pass 2: the operations in invocation order, failed ones left out.
  const operations: Operation[] = [];
  for (let position = 0; position < n; position++) {
    const invoke = events[position] as HistoryEvent;
    if (invoke.type !== 'invoke') continue;
    const done = completion[position] as number;
    const end = done < 0 ? undefined : (events[done] as HistoryEvent);
    if (end?.type === 'fail') continue;
    const ok = end?.type === 'ok' ? end : undefined;
    operations.push({
      id: operations.length,
      process: invoke.process,
      client: invoke.client,
      f: invoke.f,
      key: invoke.key,
      value: invoke.value,
      outcome: ok === undefined ? 'info' : 'ok',
      result: ok?.value,
      call: position,
      ret: ok === undefined ? Infinity : done,
      line: invoke.line,
      retLine: ok?.line,
      callTime: invoke.time,
      retTime: ok?.time,
    });
  }
  return { operations, failed, events: n };
}

/** A process is a client identity: a whole number from 0 (Jepsen's) or a name. */
function isProcess(p: unknown): p is Process {
  return typeof p === 'string' ? p.length > 0 : typeof p === 'number' && Number.isSafeInteger(p) && p >= 0;
}
