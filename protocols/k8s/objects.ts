/**
 * The API objects of the mock control plane, as the JSON kept in their znodes. They follow the
 * Kubernetes shapes closely enough that the scheduler's and the controllers' rules read as they do
 * in Kubernetes, with these simplifications: one namespace; quantities already parsed (CPU in
 * millicores, memory in bytes: see quantity.ts); a pod's Ready condition is a flag; a container has
 * requests only (no limits); a Deployment's strategy is always RollingUpdate.
 *
 * `metadata.name` and `metadata.resourceVersion` are not stored: the name is the znode's, and the
 * resourceVersion is the znode's version (registry.ts sets both when it reads an object).
 */

/** A resource list. */
export interface Resources {
  /** Millicores. */
  readonly cpu: number;
  /** Bytes. */
  readonly memory: number;
}

/** What a node can hold: its resources and its pod count. */
export interface Capacity extends Resources {
  readonly pods: number;
}

export type Labels = Readonly<Record<string, string>>;

export interface OwnerReference {
  readonly kind: 'Deployment' | 'ReplicaSet';
  readonly name: string;
  readonly uid: string;
  /** The managing controller (at most one owner has it). */
  readonly controller: boolean;
}

export interface ObjectMeta {
  readonly name: string;
  /** Assigned at creation by the creating client (the mock has no server of its own to assign it). */
  readonly uid: string;
  /** The znode's version: every update is a compare-and-set on it. */
  readonly resourceVersion: number;
  /** Bumped by every change of `spec` (the API client does it, as the API server would). */
  readonly generation: number;
  /** The creator's clock, in microseconds. */
  readonly creationTimestamp: number;
  readonly labels?: Labels;
  readonly ownerReferences?: readonly OwnerReference[];
  /** The prefix a generated name started from. */
  readonly generateName?: string;
}

// ---- scheduling terms ---------------------------------------------------------------------------

export type TaintEffect = 'NoSchedule' | 'PreferNoSchedule' | 'NoExecute';

export interface Taint {
  readonly key: string;
  readonly value?: string;
  readonly effect: TaintEffect;
  /** When a NoExecute taint was added (the adder's clock, microseconds). */
  readonly timeAdded?: number;
}

export interface Toleration {
  /** Empty with `Exists` tolerates every taint. */
  readonly key?: string;
  /** Default `Equal`. */
  readonly operator?: 'Equal' | 'Exists';
  readonly value?: string;
  /** Empty matches every effect. */
  readonly effect?: TaintEffect;
  /** For NoExecute: how long the pod stays bound after the taint appears; unset is forever. */
  readonly tolerationSeconds?: number;
}

export type NodeSelectorOperator = 'In' | 'NotIn' | 'Exists' | 'DoesNotExist' | 'Gt' | 'Lt';

export interface NodeSelectorRequirement {
  readonly key: string;
  readonly operator: NodeSelectorOperator;
  readonly values?: readonly string[];
}

/** Its requirements all hold (an empty term matches nothing, as in Kubernetes). */
export interface NodeSelectorTerm {
  readonly matchExpressions: readonly NodeSelectorRequirement[];
}

export interface PreferredSchedulingTerm {
  /** 1..100. */
  readonly weight: number;
  readonly preference: NodeSelectorTerm;
}

export interface NodeAffinity {
  /** Terms are ORed. */
  readonly required?: readonly NodeSelectorTerm[];
  readonly preferred?: readonly PreferredSchedulingTerm[];
}

export type LabelSelectorOperator = 'In' | 'NotIn' | 'Exists' | 'DoesNotExist';

export interface LabelSelector {
  readonly matchLabels?: Labels;
  readonly matchExpressions?: readonly { readonly key: string; readonly operator: LabelSelectorOperator; readonly values?: readonly string[] }[];
}

export interface TopologySpreadConstraint {
  readonly maxSkew: number;
  readonly topologyKey: string;
  readonly whenUnsatisfiable: 'DoNotSchedule' | 'ScheduleAnyway';
  readonly labelSelector: LabelSelector;
  readonly minDomains?: number;
}

// ---- pods ---------------------------------------------------------------------------------------

export interface Container {
  readonly name: string;
  readonly image: string;
  /** Missing or zero requests count as 100m / 200Mi when the scheduler scores (non-zero defaults). */
  readonly requests: Partial<Resources>;
}

export interface PodSpec {
  readonly containers: readonly Container[];
  /** Set once, by the binding. */
  readonly nodeName?: string;
  readonly priority?: number;
  readonly nodeSelector?: Labels;
  readonly affinity?: { readonly nodeAffinity?: NodeAffinity };
  readonly tolerations?: readonly Toleration[];
  readonly topologySpreadConstraints?: readonly TopologySpreadConstraint[];
}

export type PodPhase = 'Pending' | 'Running' | 'Succeeded' | 'Failed' | 'Unknown';

export interface PodStatus {
  readonly phase: PodPhase;
  /** Why the pod is in its phase (`OutOfcpu` for a pod its kubelet refused). */
  readonly reason?: string;
  /** The Ready condition. */
  readonly ready: boolean;
  /** When it last became Ready (the kubelet's clock). */
  readonly readySince?: number;
  readonly startTime?: number;
}

