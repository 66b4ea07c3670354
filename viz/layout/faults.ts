/**
 * The nemesis lane, after Jepsen's timeline: every fault the trace shows, as a bar from when it
 * began to when it was undone (a point for those with no duration), on a row per kind of fault
 * (partitions, crashes, pauses, clocks, disks, the network, message rules, forced timers), rows
 * split where faults of one kind overlap. Read from the trace alone; where a fault is "a setting
 * other than the run's own" (network, disk latency) the plan embedded in the report says what the
 * run's own was. Events at or after the end of the faults (`nemesis.quiesce`) only end faults:
 * those are marked as undone at the end.
 */
import { lowerBound } from './axis.js';
import { type ViewEvent, num, record, str, strings } from './events.js';

/** The rows of the nemesis lane, top to bottom. */
export type FaultRow = 'partition' | 'crash' | 'pause' | 'clock' | 'disk' | 'network' | 'messages' | 'timer';

export const FAULT_ROWS: readonly FaultRow[] = ['partition', 'crash', 'pause', 'clock', 'disk', 'network', 'messages', 'timer'];

/** At most this many sub-rows per kind; more overlapping faults share the last. */
export const MAX_SUBROWS = 3;

/** One fault on the nemesis lane. */
export interface FaultSpan {
  readonly row: FaultRow;
  /** Event index where it began. */
  readonly start: number;
  /** Event index where it was undone; `start` for a point; events.length when it lasted to the end. */
  readonly end: number;
  readonly point: boolean;
  /** What it was, in a few words: `n1 | n2 n3`, `n2`, `n1 ×1.5`, `drop 0.05`. */
  readonly label: string;
  /** Undone by the end of the faults rather than by itself. */
  readonly undoneAtEnd: boolean;
  /** Sub-row within its row, from 0. */
  readonly sub: number;
}

/** The lane: its spans, the rows that have any (with their sub-row counts), and where the faults end. */
export interface FaultLane {
  readonly spans: readonly FaultSpan[];
  readonly rows: readonly { readonly row: FaultRow; readonly subs: number }[];
  /** Event index of `nemesis.quiesce`, when the trace has it. */
  readonly quiesce: number | undefined;
}

type Open = Omit<FaultSpan, 'end' | 'undoneAtEnd' | 'sub'>;

