/**
 * The default profile, in the order of Kubernetes' `default_plugins.go` for the plugins the mock
 * has (no volumes, ports, inter-pod affinity or image locality), with the default score weights:
 * TaintToleration 3, NodeAffinity 2, PodTopologySpread 2, NodeResourcesFit 1, BalancedAllocation 1.
 */
import { balancedAllocationScore } from './balanced-allocation.js';
import type { Profile } from './framework.js';
import { nodeAffinityFilter, nodeAffinityScore } from './node-affinity.js';
import { nodeUnschedulable } from './node-unschedulable.js';
import { leastAllocatedScore, resourcesFit } from './resources-fit.js';
import { taintTolerationFilter, taintTolerationScore } from './taint-toleration.js';
import { topologySpreadFilter, topologySpreadScore } from './topology-spread.js';

export const DEFAULT_PROFILE: Profile = {
  filters: [nodeUnschedulable, taintTolerationFilter, nodeAffinityFilter, resourcesFit, topologySpreadFilter],
  scores: [taintTolerationScore, nodeAffinityScore, leastAllocatedScore, topologySpreadScore, balancedAllocationScore],
};
