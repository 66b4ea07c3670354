/** Hand-written traces for the layout tests: events get consecutive `seq`s and the given times. */
import type { TraceEvent } from '../../sim/trace.js';

export type EventSpec = readonly [t: number, kind: string, node: string | undefined, fields?: Readonly<Record<string, unknown>>];

export function trace(specs: readonly EventSpec[]): TraceEvent[] {
  return specs.map(([t, kind, node, fields], seq) => (node === undefined ? { seq, t, kind, ...fields } : { seq, t, kind, node, ...fields }));
}