/** Derives the nemesis lane from the trace; `plan` (the report's, read defensively) gives the run's own network and disks. */
export function faultLane(events: readonly ViewEvent[], plan?: unknown): FaultLane {
  const base = baseSettings(plan);
  const spans: Omit<FaultSpan, 'sub'>[] = [];
  const open = new Map<string, Open>();
  let quiesce: number | undefined;
  const close = (key: string, at: number): void => {
    const s = open.get(key);
    if (s === undefined) return;
    open.delete(key);
    spans.push({ ...s, end: at, undoneAtEnd: quiesce !== undefined && at >= quiesce });
  };
  const begin = (key: string, at: number, row: FaultRow, label: string): void => {
    close(key, at);
    if (quiesce === undefined) open.set(key, { row, start: at, point: false, label });
  };
  const point = (at: number, row: FaultRow, label: string): void => {
    if (quiesce === undefined) spans.push({ row, start: at, end: at, point: true, label, undoneAtEnd: false });
  };
  const stalls: { key: string; until: number }[] = [];
  for (let i = 0; i < events.length; i++) {
    const e = events[i] as ViewEvent;
    for (let k = stalls.length - 1; k >= 0; k--) {
      const s = stalls[k] as { key: string; until: number };
      if (e.t >= s.until) {
        close(s.key, i);
        stalls.splice(k, 1);
      }
    }
    const node = e.node ?? '';
    switch (e.kind) {
      case 'nemesis.quiesce':
        quiesce = i;
        break;
      case 'net.partition':
        for (const key of [...open.keys()]) if (key.startsWith('net:')) close(key, i);
        begin(`net:${i}`, i, 'partition', groupsLabel(e['groups']));
        break;
      case 'net.cut':
        begin(`net:${i}`, i, 'partition', cutLabel(e));
        break;
      case 'net.heal':
        for (const key of [...open.keys()]) if (key.startsWith('net:')) close(key, i);
        break;
      case 'node.crash':
        begin(`crash:${node}`, i, 'crash', (num(e['lostWrites']) ?? 0) > 0 ? `${node} (lost ${String(e['lostWrites'])} unsynced writes)` : node);
        close(`pause:${node}`, i);
        break;
      case 'node.restart':
        close(`crash:${node}`, i);
        break;
      case 'node.pause':
        begin(`pause:${node}`, i, 'pause', node);
        break;
      case 'node.resume':
        close(`pause:${node}`, i);
        break;
      case 'clock.skew': {
        const delta = num(e['delta']) ?? 0;
        point(i, 'clock', `${node} skew ${delta < 0 ? '−' : '+'}${duration(Math.abs(delta))}`);
        break;
      }
      case 'clock.rate': {
        const rate = num(e['rate']) ?? 1;
        close(`rate:${node}`, i);
        if (rate !== 1) begin(`rate:${node}`, i, 'clock', `${node} clock ×${rate}`);
        break;
      }
      case 'disk.latency': {
        close(`disk:${node}`, i);
        const latency = e['latency'];
        if (base.disk === undefined || !same(latency, base.disk)) begin(`disk:${node}`, i, 'disk', `${node} fsync ${distribution(latency)}`);
        break;
      }
      case 'disk.stall': {
        begin(`stall:${node}:${i}`, i, 'disk', `${node} disk stalled`);
        const until = num(e['until']);
        if (until !== undefined) stalls.push({ key: `stall:${node}:${i}`, until });
        break;
      }
      case 'net.configure': {
        close('network', i);
        const changed = networkChanges(e, base.network);
        if (changed !== '') begin('network', i, 'network', changed);
        break;
      }
      case 'net.rule':
        begin(`rule:${str(e['id']) ?? i}`, i, 'messages', ruleLabel(e));
        break;
      case 'net.unrule':
        close(`rule:${str(e['id']) ?? ''}`, i);
        break;
      case 'net.release':
        point(i, 'messages', `release ${str(e['bucket']) ?? ''}`.trim());
        break;
      case 'node.timer':
        if (e['forced'] === true) point(i, 'timer', `${node} ${str(e['timer']) ?? 'timer'} fired`);
        break;
      case 'nemesis.skip':
        point(i, rowOfFaultKind(str(e['fault'])), `${str(e['fault']) ?? 'fault'} skipped: ${str(e['reason']) ?? 'no target'}`);
        break;
      default:
        break;
    }
  }
  for (const key of [...open.keys()]) close(key, events.length);
  return { ...pack(spans), quiesce };
}

/** The sub-rows: first fit by event span within each kind's row. */
function pack(spans: readonly Omit<FaultSpan, 'sub'>[]): Omit<FaultLane, 'quiesce'> {
  const sorted = [...spans].sort((a, b) => a.start - b.start || a.end - b.end);
  const busy = new Map<FaultRow, number[]>();
  const out: FaultSpan[] = sorted.map((s) => {
    const ends = busy.get(s.row) ?? [];
    busy.set(s.row, ends);
    let sub = ends.findIndex((end) => end < s.start);
    if (sub < 0) sub = ends.length < MAX_SUBROWS ? ends.length : MAX_SUBROWS - 1;
    ends[sub] = Math.max(ends[sub] ?? -1, s.end);
    return { ...s, sub };
  });
  const rows = FAULT_ROWS.filter((r) => busy.has(r)).map((row) => ({ row, subs: (busy.get(row) as number[]).length }));
  return { spans: out, rows };
}

/** The spans under event index `at` (points exactly at it). */
export function spansAt(spans: readonly FaultSpan[], at: number): FaultSpan[] {
  return spans.filter((s) => (s.point ? s.start === at : s.start <= at && at < s.end));
}

