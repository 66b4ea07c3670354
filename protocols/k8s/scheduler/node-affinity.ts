/**
 * NodeAffinity: the filter requires the pod's `nodeSelector` labels and one of its required node
 * selector terms (terms ORed, requirements ANDed); the score sums the weights of the preferred
 * terms a node matches, normalised by the largest (skipped when the pod prefers nothing).
 */
import { anyTermMatches, mapMatches, termMatches } from '../labels.js';
import type { Node, PodSpec } from '../objects.js';
import { defaultNormalize, type FilterPlugin, type ScorePlugin } from './framework.js';

export const NODE_AFFINITY = 'NodeAffinity';

/** Whether the node satisfies the pod's nodeSelector and required node affinity. */
export function requiredAffinityMatches(spec: PodSpec, node: Node): boolean {
  const labels = node.metadata.labels;
  if (!mapMatches(spec.nodeSelector, labels)) return false;
  const required = spec.affinity?.nodeAffinity?.required;
  return required === undefined || anyTermMatches(required, labels);
}

export const nodeAffinityFilter: FilterPlugin = {
  name: NODE_AFFINITY,
  prepare(cycle) {
    const spec = cycle.pod.spec;
    return (info) => (requiredAffinityMatches(spec, info.node) ? undefined : { code: 'UnschedulableAndUnresolvable', reasons: ["node(s) didn't match Pod's node affinity/selector"] });
  },
};

export const nodeAffinityScore: ScorePlugin = {
  name: NODE_AFFINITY,
  weight: 2,
  prepare(cycle) {
    const preferred = cycle.pod.spec.affinity?.nodeAffinity?.preferred ?? [];
    if (preferred.length === 0) return undefined;
    return {
      score: (info) => preferred.reduce((sum, p) => sum + (termMatches(p.preference, info.node.metadata.labels) ? p.weight : 0), 0),
      normalize: (scores) => defaultNormalize(scores, false),
    };
  },
};
