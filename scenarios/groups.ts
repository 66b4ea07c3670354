/**
 * The actor groups a plan describes, and every actor id, generated here and nowhere else: the
 * store's replicas `n1..nN`, its clients `c1..cK`, and, when the scenario has a `kubernetes:`
 * section, the control plane's groups (kubelets, scheduler, controller manager, operator).
 */
import type { KubernetesSpec } from '../protocols/k8s/index.js';
import type { GroupName, NodeId } from '../sim/node.js';
import type { RunPlan } from './plan.js';
import { REGISTRY, type Registry } from './registry.js';

export interface PlannedGroup {
  readonly name: GroupName;
  readonly ids: readonly NodeId[];
  /** The group whose members this one's send requests to (clients). */
  readonly serves?: GroupName;
  /** Whether the nemesis may crash its members (clients it may only cut off and pause). */
  readonly crashable: boolean;
}

/** The store's replicas: the group faults aim at by default (`leader`, `random`, `follower`). */
export const REPLICAS: GroupName = 'replica';
export const CLIENTS: GroupName = 'client';

export function ids(prefix: string, count: number): NodeId[] {
  return Array.from({ length: count }, (_, i) => `${prefix}${i + 1}`);
}

type Shape = Pick<RunPlan, 'replicas' | 'workload' | 'mutants'> & Partial<Pick<RunPlan, 'kubernetes'>>;

export function plannedGroups(plan: Shape, registry: Registry = REGISTRY): readonly PlannedGroup[] {
  const groups: PlannedGroup[] = [
    { name: REPLICAS, ids: ids('n', plan.replicas), crashable: true },
    { name: CLIENTS, ids: ids('c', plan.workload.clients), serves: REPLICAS, crashable: false },
  ];
  const spec = clusterSpecOf(plan, registry);
  if (spec !== undefined) {
    // A control-plane actor is a process: it can crash and restart (a kubelet's crash is its node's).
    for (const g of registry.kubernetes.groups(spec, { storeGroup: REPLICAS, mutants: plan.mutants })) groups.push({ name: g.name, ids: g.members.map((m) => m.id), ...(g.serves === undefined ? {} : { serves: g.serves }), crashable: true });
  }
  return groups;
}

/** The plan's `kubernetes:` section, parsed; undefined without one, or when it is invalid (validate.ts says why). */
export function clusterSpecOf(plan: Pick<RunPlan, 'replicas'> & Partial<Pick<RunPlan, 'kubernetes'>>, registry: Registry = REGISTRY): KubernetesSpec | undefined {
  if (plan.kubernetes === undefined) return undefined;
  const parsed = registry.kubernetes.spec.parse(plan.kubernetes, { replicas: replicaIds(plan) });
  return parsed.ok ? parsed.value : undefined;
}

export function replicaIds(plan: Pick<RunPlan, 'replicas'>): NodeId[] {
  return ids('n', plan.replicas);
}
