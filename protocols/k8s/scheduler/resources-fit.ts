/**
 * NodeResourcesFit: the filter refuses a node whose allocatable resources, less what its pods
 * request, cannot hold the pod's requests, or that already runs its maximum number of pods
 * (`fitsRequest`); the score is the default LeastAllocated strategy over CPU and memory, weight 1
 * each, computed on non-zero requests (`leastRequestedScore`, integer arithmetic).
 */
import { podNonZeroRequests, podRequests, type Resources } from '../objects.js';
import { MAX_NODE_SCORE, type FilterPlugin, type NodeInfo, type ScorePlugin } from './framework.js';

export const NODE_RESOURCES_FIT = 'NodeResourcesFit';

/** Why `info` cannot take a pod with these requests (empty when it can). */
export function insufficient(info: NodeInfo, requests: Resources): string[] {
  const alloc = info.node.status.allocatable;
  const reasons: string[] = [];
  if (info.pods.length + 1 > alloc.pods) reasons.push('Too many pods');
  if (requests.cpu > 0 && requests.cpu > alloc.cpu - info.requested.cpu) reasons.push('Insufficient cpu');
  if (requests.memory > 0 && requests.memory > alloc.memory - info.requested.memory) reasons.push('Insufficient memory');
  return reasons;
}

export const resourcesFit: FilterPlugin = {
  name: NODE_RESOURCES_FIT,
  prepare(cycle) {
    const requests = podRequests(cycle.pod.spec);
    return (info) => {
      const reasons = insufficient(info, requests);
      return reasons.length === 0 ? undefined : { code: 'Unschedulable', reasons };
    };
  },
};

/** `((capacity − requested) × 100) / capacity`, 0 when nothing is allocatable or it does not fit. */
export function leastRequestedScore(requested: number, capacity: number): number {
  if (capacity === 0 || requested > capacity) return 0;
  return Math.trunc(((capacity - requested) * MAX_NODE_SCORE) / capacity);
}

/** LeastAllocated over CPU and memory, each weight 1, resources with nothing allocatable left out. */
export function leastAllocated(info: NodeInfo, pod: Resources): number {
  const alloc = info.node.status.allocatable;
  let sum = 0;
  let weights = 0;
  for (const r of ['cpu', 'memory'] as const) {
    if (alloc[r] === 0) continue;
    sum += leastRequestedScore(info.nonZeroRequested[r] + pod[r], alloc[r]);
    weights += 1;
  }
  return weights === 0 ? 0 : Math.trunc(sum / weights);
}

export const leastAllocatedScore: ScorePlugin = {
  name: NODE_RESOURCES_FIT,
  weight: 1,
  prepare(cycle) {
    const pod = podNonZeroRequests(cycle.pod.spec);
    return { score: (info) => leastAllocated(info, pod) };
  },
};
