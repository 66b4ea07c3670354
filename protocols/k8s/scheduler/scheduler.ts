/**
 * The scheduler actor. It watches pods, nodes, ReplicaSets and Services; queues every pod that has
 * no node; and, one cycle every `schedulingCycle`, runs the default profile on the next pod over its
 * cache, records the decision (`k8s.schedule`), assumes the pod on the chosen node and binds it
 * with a create-once write. The binding runs behind the next cycles (the store session queues it),
 * so the assumption is what the next pods see of it.
 *
 * A binding that fails lets the assumption go and the pod back into the queue; one whose outcome is
 * unknown keeps the assumption until a read of the pod tells whether it is bound, so the cache never
 * counts less than may be on a node. Mutant K2 leaves the assumption out.
 */
import type { ClientContext } from '../../../sim/context.js';
import { assertNever } from '../../../sim/errors.js';
import type { MutantSet } from '../../kit/mutants.js';
import type { ReadResult, WriteResult } from '../api.js';
import { Component } from '../component.js';
import { FACT } from '../facts.js';
import type { Informer, ObjectStat } from '../informer.js';
import { selectorMatches } from '../labels.js';
import type { K8sMutant } from '../mutants.js';
import { controllerOf, isTerminal, podRequests, type LabelSelector, type Labels, type Node, type Pod } from '../objects.js';
import type { Timings } from '../timings.js';
import { SchedulerCache } from './cache.js';
import { runCycle } from './framework.js';
import { DEFAULT_PROFILE } from './profile.js';
import { SchedulingQueue, type QueuedPod } from './queue.js';
import { spreadCounts } from './topology-spread.js';

export const SCHEDULER_TIMERS = { cycle: 'scheduler.cycle', flush: 'scheduler.flush' } as const;

export class Scheduler extends Component {
  private readonly cache = new SchedulerCache();
  private readonly queue: SchedulingQueue;
  private readonly pods: Informer<'Pod'>;
  private readonly nodes: Informer<'Node'>;
  private readonly replicaSets: Informer<'ReplicaSet'>;
  private readonly services: Informer<'Service'>;
  /** Pods whose binding is under way, with the lowest store position it may apply at. */
  private readonly binding = new Map<string, number>();
  /** Pods this incarnation knows the binding of (its own, answered; or sighted). */
  private readonly known = new Set<string>();
  private cycling = false;
  private readonly assumes: boolean;

  constructor(ctx: ClientContext, timings: Timings, mutants: MutantSet<K8sMutant>) {
    super(ctx, timings);
    this.assumes = !mutants.has('K2');
    this.queue = new SchedulingQueue({ initial: timings.podInitialBackoff, max: timings.podMaxBackoff });
    this.pods = this.inform('Pod', {
      added: (p: Pod, s: ObjectStat) => this.podSeen(p, s),
      updated: (_o: Pod, p: Pod, s: ObjectStat) => this.podSeen(p, s),
      deleted: (p: Pod) => this.podGone(p),
    });
    this.nodes = this.inform('Node', {
      added: (n: Node) => this.nodeSeen(n),
      updated: (_o: Node, n: Node) => this.nodeSeen(n),
      deleted: (n: Node) => this.cache.removeNode(n.metadata.name),
    });
    this.replicaSets = this.inform('ReplicaSet', {});
    this.services = this.inform('Service', {});
  }

  protected ready(): void {
    this.ctx.setTimer(SCHEDULER_TIMERS.flush, this.timings.unschedulableFlush);
  }

  protected onTimer(name: string): void {
    if (name === SCHEDULER_TIMERS.cycle) {
      this.cycling = false;
      this.cycle();
    } else if (name === SCHEDULER_TIMERS.flush) {
      this.queue.flush(this.ctx.now(), this.timings.unschedulableFlush);
      this.kick();
      this.ctx.setTimer(SCHEDULER_TIMERS.flush, this.timings.unschedulableFlush);
    }
  }

  // ---- what the informers say ---------------------------------------------------------------

  private podSeen(pod: Pod, stat: ObjectStat): void {
    const name = pod.metadata.name;
    if (isTerminal(pod)) {
      this.queue.remove(name);
      if (this.cache.nodeOf(name) !== undefined) {
        this.cache.removePod(name);
        this.changed();
      }
      return;
    }
    const node = pod.spec.nodeName;
    if (node !== undefined) {
      this.queue.remove(name);
      this.cache.addPod(pod);
      if (!this.known.has(name)) {
        // A binding this incarnation did not see answered (an unknown outcome, or before a restart).
        this.known.add(name);
        this.say(FACT.bind, { pod: name, name: node, lo: this.binding.get(name) ?? 0, hi: stat.mzxid, sighted: true });
      }
      this.binding.delete(name);
      return;
    }
    if (this.binding.has(name) || this.cache.isAssumed(name)) return;
    this.queue.add(name, pod.spec.priority ?? 0, this.ctx.now());
    this.kick();
  }

  private podGone(pod: Pod): void {
    const name = pod.metadata.name;
    this.queue.remove(name);
    this.binding.delete(name);
    if (this.cache.nodeOf(name) !== undefined) {
      this.cache.removePod(name);
      this.changed();
    }
  }

  private nodeSeen(node: Node): void {
    this.cache.setNode(node);
    this.changed();
  }

  /** The cluster changed: pods no node could take may fit now. */
  private changed(): void {
    this.queue.moveAll(this.ctx.now());
    this.kick();
  }

