/**
 * What the controllers of the controller manager share: the API client, the informers' caches and
 * the indexes over them, the clock, scheduled callbacks, and the trace.
 */
import type { Time } from '../../../sim/time.js';
import type { Cancel } from '../alarms.js';
import type { ApiClient } from '../api.js';
import type { FactKind } from '../facts.js';
import type { Informer } from '../informer.js';
import type { Timings } from '../timings.js';

export interface ControllerContext {
  readonly api: ApiClient;
  readonly timings: Timings;
  readonly pods: Informer<'Pod'>;
  readonly nodes: Informer<'Node'>;
  readonly leases: Informer<'Lease'>;
  readonly replicaSets: Informer<'ReplicaSet'>;
  readonly deployments: Informer<'Deployment'>;
  readonly services: Informer<'Service'>;
  readonly endpoints: Informer<'Endpoints'>;
  /** Pod names by their controlling ReplicaSet. */
  podsOf(rs: string): ReadonlySet<string>;
  /** Pod names by the node they are bound to. */
  podsOn(node: string): ReadonlySet<string>;
  /** The controller manager's clock. */
  now(): Time;
  after(delay: Time, run: () => void): Cancel;
  say(kind: FactKind, data: Record<string, unknown>): void;
}
