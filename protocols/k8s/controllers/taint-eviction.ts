/**
 * The NoExecute taint manager (`TaintEvictionController`). For every pod bound to a node with
 * NoExecute taints: a pod that does not tolerate one of them is evicted at once; one that tolerates
 * them all for a limited time is evicted that long after the manager first saw it on the tainted
 * node (the smallest `tolerationSeconds` of the tolerations in use; the admission default is 300s);
 * the eviction is called off if the taints go first. Eviction is the pod's deletion.
 */
import type { Cancel } from '../alarms.js';
import { FACT } from '../facts.js';
import { isTerminal, type Node, type Pod } from '../objects.js';
import { matchingTolerations, minTolerationSeconds } from '../taints.js';
import type { ControllerContext } from './context.js';

interface Scheduled {
  readonly cancel: Cancel;
  /** When the countdown started (the manager's clock). */
  readonly since: number;
  readonly at: number;
}

export class TaintEvictionController {
  private readonly scheduled = new Map<string, Scheduled>();

  constructor(private readonly c: ControllerContext) {}

  nodeChanged(node: Node): void {
    for (const name of [...this.c.podsOn(node.metadata.name)].sort()) {
      const pod = this.c.pods.get(name);
      if (pod !== undefined) this.podChanged(pod, node);
    }
  }

  podChanged(pod: Pod, node = pod.spec.nodeName === undefined ? undefined : this.c.nodes.get(pod.spec.nodeName)): void {
    const name = pod.metadata.name;
    if (node === undefined || isTerminal(pod)) return this.cancel(name);
    const taints = node.spec.taints.filter((t) => t.effect === 'NoExecute');
    if (taints.length === 0) return this.cancel(name);
    const { all, used } = matchingTolerations(taints, pod.spec.tolerations);
    const now = this.c.now();
    if (!all) {
      this.cancel(name);
      const taint = taints.find((t) => !used.some((u) => u.key === t.key)) ?? taints[0]!;
      return this.evict(pod, node, taint.key, 0);
    }
    const seconds = minTolerationSeconds(used);
    if (seconds === Infinity) return this.cancel(name);
    const existing = this.scheduled.get(name);
    const since = existing?.since ?? now;
    const at = since + seconds * 1_000_000;
    if (existing !== undefined && existing.at <= at) return;
    existing?.cancel();
    const key = taints.find((t) => used.some((u) => u.tolerationSeconds === seconds && (u.key === undefined || u.key === t.key)))?.key ?? taints[0]!.key;
    const cancel = this.c.after(at - now, () => {
      this.scheduled.delete(name);
      const current = this.c.pods.get(name);
      const onNode = current?.spec.nodeName === undefined ? undefined : this.c.nodes.get(current.spec.nodeName);
      if (current !== undefined && onNode !== undefined && onNode.spec.taints.some((t) => t.effect === 'NoExecute')) this.evict(current, onNode, key, seconds);
    });
    this.scheduled.set(name, { cancel, since, at });
  }

  podGone(name: string): void {
    this.cancel(name);
  }

  private cancel(name: string): void {
    const s = this.scheduled.get(name);
    if (s === undefined) return;
    s.cancel();
    this.scheduled.delete(name);
  }

  private evict(pod: Pod, node: Node, taint: string, tolerationSeconds: number): void {
    const c = this.c;
    const name = pod.metadata.name;
    c.say(FACT.evict, { pod: name, name: node.metadata.name, taint, tolerationSeconds, grace: c.timings.nodeMonitorGracePeriod });
    const attempt = (p: Pod, left: number): void => {
      c.api.deletePod(p, (r) => {
        if (r.kind === 'ok') {
          c.say(FACT.podDelete, { pod: name, reason: 'eviction', lo: r.span.lo, hi: r.span.hi });
          c.pods.forget(name, r.span.hi);
          return;
        }
        if (r.kind !== 'conflict' || left === 0) return;
        // The pod changed since it was read (a status write): read it again, and evict it if it is still there.
        c.api.get('Pod', name, (g) => g.kind === 'ok' && g.obj.spec.nodeName === node.metadata.name && attempt(g.obj, left - 1));
      });
    };
    attempt(pod, 8);
  }
}