  // ---- scheduling -------------------------------------------------------------------------------

  /** Makes sure a cycle comes while pods wait (now, or when the earliest backoff ends). */
  private kick(): void {
    if (this.cycling) return;
    const now = this.ctx.now();
    let delay: number | undefined;
    if (this.queue.activeCount > 0) delay = this.timings.schedulingCycle;
    else {
      const next = this.queue.nextBackoff();
      if (next !== undefined) delay = Math.max(this.timings.schedulingCycle, next - now);
    }
    if (delay === undefined) return;
    this.cycling = true;
    this.ctx.setTimer(SCHEDULER_TIMERS.cycle, delay);
  }

  private cycle(): void {
    if (!this.pods.synced || !this.nodes.synced) {
      this.kick();
      return;
    }
    const q = this.queue.pop(this.ctx.now());
    if (q !== undefined) this.scheduleOne(q);
    this.kick();
  }

  private scheduleOne(q: QueuedPod): void {
    const pod = this.pods.get(q.name);
    if (pod === undefined || pod.spec.nodeName !== undefined || isTerminal(pod) || this.binding.has(q.name)) return;
    const nodes = this.cache.snapshot();
    const decision = runCycle(DEFAULT_PROFILE, { pod, nodes, defaultSpreadSelector: this.defaultSelector(pod) }, () => this.ctx.random());
    if (this.ctx.traced) this.say(FACT.schedule, { pod: q.name, decision, spread: spreadCounts(pod, nodes), assumed: this.assumes });
    const node = decision.node;
    if (node === undefined) {
      this.queue.park(q, this.ctx.now());
      return;
    }
    if (this.assumes) this.cache.assume(pod, node);
    this.binding.set(q.name, this.session.seen + 1);
    this.api.bind(pod, node, (r) => this.bound(q, pod, node, r));
  }

  private bound(q: QueuedPod, pod: Pod, node: string, r: WriteResult<Pod>): void {
    const name = pod.metadata.name;
    switch (r.kind) {
      case 'ok':
        this.binding.delete(name);
        this.known.add(name);
        this.say(FACT.bind, { pod: name, name: node, lo: r.span.lo, hi: r.span.hi, cpu: podRequests(pod.spec).cpu, memory: podRequests(pod.spec).memory });
        // Without the assumption (K2) the cache learns of the binding only from the watch.
        if (this.assumes) this.pods.wrote(r.obj, r.span);
        return;
      case 'unknown':
        this.confirm(q, pod, node, r.lo);
        return;
      case 'exists':
      case 'conflict':
      case 'missing':
      case 'expired':
      case 'unchanged':
      case 'error':
        // Not bound by this write: let the assumption go; the pod comes back if it still needs a node.
        this.binding.delete(name);
        this.cache.forget(name);
        this.queue.retry(q, this.ctx.now());
        this.kick();
        return;
      default:
        assertNever(r);
    }
  }

  /**
   * The binding's outcome is unknown: it may still be in the store's log, to commit later. A write
   * barrier goes through the log after it, so once the barrier is answered the binding has committed
   * or never will (a read barrier would not do: it covers only what is committed already); a read
   * then says which, and only then is the assumption let go.
   */
  private confirm(q: QueuedPod, pod: Pod, node: string, lo: number): void {
    const name = pod.metadata.name;
    this.api.barrier((ok) => {
      if (!ok) return this.confirm(q, pod, node, lo);
      this.api.get('Pod', name, (r) => this.confirmed(q, pod, node, lo, r));
    });
  }

  private confirmed(q: QueuedPod, pod: Pod, node: string, lo: number, r: ReadResult<Pod>): void {
    const name = pod.metadata.name;
    if (r.kind === 'unknown' || r.kind === 'error') return this.confirm(q, pod, node, lo);
    this.binding.delete(name);
    if (r.kind === 'ok' && r.obj.spec.nodeName !== undefined) {
      this.known.add(name);
      this.say(FACT.bind, { pod: name, name: r.obj.spec.nodeName, lo: r.obj.spec.nodeName === node ? lo : 0, hi: r.stat.mzxid });
      this.pods.observe(r.obj, { version: r.stat.version, czxid: r.stat.czxid, mzxid: r.stat.mzxid });
      return;
    }
    this.cache.forget(name);
    if (r.kind === 'ok') {
      this.queue.retry(q, this.ctx.now());
      this.kick();
    }
  }

  /**
   * The selector of the system-default spread constraints: the selectors of the Services that
   * select the pod, and of its owning ReplicaSet (`helper.DefaultSelector`).
   */
  private defaultSelector(pod: Pod): LabelSelector | undefined {
    const labels = pod.metadata.labels ?? {};
    const matchLabels: Record<string, string> = {};
    for (const svc of this.services.values()) {
      const sel: Labels = svc.spec.selector;
      if (Object.keys(sel).length > 0 && selectorMatches({ matchLabels: sel }, labels)) Object.assign(matchLabels, sel);
    }
    const owner = controllerOf(pod);
    const rs = owner?.kind === 'ReplicaSet' ? this.replicaSets.get(owner.name) : undefined;
    const expressions = rs?.spec.selector.matchExpressions ?? [];
    Object.assign(matchLabels, rs?.spec.selector.matchLabels ?? {});
    if (Object.keys(matchLabels).length === 0 && expressions.length === 0) return undefined;
    return expressions.length === 0 ? { matchLabels } : { matchLabels, matchExpressions: expressions };
  }
}
