/**
 * The control plane's invariants (protocols.md §5.5), each a trace check over the `k8s.*` facts:
 * capacity, binding (at most once, hard constraints), ReplicaSet and Deployment convergence,
 * rollout bounds, and eviction timing. The store's own linearizability check covers the control
 * plane's store operations, which are in the run's history.
 */
import type { CheckCatalogue } from '../../../sim/checks/index.js';
import { BINDING, bindingCheck } from './binding.js';
import { CAPACITY, capacityCheck } from './capacity.js';
import { CONVERGENCE, convergenceCheck } from './convergence.js';
import { EVICTION, evictionCheck } from './eviction.js';
import { ROLLOUT, rolloutCheck } from './rollout.js';

export const K8S_CHECKS: CheckCatalogue = {
  [CAPACITY]: capacityCheck,
  [BINDING]: bindingCheck,
  [CONVERGENCE]: convergenceCheck,
  [ROLLOUT]: rolloutCheck,
  [EVICTION]: evictionCheck,
};