function rowOfFaultKind(kind: string | undefined): FaultRow {
  switch (kind) {
    case 'partition':
    case 'isolate':
    case 'cut':
      return 'partition';
    case 'crash':
      return 'crash';
    case 'pause':
      return 'pause';
    case 'skew':
    case 'clock-rate':
      return 'clock';
    case 'disk-latency':
    case 'disk-stall':
      return 'disk';
    case 'fire-timer':
      return 'timer';
    default:
      return 'messages';
  }
}

interface Base {
  readonly network: Readonly<Record<string, unknown>>;
  readonly disk: unknown;
}

function baseSettings(plan: unknown): Base {
  const p = record(plan);
  return { network: record(p?.['network']) ?? {}, disk: record(p?.['disk'])?.['syncLatency'] };
}

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** What a network setting changes from the run's own: `drop 0.05, latency 10–50ms`. */
function networkChanges(e: ViewEvent, base: Readonly<Record<string, unknown>>): string {
  const parts: string[] = [];
  for (const field of ['drop', 'duplicate', 'reorder'] as const) {
    const v = num(e[field]);
    if (v !== undefined && v !== (num(base[field]) ?? 0)) parts.push(`${field} ${v}`);
  }
  if (e['latency'] !== undefined && base['latency'] !== undefined && !same(e['latency'], base['latency'])) parts.push(`latency ${distribution(e['latency'])}`);
  return parts.join(', ');
}

function groupsLabel(value: unknown): string {
  const groups = Array.isArray(value) ? value.map((g) => strings(g) ?? []) : [];
  return groups.map((g) => g.join(' ')).join(' | ');
}

function cutLabel(e: ViewEvent): string {
  const from = (strings(e['from']) ?? []).join(' ');
  const to = (strings(e['to']) ?? []).join(' ');
  return e['oneWay'] === true ? `${from} ↛ ${to}` : `${from} ↮ ${to}`;
}

function ruleLabel(e: ViewEvent): string {
  const action = record(e['action']);
  const match = record(e['match']) ?? {};
  const what = str(action?.['kind']) ?? 'rule';
  const list = (v: unknown): string => (typeof v === 'string' ? v : (strings(v) ?? []).join(','));
  const kind = match['kind'] === undefined ? 'messages' : list(match['kind']);
  const route = `${match['from'] === undefined ? '*' : list(match['from'])}→${match['to'] === undefined ? '*' : list(match['to'])}`;
  const bucket = str(action?.['bucket']);
  return `${what === 'crash-sender' ? 'crash after send' : what === 'crash-receiver' ? 'crash after receive' : what} ${kind} ${route}${bucket ? ` into ${bucket}` : ''}`;
}

/** Virtual microseconds in the unit that reads best. */
export function duration(us: number): string {
  if (us >= 1_000_000) return `${trim(us / 1_000_000)}s`;
  if (us >= 1_000) return `${trim(us / 1_000)}ms`;
  return `${us}µs`;
}

function trim(n: number): string {
  return Number(n.toFixed(2)).toString();
}

function distribution(value: unknown): string {
  const d = record(value);
  switch (str(d?.['kind'])) {
    case 'constant':
      return duration(num(d?.['value']) ?? 0);
    case 'uniform':
      return `${duration(num(d?.['min']) ?? 0)}–${duration(num(d?.['max']) ?? 0)}`;
    case 'exponential':
      return `~${duration(num(d?.['mean']) ?? 0)}`;
    default:
      return '?';
  }
}

/**
 * A nemesis action as the CLI and result.json record it (`{at, fault: {kind, ...}}`), in words; a
 * network setting by what it changes from the run's own (`plan`).
 */
