/** Small builders of API objects and scheduler snapshots for the unit tests. */
import { podNonZeroRequests, podRequests, type Node, type Pod, type PodSpec, type Taint } from '../../../protocols/k8s/objects.js';
import type { NodeInfo } from '../../../protocols/k8s/scheduler/framework.js';

const GI = 2 ** 30;
const MI = 2 ** 20;
export { GI, MI };

export function node(name: string, o: { cpu?: number; memory?: number; pods?: number; labels?: Record<string, string>; taints?: Taint[]; unschedulable?: boolean } = {}): Node {
  const capacity = { cpu: o.cpu ?? 4_000, memory: o.memory ?? 8 * GI, pods: o.pods ?? 110 };
  return {
    kind: 'Node',
    metadata: { name, uid: name, resourceVersion: 0, generation: 1, creationTimestamp: 0, labels: { 'kubernetes.io/hostname': name, ...(o.labels ?? {}) } },
    spec: { taints: o.taints ?? [], ...(o.unschedulable ? { unschedulable: true } : {}) },
    status: { capacity, allocatable: capacity, ready: { status: 'True', lastHeartbeatTime: 0, lastTransitionTime: 0 } },
  };
}

export function pod(name: string, o: { cpu?: number; memory?: number; labels?: Record<string, string>; node?: string; spec?: Partial<PodSpec>; created?: number; phase?: Pod['status']['phase']; ready?: boolean; readySince?: number } = {}): Pod {
  const requests = { ...(o.cpu === undefined ? {} : { cpu: o.cpu }), ...(o.memory === undefined ? {} : { memory: o.memory }) };
  return {
    kind: 'Pod',
    metadata: { name, uid: name, resourceVersion: 0, generation: 1, creationTimestamp: o.created ?? 0, labels: o.labels ?? {} },
    spec: { containers: [{ name: 'c', image: 'i', requests }], ...(o.node === undefined ? {} : { nodeName: o.node }), ...(o.spec ?? {}) },
    status: { phase: o.phase ?? (o.node === undefined ? 'Pending' : 'Running'), ready: o.ready ?? false, ...(o.readySince === undefined ? {} : { readySince: o.readySince }) },
  };
}

/** A node with these pods on it, as the scheduler's cache would show it. */
export function info(n: Node, pods: readonly Pod[] = []): NodeInfo {
  const sum = (f: (p: Pod) => { cpu: number; memory: number }) => pods.reduce((a, p) => ({ cpu: a.cpu + f(p).cpu, memory: a.memory + f(p).memory }), { cpu: 0, memory: 0 });
  return { node: n, pods, requested: sum((p) => podRequests(p.spec)), nonZeroRequested: sum((p) => podNonZeroRequests(p.spec)) };
}
