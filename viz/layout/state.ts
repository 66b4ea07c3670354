/**
 * Replica state at the cursor, for the inspector: the latest `<proto>.state` event of a node at or
 * before an event index, the one before it, and what changed between them (DSLabs highlights
 * changed fields the same way). The protocol's fields are shown generically; role, era, log,
 * commit and applied get their own rendering when present.
 */
import { lowerBound, upperBound } from './axis.js';
import { type ViewEvent, isStateKind, num, payloadOf, record } from './events.js';

/** For each lane, the event indices of its state events, ascending. */
export type StateIndex = ReadonlyMap<string, Int32Array>;

/** Indexes every lane's state events, for lookups by cursor. */
export function indexStates(events: readonly ViewEvent[]): StateIndex {
  const lists = new Map<string, number[]>();
  for (let i = 0; i < events.length; i++) {
    const e = events[i] as ViewEvent;
    if (e.node === undefined || !isStateKind(e.kind)) continue;
    const list = lists.get(e.node) ?? [];
    list.push(i);
    lists.set(e.node, list);
  }
  return new Map([...lists].map(([k, v]) => [k, Int32Array.from(v)]));
}

/** A lane's state events around a cursor. */
export interface StateAt {
  /** Index of the latest state event at or before the cursor. */
  readonly current: number | undefined;
  /** Index of the state event before that one. */
  readonly previous: number | undefined;
}

/** The lane's latest and previous state events at or before event index `at`. */
export function stateAt(index: StateIndex, lane: string, at: number): StateAt {
  const list = index.get(lane);
  if (!list) return { current: undefined, previous: undefined };
  const k = upperBound(list, at) - 1;
  return { current: k >= 0 ? list[k] : undefined, previous: k >= 1 ? list[k - 1] : undefined };
}

/** The lane's next or previous state event strictly after/before `at` (for stepping). */
export function neighbourState(index: StateIndex, lane: string, at: number, dir: 1 | -1): number | undefined {
  const list = index.get(lane);
  if (!list) return undefined;
  const k = dir > 0 ? upperBound(list, at) : lowerBound(list, at) - 1;
  return list[k];
}

/** How a field compares with the previous state. */
export type Change = 'same' | 'changed' | 'added' | 'removed';

/** One field of a state, with its previous value. */
export interface FieldRow {
  readonly field: string;
  readonly value: unknown;
  readonly before: unknown;
  readonly change: Change;
}

/** The fields of a state event compared with the previous one, in the current event's order. */
export function diffState(previous: ViewEvent | undefined, current: ViewEvent): readonly FieldRow[] {
  const now = payloadOf(current);
  const before = previous ? payloadOf(previous) : undefined;
  const rows: FieldRow[] = [];
  for (const [field, value] of Object.entries(now)) {
    if (!before) {
      rows.push({ field, value, before: undefined, change: 'same' });
      continue;
    }
    const had = Object.hasOwn(before, field);
    const change: Change = !had ? 'added' : sameValue(before[field], value) ? 'same' : 'changed';
    rows.push({ field, value, before: before[field], change });
  }
  if (before) for (const [field, value] of Object.entries(before)) if (!Object.hasOwn(now, field)) rows.push({ field, value: undefined, before: value, change: 'removed' });
  return rows;
}

function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  return JSON.stringify(a) === JSON.stringify(b);
}

/** One log entry as the inspector shows it. */
export interface LogEntryView {
  /** 1-based log index. */
  readonly index: number;
  readonly era: string | undefined;
  readonly text: string;
}

/** A replica's log as the inspector shows it. */
export interface LogView {
  /** Entries when the state carries them; the length alone otherwise. */
  readonly entries: readonly LogEntryView[] | undefined;
  readonly length: number;
  readonly commit: number | undefined;
  readonly applied: number | undefined;
}

/**
 * A log rebuilt from state deltas, as replicas report it (sim/replica-state.ts): `log: {from,
 * eras}` says the entries from `from` on are now exactly entries of those eras, `snap: {index}`
 * that the log starts after a snapshot at `index`, and `full: true` that the event states the
 * whole log.
 */
export interface RebuiltLog {
  /** Log index of `eras[0]`. */
  readonly first: number;
  readonly eras: readonly number[];
}

/**
 * Replays a lane's log deltas up to event index `at`, from its last `full` state on. Undefined
 * when the lane's state events carry no deltas.
 */
export function rebuildLog(events: readonly ViewEvent[], index: StateIndex, lane: string, at: number): RebuiltLog | undefined {
  const list = index.get(lane);
  if (!list) return undefined;
  const end = upperBound(list, at);
  let start = end - 1;
  while (start > 0 && (events[list[start] as number] as ViewEvent)['full'] !== true) start--;
  let first = 1;
  let eras: number[] = [];
  let seen = false;
  for (let k = Math.max(0, start); k < end; k++) {
    const e = events[list[k] as number] as ViewEvent;
    if (e['full'] === true) {
      first = 1;
      eras = [];
    }
    const snap = record(e['snap']);
    const snapIndex = snap ? num(snap['index']) : undefined;
    if (snapIndex !== undefined && snapIndex + 1 > first) {
      eras = eras.slice(Math.min(eras.length, snapIndex + 1 - first));
      first = snapIndex + 1;
    }
    const delta = record(e['log']);
    const from = delta ? num(delta['from']) : undefined;
    if (delta && from !== undefined && Array.isArray(delta['eras'])) {
      seen = true;
      eras = eras.slice(0, Math.max(0, from - first));
      for (const t of delta['eras']) eras.push(typeof t === 'number' ? t : NaN);
    }
  }
  return seen ? { first, eras } : undefined;
}

/**
 * The log of a state event: `log` as an array of entries (each with a `term`, `epoch` or
 * `ballot`), entries rebuilt from deltas (see rebuildLog), or a length (`log` as a number,
 * `logLength`, `last`, `lastIndex`); with `commit`/`commitIndex` and `applied`/`lastApplied`.
 * Undefined when the state has no log.
 */
export function logOf(state: Readonly<Record<string, unknown>>, rebuilt?: RebuiltLog, eraName = 'era'): LogView | undefined {
  const raw = state['log'];
  const commit = num(state['commit']) ?? num(state['commitIndex']);
  const applied = num(state['applied']) ?? num(state['lastApplied']);
  if (Array.isArray(raw)) {
    const entries = raw.map((entry, i): LogEntryView => {
      const r = record(entry);
      const era = r ? (num(r['era']) ?? num(r['term']) ?? num(r['epoch']) ?? num(r['ballot'])) : undefined;
      const text = r ? JSON.stringify(r['command'] ?? r['op'] ?? r['value'] ?? r) : JSON.stringify(entry);
      return { index: (r ? num(r['index']) : undefined) ?? i + 1, era: era === undefined ? undefined : String(era), text: text ?? '' };
    });
    return { entries, length: entries.length, commit, applied };
  }
  if (rebuilt) {
    const entries = rebuilt.eras.map((t, i): LogEntryView => ({ index: rebuilt.first + i, era: Number.isNaN(t) ? undefined : String(t), text: `${eraName} ${t}` }));
    return { entries, length: num(state['last']) ?? rebuilt.first + rebuilt.eras.length - 1, commit, applied };
  }
  const length = num(raw) ?? num(state['logLength']) ?? num(state['last']) ?? num(state['lastIndex']);
  if (length === undefined) return undefined;
  return { entries: undefined, length, commit, applied };
}
