/**
 * The mock Kubernetes control plane as a component of a run: the `kubernetes:` section's parser,
 * the actor groups it adds to the world (kubelets, scheduler, controller manager, operator, all
 * clients of the store), its checks, its mutants, and the timers its actors set. Its actors talk to
 * the store only through the store's client session (protocols/store/session.ts), so the control
 * plane runs unchanged on any protocol that orders the store.
 */
import type { CheckCatalogue } from '../../sim/checks/index.js';
import { RESEND, RETRANSMIT } from '../../sim/request-loop.js';
import type { MutantInfo } from '../kit/mutants.js';
import type { OptionsSpec } from '../kit/options.js';
import { SESSION_PING, SESSION_TIMEOUT } from '../store/session.js';
import { PROBE, RELIST } from './component.js';
import { CONTROLLER_MANAGER_TIMERS } from './controller-manager.js';
import { kubernetesGroups, type KubernetesEnv } from './groups.js';
import { K8S_CHECKS } from './invariants/index.js';
import { KUBELET_TIMERS } from './kubelet.js';
import { K8S_MUTANTS } from './mutants.js';
import { OPERATOR_TIMERS } from './operator.js';
import { SCHEDULER_TIMERS } from './scheduler/scheduler.js';
import { KUBERNETES_SPEC, type KubernetesSpec } from './spec.js';
import type { GroupSpec } from '../../sim/world-options.js';

export { FACT } from './facts.js';
export { K8S_CHECKS } from './invariants/index.js';
export { K8S_GROUPS, kubeletId, type KubernetesEnv } from './groups.js';
export { K8S_MUTANTS } from './mutants.js';
export { KUBERNETES_SPEC, type KubernetesSpec } from './spec.js';
export { DEFAULT_TIMINGS, type Timings } from './timings.js';

export interface KubernetesComponent {
  readonly name: 'kubernetes';
  readonly summary: string;
  /** The scenario's `kubernetes:` section. */
  readonly spec: OptionsSpec<KubernetesSpec>;
  /** The actor groups to add to the world. */
  groups(spec: KubernetesSpec, env: KubernetesEnv): GroupSpec[];
  readonly checks: CheckCatalogue;
  readonly mutants: readonly MutantInfo[];
  /** Message kinds its actors send: only the kernel's requests (they talk to the store, never to each other). */
  readonly messages: readonly string[];
  /** Every timer name its actors set. */
  readonly timers: readonly string[];
}

export const KUBERNETES: KubernetesComponent = {
  name: 'kubernetes',
  summary: 'a mock Kubernetes control plane (scheduler, controller manager, kubelets) keeping its objects in the store',
  spec: KUBERNETES_SPEC,
  groups: kubernetesGroups,
  checks: K8S_CHECKS,
  mutants: K8S_MUTANTS,
  messages: ['client.request'],
  timers: [
    SESSION_PING,
    SESSION_TIMEOUT,
    RETRANSMIT,
    RESEND,
    RELIST,
    PROBE,
    ...Object.values(SCHEDULER_TIMERS),
    ...Object.values(CONTROLLER_MANAGER_TIMERS),
    ...Object.values(KUBELET_TIMERS),
    ...Object.values(OPERATOR_TIMERS),
  ],
};