export interface Pod {
  readonly kind: 'Pod';
  readonly metadata: ObjectMeta;
  readonly spec: PodSpec;
  readonly status: PodStatus;
}

export interface PodTemplate {
  readonly metadata: { readonly labels: Labels };
  readonly spec: PodSpec;
}

// ---- nodes and leases ---------------------------------------------------------------------------

export type ConditionStatus = 'True' | 'False' | 'Unknown';

export interface NodeCondition {
  readonly status: ConditionStatus;
  readonly reason?: string;
  /** The writer's clock, microseconds. */
  readonly lastHeartbeatTime: number;
  readonly lastTransitionTime: number;
}

export interface Node {
  readonly kind: 'Node';
  readonly metadata: ObjectMeta;
  readonly spec: { readonly unschedulable?: boolean; readonly taints: readonly Taint[] };
  readonly status: {
    readonly capacity: Capacity;
    readonly allocatable: Capacity;
    /** The Ready condition; missing until the kubelet first reports. */
    readonly ready?: NodeCondition;
  };
}

export interface Lease {
  readonly kind: 'Lease';
  readonly metadata: ObjectMeta;
  readonly spec: {
    readonly holderIdentity: string;
    readonly leaseDurationSeconds: number;
    /** The holder's clock, microseconds. */
    readonly acquireTime: number;
    readonly renewTime: number;
    readonly leaseTransitions: number;
  };
}

// ---- workloads ----------------------------------------------------------------------------------

export interface ReplicaSet {
  readonly kind: 'ReplicaSet';
  readonly metadata: ObjectMeta;
  readonly spec: { readonly replicas: number; readonly selector: LabelSelector; readonly template: PodTemplate; readonly minReadySeconds: number };
  readonly status: { readonly replicas: number; readonly readyReplicas: number; readonly availableReplicas: number; readonly observedGeneration: number };
}

/** An absolute count or a percentage of the desired replicas ("25%"). */
export type IntOrPercent = number | string;

export interface Deployment {
  readonly kind: 'Deployment';
  readonly metadata: ObjectMeta;
  readonly spec: {
    readonly replicas: number;
    readonly selector: LabelSelector;
    readonly template: PodTemplate;
    readonly strategy: { readonly maxSurge: IntOrPercent; readonly maxUnavailable: IntOrPercent };
    readonly minReadySeconds: number;
  };
  readonly status: {
    readonly observedGeneration: number;
    readonly replicas: number;
    readonly updatedReplicas: number;
    readonly readyReplicas: number;
    readonly availableReplicas: number;
    readonly unavailableReplicas: number;
  };
}

export interface Service {
  readonly kind: 'Service';
  readonly metadata: ObjectMeta;
  readonly spec: { readonly selector: Labels };
}

export interface EndpointAddress {
  readonly pod: string;
  readonly nodeName: string;
}

export interface Endpoints {
  readonly kind: 'Endpoints';
  readonly metadata: ObjectMeta;
  readonly addresses: readonly EndpointAddress[];
  readonly notReadyAddresses: readonly EndpointAddress[];
}

export interface ConfigMap {
  readonly kind: 'ConfigMap';
  readonly metadata: ObjectMeta;
  readonly data: Readonly<Record<string, string>>;
}

export type ApiObject = Node | Pod | ReplicaSet | Deployment | Service | Endpoints | ConfigMap | Lease;
export type Kind = ApiObject['kind'];
/** The object of kind `K`. */
export type ObjectOf<K extends Kind> = Extract<ApiObject, { readonly kind: K }>;

// ---- helpers ------------------------------------------------------------------------------------

/** Succeeded or Failed: the pod holds no resources and its controller replaces it. */
export function isTerminal(pod: Pod): boolean {
  return pod.status.phase === 'Succeeded' || pod.status.phase === 'Failed';
}

/** The owner with `controller: true`, if any. */
export function controllerOf(obj: { readonly metadata: ObjectMeta }): OwnerReference | undefined {
  return obj.metadata.ownerReferences?.find((o) => o.controller);
}

/** The pod's requests, summed over its containers. */
export function podRequests(spec: PodSpec): Resources {
  let cpu = 0;
  let memory = 0;
  for (const c of spec.containers) {
    cpu += c.requests.cpu ?? 0;
    memory += c.requests.memory ?? 0;
  }
  return { cpu, memory };
}

/** The scheduler's defaults for a container that requests nothing (`schedutil.DefaultMilliCPURequest` and `DefaultMemoryRequest`). */
export const DEFAULT_MILLI_CPU_REQUEST = 100;
export const DEFAULT_MEMORY_REQUEST = 200 * 1024 * 1024;

/** The requests the scorers use: each container's zero request replaced by the default. */
export function podNonZeroRequests(spec: PodSpec): Resources {
  let cpu = 0;
  let memory = 0;
  for (const c of spec.containers) {
    cpu += c.requests.cpu || DEFAULT_MILLI_CPU_REQUEST;
    memory += c.requests.memory || DEFAULT_MEMORY_REQUEST;
  }
  return { cpu, memory };
}
