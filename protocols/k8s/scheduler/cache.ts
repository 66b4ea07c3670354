/**
 * The scheduler's cache: every node, and on each the pods the scheduler counts there: the bound
 * ones its informer has seen, and the ones it assumed (chose a node for, binding under way). The
 * assumption is what keeps back-to-back pods from overcommitting a node before the informer has
 * seen the first binding; it is confirmed when the informer sees the pod bound and forgotten when
 * the binding fails. Terminal pods hold nothing and are not counted.
 */
import { podNonZeroRequests, podRequests, type Node, type Pod, type Resources } from '../objects.js';
import type { NodeInfo } from './framework.js';

interface Slot {
  readonly pods: Map<string, Pod>;
  info: NodeInfo | undefined;
}

const ZERO: Resources = { cpu: 0, memory: 0 };

export class SchedulerCache {
  private readonly nodes = new Map<string, Node>();
  private readonly slots = new Map<string, Slot>();
  /** Where each counted pod is counted, and whether only by assumption. */
  private readonly placed = new Map<string, { readonly node: string; readonly assumed: boolean }>();
  private snapshotCache: NodeInfo[] | undefined;

  setNode(node: Node): void {
    this.nodes.set(node.metadata.name, node);
    this.touch(node.metadata.name);
  }

  removeNode(name: string): void {
    this.nodes.delete(name);
    this.snapshotCache = undefined;
  }

  /** A bound, non-terminal pod the informer saw; replaces the assumption of it, if any. */
  addPod(pod: Pod): void {
    const node = pod.spec.nodeName;
    if (node === undefined) return;
    this.removePod(pod.metadata.name);
    this.slot(node).pods.set(pod.metadata.name, pod);
    this.placed.set(pod.metadata.name, { node, assumed: false });
    this.touch(node);
  }

  /** Counts `pod` on `node` before the binding is seen. */
  assume(pod: Pod, node: string): void {
    this.removePod(pod.metadata.name);
    this.slot(node).pods.set(pod.metadata.name, { ...pod, spec: { ...pod.spec, nodeName: node } });
    this.placed.set(pod.metadata.name, { node, assumed: true });
    this.touch(node);
  }

  /** Drops an assumption (the binding failed); a confirmed pod stays. */
  forget(name: string): void {
    if (this.placed.get(name)?.assumed === true) this.removePod(name);
  }

  removePod(name: string): void {
    const at = this.placed.get(name);
    if (at === undefined) return;
    this.placed.delete(name);
    this.slots.get(at.node)?.pods.delete(name);
    this.touch(at.node);
  }

  isAssumed(name: string): boolean {
    return this.placed.get(name)?.assumed === true;
  }

  /** Where the pod is counted, if it is. */
  nodeOf(name: string): string | undefined {
    return this.placed.get(name)?.node;
  }

  /** Every node with what is counted on it, sorted by name. */
  snapshot(): readonly NodeInfo[] {
    if (this.snapshotCache !== undefined) return this.snapshotCache;
    const names = [...this.nodes.keys()].sort();
    this.snapshotCache = names.map((name) => this.info(name));
    return this.snapshotCache;
  }

  private info(name: string): NodeInfo {
    const slot = this.slot(name);
    if (slot.info !== undefined && slot.info.node === this.nodes.get(name)) return slot.info;
    const pods = [...slot.pods.values()];
    let requested = ZERO;
    let nonZeroRequested = ZERO;
    for (const p of pods) {
      requested = add(requested, podRequests(p.spec));
      nonZeroRequested = add(nonZeroRequested, podNonZeroRequests(p.spec));
    }
    slot.info = { node: this.nodes.get(name)!, pods, requested, nonZeroRequested };
    return slot.info;
  }

  private slot(node: string): Slot {
    let s = this.slots.get(node);
    if (s === undefined) this.slots.set(node, (s = { pods: new Map(), info: undefined }));
    return s;
  }

  private touch(node: string): void {
    const s = this.slots.get(node);
    if (s !== undefined) s.info = undefined;
    this.snapshotCache = undefined;
  }
}

function add(a: Resources, b: Resources): Resources {
  return { cpu: a.cpu + b.cpu, memory: a.memory + b.memory };
}
