/**
 * The actor groups a plan describes, and every actor id, generated here and nowhere else: the
 * store's replicas `n1..nN` and its clients `c1..cK`. The Kubernetes side will add its groups here.
 */
import type { GroupName, NodeId } from '../sim/node.js';
import type { RunPlan } from './plan.js';

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

export function plannedGroups(plan: Pick<RunPlan, 'replicas' | 'workload'>): readonly PlannedGroup[] {
  return [
    { name: REPLICAS, ids: ids('n', plan.replicas), crashable: true },
    { name: CLIENTS, ids: ids('c', plan.workload.clients), serves: REPLICAS, crashable: false },
  ];
}

export function replicaIds(plan: Pick<RunPlan, 'replicas'>): NodeId[] {
  return ids('n', plan.replicas);
}
