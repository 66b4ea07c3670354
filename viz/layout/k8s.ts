/**
 * The Kubernetes view's data, read generically from `k8s.*` events (the control plane's event
 * shapes are not fixed yet). Each component that emits them gets a lane (see lanes.ts). Leadership
 * is read from any `k8s.*` event that names a lease and a holder: `lease` (or `component`) plus
 * `holder` (or `leader`), giving one row per lease with who held it when.
 */
import { type ViewEvent, namespaceOf, str } from './events.js';

/** Who held a lease from one event index to another. */
export interface LeaseSegment {
  readonly lease: string;
  readonly holder: string;
  readonly start: number;
  readonly end: number;
}

/** The Kubernetes section's data. */
export interface K8sView {
  /** Events in the `k8s` namespace. */
  readonly events: number;
  /** Kinds seen, sorted, with counts. */
  readonly kinds: readonly (readonly [string, number])[];
  readonly leases: readonly LeaseSegment[];
}

/** Undefined when the trace has no `k8s.*` events: then the page shows no Kubernetes view. */
export function k8sView(events: readonly ViewEvent[]): K8sView | undefined {
  const kinds = new Map<string, number>();
  const open = new Map<string, { holder: string; start: number }>();
  const leases: LeaseSegment[] = [];
  for (let i = 0; i < events.length; i++) {
    const e = events[i] as ViewEvent;
    if (namespaceOf(e.kind) !== 'k8s') continue;
    kinds.set(e.kind, (kinds.get(e.kind) ?? 0) + 1);
    const lease = str(e['lease']) ?? (e.kind.includes('leader') ? str(e['component']) : undefined);
    const holder = str(e['holder']) ?? str(e['leader']);
    if (lease === undefined || holder === undefined) continue;
    const cur = open.get(lease);
    if (cur?.holder === holder) continue;
    if (cur) leases.push({ lease, holder: cur.holder, start: cur.start, end: i });
    open.set(lease, { holder, start: i });
  }
  if (kinds.size === 0) return undefined;
  for (const [lease, cur] of open) leases.push({ lease, holder: cur.holder, start: cur.start, end: events.length });
  return { events: [...kinds.values()].reduce((a, b) => a + b, 0), kinds: [...kinds].sort((a, b) => (a[0] < b[0] ? -1 : 1)), leases: leases.sort((a, b) => a.start - b.start) };
}
