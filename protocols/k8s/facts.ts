/**
 * The `k8s.*` trace events: what the components say happened, which is what the invariants and the
 * viewer read. A fact about the store carries the span of store positions (`lo`..`hi`) at which the
 * write applied, or at which the writer or an informer saw it applied: a fresh answer gives the
 * exact position, a retried one or a later sighting an interval, a sighting without a lower bound
 * `lo: 0`. The invariants order facts by these positions, the store's own total order, and never
 * conclude anything a span leaves open.
 */
import type { Labels, NodeAffinity, Resources, Taint, Toleration, TopologySpreadConstraint } from './objects.js';
import type { SpreadCounts } from './scheduler/topology-spread.js';
import type { Decision } from './scheduler/framework.js';

export const FACT = {
  /** A kubelet started: the node's physical capacity, labels and configured taints. */
  nodeStart: 'k8s.node-start',
  /** A kubelet's heartbeat (lease renewal or status report) was sent; `seq` pairs it with its `heartbeat`. */
  heartbeatSent: 'k8s.heartbeat-sent',
  /** That heartbeat was acknowledged. */
  heartbeat: 'k8s.heartbeat',
  /** A pod exists (its creation, sighted by the controller manager), with the scheduling terms of its spec. */
  pod: 'k8s.pod',
  /** A pod was bound to a node. */
  bind: 'k8s.bind',
  /** A pod's phase or readiness was written. */
  podPhase: 'k8s.pod-phase',
  /** A pod was deleted. */
  podDelete: 'k8s.pod-delete',
  /** A ReplicaSet's desired replicas, as written or sighted. */
  replicas: 'k8s.replicas',
  /** A Deployment's desired state, as written or sighted. */
  deployment: 'k8s.deployment',
  /** The node lifecycle controller decided a node's Ready condition. */
  nodeReady: 'k8s.node-ready',
  /** The node lifecycle controller wrote a node's taints. */
  taints: 'k8s.taints',
  /** The taint manager decided to evict a pod. */
  evict: 'k8s.evict',
  /** A kubelet refused a pod that does not fit (`OutOfcpu`, ...). */
  reject: 'k8s.reject',
  /** One scheduling cycle, explained. */
  schedule: 'k8s.schedule',
  /** The operator made a scheduled change to a Deployment (a rollout, a scale). */
  change: 'k8s.change',
  /** The controller manager's settings that bound its timing (grace periods, eviction rates). */
  config: 'k8s.config',
  /** The pods the controller manager's informer holds after a full list, and the listing's position. */
  census: 'k8s.census',
} as const;

export type FactKind = (typeof FACT)[keyof typeof FACT];

export interface SpanFields {
  readonly lo: number;
  readonly hi: number;
}

export interface NodeStartFact {
  readonly name: string;
  readonly cpu: number;
  readonly memory: number;
  readonly pods: number;
  readonly labels: Labels;
  readonly taints: readonly Taint[];
}

export interface HeartbeatFact {
  readonly name: string;
  readonly seq: number;
}

/** An acknowledged heartbeat, with the span of store positions its write applied at. */
export interface HeartbeatAckFact extends HeartbeatFact, SpanFields {}

/** The scheduling-relevant part of a pod's spec, immutable after creation. */
export interface PodFact extends SpanFields {
  readonly pod: string;
  /** The controlling ReplicaSet, if any. */
  readonly owner?: string;
  readonly labels: Labels;
  readonly requests: Resources;
  readonly priority: number;
  readonly nodeSelector?: Labels;
  readonly affinity?: NodeAffinity;
  readonly tolerations: readonly Toleration[];
  readonly spread: readonly TopologySpreadConstraint[];
}

export interface BindFact extends SpanFields {
  readonly pod: string;
  readonly name: string;
}

export interface PodPhaseFact extends SpanFields {
  readonly pod: string;
  readonly name?: string;
  readonly phase: string;
  readonly ready: boolean;
  readonly reason?: string;
}

export interface PodDeleteFact extends SpanFields {
  readonly pod: string;
  readonly reason: 'scale-down' | 'eviction' | 'sighted';
}

export interface ReplicasFact extends SpanFields {
  readonly rs: string;
  readonly deployment?: string;
  readonly replicas: number;
  /** The pod-template-hash of the ReplicaSet. */
  readonly hash: string;
  /** For the Deployment controller's writes: the position of the Deployment's version it acted on. */
  readonly basis?: number;
}

export interface DeploymentFact extends SpanFields {
  readonly deployment: string;
  readonly replicas: number;
  /** maxSurge and maxUnavailable resolved to pod counts. */
  readonly maxSurge: number;
  readonly maxUnavailable: number;
  readonly hash: string;
}

export interface NodeReadyFact {
  readonly name: string;
  readonly status: 'True' | 'False' | 'Unknown';
  /** The grace period the decision used (microseconds). */
  readonly grace: number;
  /** The store position of the read that confirmed the silence: every heartbeat before it was seen. */
  readonly at: number;
}

export interface TaintsFact extends SpanFields {
  readonly name: string;
  readonly taints: readonly Taint[];
}

export interface EvictFact {
  readonly pod: string;
  readonly name: string;
  /** The taint that evicted it. */
  readonly taint: string;
  /** How long the pod's tolerations allowed it to stay (seconds; 0 when a taint was not tolerated). */
  readonly tolerationSeconds: number;
  /** The grace period before a silent node is marked (microseconds). */
  readonly grace: number;
}

export interface RejectFact {
  readonly pod: string;
  readonly name: string;
  readonly reason: string;
}

export interface ScheduleFact {
  readonly pod: string;
  readonly decision: Decision;
  /** The DoNotSchedule constraints' counts as the filter saw them. */
  readonly spread: readonly SpreadCounts[];
  /** The mutant K2 was on (the snapshot left out pods being bound). */
  readonly assumed: boolean;
}

export interface ConfigFact {
  readonly grace: number;
  readonly startupGrace: number;
  readonly monitorPeriod: number;
  readonly evictionRate: number;
  readonly secondaryEvictionRate: number;
  readonly unhealthyZoneThreshold: number;
  readonly largeClusterSizeThreshold: number;
}

export interface CensusFact {
  /** The position of the listing the census comes from. */
  readonly at: number;
  readonly pods: readonly string[];
}

/** A component's voice in the trace. */
export type Say = (kind: FactKind, data: Record<string, unknown>) => void;
