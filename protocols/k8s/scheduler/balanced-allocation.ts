/**
 * NodeResourcesBalancedAllocation: favours nodes whose CPU and memory would be used in the same
 * proportion: `(1 − std) × 100` over the requested fractions (capped at 1), where for two resources
 * std is half their difference. Recent Kubernetes uses the actual requests here (not the non-zero
 * defaults) and skips pods that request nothing (k/k#129138).
 */
import { podRequests, type Resources } from '../objects.js';
import { MAX_NODE_SCORE, type NodeInfo, type ScorePlugin } from './framework.js';

export const BALANCED_ALLOCATION = 'NodeResourcesBalancedAllocation';

export function balancedAllocation(info: NodeInfo, pod: Resources): number {
  const alloc = info.node.status.allocatable;
  const fractions: number[] = [];
  for (const r of ['cpu', 'memory'] as const) {
    if (alloc[r] === 0) continue;
    fractions.push(Math.min((info.requested[r] + pod[r]) / alloc[r], 1));
  }
  let std = 0;
  if (fractions.length === 2) std = Math.abs((fractions[0]! - fractions[1]!) / 2);
  else if (fractions.length > 2) {
    const mean = fractions.reduce((a, b) => a + b, 0) / fractions.length;
    std = Math.sqrt(fractions.reduce((a, f) => a + (f - mean) * (f - mean), 0) / fractions.length);
  }
  return Math.trunc((1 - std) * MAX_NODE_SCORE);
}

export const balancedAllocationScore: ScorePlugin = {
  name: BALANCED_ALLOCATION,
  weight: 1,
  prepare(cycle) {
    const pod = podRequests(cycle.pod.spec);
    if (pod.cpu === 0 && pod.memory === 0) return undefined;
    return { score: (info) => balancedAllocation(info, pod) };
  },
};
