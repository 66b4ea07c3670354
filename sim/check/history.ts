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
  /** Source line of the invocation, when the history came from a file. */
  readonly line: number | undefined;
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
  interface Pending {
    readonly event: HistoryEvent;
    readonly position: number;
  }
  const pending = new Map<Process, Pending>();
  const slots: (Omit<Operation, 'id'> | undefined)[] = [];
  const slotOf = new Map<Pending, number>();
  let failed = 0;
  const where = (e: HistoryEvent, position: number): { file?: string; line: number } => ({
    ...(file === undefined ? {} : { file }),
    line: e.line ?? position + 1,
  });
  for (let position = 0; position < events.length; position++) {
    const e = events[position] as HistoryEvent;
    if (!TYPES.has(e.type)) {
      throw new HistoryError(`expected type invoke, ok, fail or info; got ${JSON.stringify(e.type)}`, where(e, position));
    }
    if (typeof e.f !== 'string' || e.f.length === 0) {
      throw new HistoryError(`expected a non-empty string f; got ${JSON.stringify(e.f)}`, where(e, position));
    }
    if (e.type === 'invoke') {
      const open = pending.get(e.process);
      if (open !== undefined) {
        const line = open.event.line ?? open.position + 1;
        throw new HistoryError(
          `process ${String(e.process)} invokes ${e.f} while its ${open.event.f} from line ${line} is still pending (expected a completion first)`,
          where(e, position),
        );
      }
      const p: Pending = { event: e, position };
      pending.set(e.process, p);
      slotOf.set(p, slots.length);
      slots.push(undefined);
      continue;
    }
    const open = pending.get(e.process);
    if (open === undefined) {
      throw new HistoryError(`${e.type} for process ${String(e.process)}, which has no pending invocation (expected an invoke first)`, where(e, position));
    }
    if (open.event.f !== e.f) {
      throw new HistoryError(`${e.type} ${e.f} completes process ${String(e.process)}'s pending ${open.event.f} (expected f ${open.event.f})`, where(e, position));
    }
    if (e.key !== undefined && open.event.key !== undefined && e.key !== open.event.key) {
      throw new HistoryError(`${e.type} has key ${JSON.stringify(e.key)} but its invocation has key ${JSON.stringify(open.event.key)}`, where(e, position));
    }
    pending.delete(e.process);
    const slot = slotOf.get(open) as number;
    slotOf.delete(open);
    if (e.type === 'fail') {
      failed++;
      continue;
    }
    slots[slot] = operation(open.event, open.position, e.type === 'ok' ? e : undefined, position);
  }
  for (const [p, slot] of slotOf) slots[slot] = operation(p.event, p.position, undefined, Infinity);
  const operations: Operation[] = [];
  for (const s of slots) if (s !== undefined) operations.push({ id: operations.length, ...s });
  return { operations, failed, events: events.length };
}

function operation(invoke: HistoryEvent, call: number, ok: HistoryEvent | undefined, ret: number): Omit<Operation, 'id'> {
  return {
    process: invoke.process,
    f: invoke.f,
    key: invoke.key,
    value: invoke.value,
    outcome: ok === undefined ? 'info' : 'ok',
    result: ok?.value,
    call,
    ret: ok === undefined ? Infinity : ret,
    line: invoke.line,
  };
}