export function actionLabel(fault: Readonly<Record<string, unknown>>, plan?: unknown): string {
  const kind = str(fault['kind']) ?? '?';
  const target = fault['node'];
  const who = typeof target === 'string' ? ` ${target}` : record(target) ? ` ${str(record(target)?.['pick']) ?? ''}-of ${str(record(target)?.['group']) ?? ''}` : '';
  switch (kind) {
    case 'partition':
      return `partition ${groupsLabel(fault['groups'])}`;
    case 'cut':
      return `cut ${cutLabel(fault as ViewEvent)}`;
    case 'network': {
      const changed = networkChanges({ seq: 0, t: 0, kind: 'net.configure', ...(record(fault['settings']) ?? {}) }, baseSettings(plan).network);
      return changed === '' ? "network back to the run's own" : `network ${changed}`;
    }
    case 'clock-rate':
      return `clock-rate${who} ×${String(num(fault['rate']) ?? 1)}`;
    case 'skew':
      return `skew${who} ${duration(Math.abs(num(fault['delta']) ?? 0))}${(num(fault['delta']) ?? 0) < 0 ? ' back' : ''}`;
    case 'disk-latency':
      return `disk-latency${who} ${distribution(fault['latency'])}`;
    case 'disk-stall':
      return `disk-stall${who} for ${duration(num(fault['duration']) ?? 0)}`;
    case 'rule':
      return `rule ${ruleLabel({ seq: 0, t: 0, kind: 'net.rule', ...(record(fault['rule']) ?? {}) })}`;
    case 'unrule':
      return `remove rule ${str(fault['id']) ?? ''}`;
    case 'release':
    case 'discard':
      return `${kind} ${str(fault['bucket']) ?? ''}`;
    case 'fire-timer':
      return `fire-timer${who} ${str(fault['timer']) ?? ''}`;
    default:
      return `${kind}${who}`;
  }
}

/** The trace event kinds a nemesis action shows as, for finding it on the axis. */
const EVENT_OF: Readonly<Record<string, string>> = {
  partition: 'net.partition',
  isolate: 'net.partition',
  cut: 'net.cut',
  heal: 'net.heal',
  crash: 'node.crash',
  restart: 'node.restart',
  pause: 'node.pause',
  resume: 'node.resume',
  skew: 'clock.skew',
  'clock-rate': 'clock.rate',
  network: 'net.configure',
  'disk-latency': 'disk.latency',
  'disk-stall': 'disk.stall',
  rule: 'net.rule',
  unrule: 'net.unrule',
  release: 'net.release',
  'fire-timer': 'node.timer',
};

/** One nemesis action, read from the report, with where it is on the axis. */
export interface FaultAction {
  /** Virtual time, microseconds. */
  readonly at: number;
  readonly label: string;
  /** Event index it points at: its own event when the trace has it, else the first event at its time. */
  readonly index: number;
  /** Undone at the end of the faults, rather than a fault. */
  readonly undo: boolean;
}

/**
 * The nemesis's actions as the run recorded them (`faults`, then what the end of the faults
 * `undone`), each matched to its trace event. Malformed entries are skipped.
 */
export function faultActions(faults: unknown, undone: unknown, events: readonly ViewEvent[], times: Float64Array, plan?: unknown): readonly FaultAction[] {
  const claimed = new Set<number>();
  const read = (list: unknown, undo: boolean): FaultAction[] =>
    (Array.isArray(list) ? list : []).flatMap((entry) => {
      const r = record(entry);
      const at = num(r?.['at']);
      const fault = record(r?.['fault']);
      if (at === undefined || fault === undefined) return [];
      const kind = EVENT_OF[str(fault['kind']) ?? ''];
      const node = str(fault['node']);
      let index = Math.min(lowerBound(times, at), Math.max(0, events.length - 1));
      for (let i = index; i < events.length && (events[i] as ViewEvent).t === at; i++) {
        const e = events[i] as ViewEvent;
        if (!claimed.has(i) && e.kind === kind && (node === undefined || e.node === node || e.node === undefined)) {
          index = i;
          break;
        }
      }
      claimed.add(index);
      return [{ at, label: actionLabel(fault, plan), index, undo }];
    });
  return [...read(faults, false), ...read(undone, true)];
}
