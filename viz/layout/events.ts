/**
 * Reading trace events the viewer did not define. Events are open records (`kind` plus any
 * fields), and layers above the kernel add kinds the viewer has never seen, so every field is read
 * through a guard and a missing or odd field degrades to "not shown", never to an exception.
 */
import type { TraceEvent } from '../../sim/trace.js';

/** A trace event as the viewer reads it: the kernel's shape, fields unknown. */
export type ViewEvent = TraceEvent;

/** The field as a string, or undefined when absent or not a string. */
export function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** The field as a finite number, or undefined. */
export function num(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

/** The field as an array of strings (non-strings dropped), or undefined when not an array. */
export function strings(value: unknown): readonly string[] | undefined {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : undefined;
}

/** A plain object's own fields, or undefined. */
export function record(value: unknown): Readonly<Record<string, unknown>> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

/** The namespace of a kind: `net` for `net.send`, `replica` for `replica.state`. */
export function namespaceOf(kind: string): string {
  const dot = kind.indexOf('.');
  return dot < 0 ? kind : kind.slice(0, dot);
}

/** A replica's state report (sim/replica-state.ts): emitted after every step that changes it. */
export const STATE_KIND = 'replica.state';

export function isStateKind(kind: string): boolean {
  return kind === STATE_KIND;
}

/** The run's first event names its protocol and what the protocol counts leadership in. */
export const PROTOCOL_KIND = 'run.protocol';

/** Namespaces whose events are injected faults (or their undoing), as opposed to protocol or client activity. */
const FAULT_KINDS: ReadonlySet<string> = new Set([
  'node.crash',
  'node.restart',
  'node.pause',
  'node.resume',
  'net.partition',
  'net.cut',
  'net.heal',
  'net.configure',
  'net.rule',
  'net.unrule',
  'net.hold',
  'net.release',
  'clock.skew',
  'clock.rate',
  'disk.latency',
  'disk.stall',
  'nemesis.skip',
  'nemesis.quiesce',
]);

/** Whether the event is a fault the nemesis (or a script) injected: what `f` jumps between. */
export function isFault(event: ViewEvent): boolean {
  return FAULT_KINDS.has(event.kind) || (event.kind === 'node.timer' && event['forced'] === true);
}

/** Fields other than the envelope (`seq`, `t`, `kind`, `node`), for tables and tooltips. */
export function payloadOf(event: ViewEvent): Readonly<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(event)) {
    if (k !== 'seq' && k !== 't' && k !== 'kind' && k !== 'node') out[k] = v;
  }
  return out;
}

/** Virtual microseconds as milliseconds with three decimals, e.g. `12.345 ms`. */
export function formatTime(us: number): string {
  return `${(us / 1000).toFixed(3)} ms`;
}

/**
 * A short one-line rendering of a value for tables: JSON with long strings and deep structures
 * cut, so a 200,000-row table never builds megabytes of text per row.
 */
export function brief(value: unknown, max = 160): string {
  let text: string;
  try {
    text = JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v)) ?? String(value);
  } catch {
    text = String(value);
  }
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** Natural order of ids, so n2 sorts before n10. */
export function compareIds(a: string, b: string): number {
  const ra = /^(.*?)(\d+)$/.exec(a);
  const rb = /^(.*?)(\d+)$/.exec(b);
  if (ra && rb && ra[1] === rb[1]) return Number(ra[2]) - Number(rb[2]);
  return a < b ? -1 : a > b ? 1 : 0;
}
