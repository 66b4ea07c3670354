/**
 * NodeUnschedulable: a cordoned node (`spec.unschedulable`) takes only pods that tolerate the
 * `node.kubernetes.io/unschedulable:NoSchedule` taint.
 */
import { tolerated, TAINT_UNSCHEDULABLE } from '../taints.js';
import type { FilterPlugin } from './framework.js';

export const NODE_UNSCHEDULABLE = 'NodeUnschedulable';

export const nodeUnschedulable: FilterPlugin = {
  name: NODE_UNSCHEDULABLE,
  prepare(cycle) {
    const tolerates = tolerated(cycle.pod.spec.tolerations, { key: TAINT_UNSCHEDULABLE, effect: 'NoSchedule' });
    return (info) => (info.node.spec.unschedulable === true && !tolerates ? { code: 'UnschedulableAndUnresolvable', reasons: ['node(s) were unschedulable'] } : undefined);
  },
};
