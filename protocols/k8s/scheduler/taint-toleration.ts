/**
 * TaintToleration: the filter refuses a node with a NoSchedule or NoExecute taint the pod does not
 * tolerate; the score counts the node's PreferNoSchedule taints the pod does not tolerate (with its
 * tolerations whose effect is PreferNoSchedule or empty), and normalises in reverse: fewer is better.
 */
import { firstUntolerated, tolerated } from '../taints.js';
import { defaultNormalize, type FilterPlugin, type ScorePlugin } from './framework.js';

export const TAINT_TOLERATION = 'TaintToleration';

export const taintTolerationFilter: FilterPlugin = {
  name: TAINT_TOLERATION,
  prepare(cycle) {
    const tolerations = cycle.pod.spec.tolerations;
    return (info) => {
      const taint = firstUntolerated(info.node.spec.taints, tolerations, ['NoSchedule', 'NoExecute']);
      if (taint === undefined) return undefined;
      const shown = taint.value === undefined ? taint.key : `${taint.key}: ${taint.value}`;
      return { code: 'UnschedulableAndUnresolvable', reasons: [`node(s) had untolerated taint {${shown}}`] };
    };
  },
};

export const taintTolerationScore: ScorePlugin = {
  name: TAINT_TOLERATION,
  weight: 3,
  prepare(cycle) {
    const preferNoSchedule = (cycle.pod.spec.tolerations ?? []).filter((t) => t.effect === undefined || t.effect === 'PreferNoSchedule');
    return {
      score: (info) => info.node.spec.taints.filter((taint) => taint.effect === 'PreferNoSchedule' && !tolerated(preferNoSchedule, taint)).length,
      normalize: (scores) => defaultNormalize(scores, true),
    };
  },
};
