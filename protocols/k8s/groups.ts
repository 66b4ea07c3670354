/**
 * The control plane as actor groups of a world: one kubelet per Kubernetes node (`kubelet-1`, ...),
 * the scheduler, the controller manager and the operator (`kubectl`), each a client of the store's
 * replica group (`serves`), so their contexts know the replicas and their operations go into the
 * run's history.
 */
import type { Actor, GroupName, NodeContext } from '../../sim/node.js';
import type { GroupSpec } from '../../sim/world-options.js';
import type { ClientContext } from '../../sim/context.js';
import { mutantSet } from '../kit/mutants.js';
import { ControllerManager } from './controller-manager.js';
import { Kubelet } from './kubelet.js';
import type { K8sMutant } from './mutants.js';
import { Operator } from './operator.js';
import { Scheduler } from './scheduler/scheduler.js';
import type { KubernetesSpec } from './spec.js';

/** What the world provides the control plane with. */
export interface KubernetesEnv {
  /** The store's replica group: every component is a client of it. */
  readonly storeGroup: GroupName;
  /** Every mutant the run names (the control plane acts on its own: K2). */
  readonly mutants: Iterable<string>;
}

export const K8S_GROUPS = { kubelet: 'kubelet', scheduler: 'scheduler', controllerManager: 'controller-manager', operator: 'kubectl' } as const;

/** The kubelet actor id of the node at `index` (0-based) in the spec's node list. */
export function kubeletId(index: number): string {
  return `kubelet-${index + 1}`;
}

type Factory = (ctx: NodeContext<any>) => Actor<any>;
const client = (make: (ctx: ClientContext) => Actor): Factory => (ctx) => make(ctx as ClientContext);

/** The groups to add to the world, in start order: kubelets, scheduler, controller manager, operator. */
export function kubernetesGroups(spec: KubernetesSpec, env: KubernetesEnv): GroupSpec[] {
  const t = spec.timings;
  const serves = env.storeGroup;
  const mutants = mutantSet<K8sMutant>(env.mutants);
  return [
    {
      name: K8S_GROUPS.kubelet,
      serves,
      members: spec.nodes.map((n, i) => ({ id: kubeletId(i), actor: client((ctx) => new Kubelet(ctx, t, { node: n.name, capacity: n.capacity, labels: n.labels, taints: n.taints })) })),
    },
    { name: K8S_GROUPS.scheduler, serves, members: [{ id: 'scheduler', actor: client((ctx) => new Scheduler(ctx, t, mutants)) }] },
    { name: K8S_GROUPS.controllerManager, serves, members: [{ id: 'controller-manager', actor: client((ctx) => new ControllerManager(ctx, t)) }] },
    { name: K8S_GROUPS.operator, serves, members: [{ id: 'kubectl', actor: client((ctx) => new Operator(ctx, spec)) }] },
  ];
}
