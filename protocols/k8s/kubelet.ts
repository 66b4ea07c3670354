/**
 * A kubelet: the agent of one Kubernetes node, and the node itself (its crash is the node's crash:
 * the pods it ran stop with it). It registers its Node (capacity, labels, configured taints, Ready),
 * renews the node's Lease every `nodeLeaseRenewInterval` (the heartbeat the node lifecycle
 * controller watches), watches the pods bound to its node (the node's index in the registry), admits
 * each one that fits what it already runs (one that does not is refused, `Failed` with reason
 * `OutOfcpu` / `OutOfmemory` / `OutOfpods`, as the real kubelet's admission does), starts it after a
 * startup delay drawn from its random stream, reports it Running and Ready, and forgets it when the
 * pod is deleted (evicted or scaled away). Every `nodeStatusUpdateFrequency` it puts back what
 * others changed: the node's Ready condition and its pods' readiness.
 */
import type { ClientContext } from '../../sim/context.js';
import type { Time } from '../../sim/time.js';
import type { Span } from './api.js';
import { Component } from './component.js';
import { FACT } from './facts.js';
import type { Informer } from './informer.js';
import { isTerminal, podRequests, type Capacity, type Labels, type Lease, type Node, type Pod, type Resources, type Taint } from './objects.js';
import { nodePodsDir, pathOf } from './registry.js';
import { LABEL_HOSTNAME } from './scheduler/topology-spread.js';
import { draw, type Timings } from './timings.js';

export interface KubeletConfig {
  /** The Kubernetes node's name. */
  readonly node: string;
  readonly capacity: Capacity;
  readonly labels: Labels;
  /** Taints it registers with (`--register-with-taints`). */
  readonly taints: readonly Taint[];
}

export const KUBELET_TIMERS = { renew: 'kubelet.renew', status: 'kubelet.status', start: 'kubelet.start' } as const;

export class Kubelet extends Component {
  private readonly pods: Informer<'Pod'>;
  /** Pods admitted, by name: they hold their requests on this node. */
  private readonly admitted = new Map<string, Pod>();
  /** Pods whose containers run (Ready once reported). */
  private readonly running = new Set<string>();
  /** Admitted pods waiting for their containers, by the local time they will be up. */
  private starting: { readonly at: Time; readonly pod: string }[] = [];
  /** Adds seen before the first full list, admitted together in creation order. */
  private early: Pod[] | undefined = [];
  private lease: Lease | undefined;
  private beats = 0;

  constructor(
    ctx: ClientContext,
    timings: Timings,
    private readonly config: KubeletConfig,
  ) {
    super(ctx, timings);
    const node = config.node;
    this.pods = this.inform(
      'Pod',
      {
        added: (p: Pod) => this.arrived(p),
        deleted: (p: Pod) => this.gone(p.metadata.name),
        synced: () => this.listed(),
      },
      { dir: nodePodsDir(node), objectPath: (name) => pathOf('Pod', name) },
    );
  }

  override start(): void {
    const c = this.config;
    this.say(FACT.nodeStart, { name: c.node, cpu: c.capacity.cpu, memory: c.capacity.memory, pods: c.capacity.pods, labels: this.labels(), taints: c.taints });
    super.start();
  }

  protected ready(): void {
    this.api.ensureDirectory(nodePodsDir(this.config.node), () => {});
    this.register();
    this.renew();
    this.ctx.setTimer(KUBELET_TIMERS.status, this.timings.nodeStatusUpdateFrequency);
  }

  protected onTimer(name: string): void {
    switch (name) {
      case KUBELET_TIMERS.renew:
        this.renew();
        return;
      case KUBELET_TIMERS.status:
        this.syncStatus();
        this.ctx.setTimer(KUBELET_TIMERS.status, this.timings.nodeStatusUpdateFrequency);
        return;
      case KUBELET_TIMERS.start:
        this.startDue();
        return;
    }
  }

  // ---- the node and its lease -------------------------------------------------------------------

  private labels(): Labels {
    return { [LABEL_HOSTNAME]: this.config.node, ...this.config.labels };
  }

  private register(): void {
    const c = this.config;
    const now = this.ctx.now();
    const beat = this.beat();
    const node: Omit<Node, 'metadata'> & { metadata: Partial<Node['metadata']> } = {
      kind: 'Node',
      metadata: { name: c.node, labels: this.labels() },
      spec: { taints: c.taints },
      status: { capacity: c.capacity, allocatable: c.capacity, ready: { status: 'True', lastHeartbeatTime: now, lastTransitionTime: now } },
    };
    this.api.create<'Node'>(node, (r) => {
      if (r.kind === 'ok') this.beaten(beat, r.span);
      else if (r.kind === 'exists') this.reportReady();
      else this.register();
    });
  }

  /** Puts Ready=True on the node if it says otherwise (a restart, or the controller marked it). */
  private reportReady(): void {
    let beat: number | undefined;
    this.api.mutate(
      'Node',
      this.config.node,
      (n) => {
        if (n.status.ready?.status === 'True') return undefined;
        const now = this.ctx.now();
        beat = this.beat();
        return { ...n, status: { ...n.status, ready: { status: 'True', lastHeartbeatTime: now, lastTransitionTime: now } } };
      },
      (r) => {
        if (r.kind === 'ok' && beat !== undefined) this.beaten(beat, r.span);
      },
    );
  }

  private renew(): void {
    this.ctx.setTimer(KUBELET_TIMERS.renew, this.timings.nodeLeaseRenewInterval);
    const now = this.ctx.now();
    const beat = this.beat();
    const held = this.lease;
    if (held === undefined) {
      const seconds = Math.round(this.timings.nodeLeaseDuration / 1_000_000);
      const lease: Omit<Lease, 'metadata'> & { metadata: Partial<Lease['metadata']> } = {
        kind: 'Lease',
        metadata: { name: this.config.node },
        spec: { holderIdentity: this.config.node, leaseDurationSeconds: seconds, acquireTime: now, renewTime: now, leaseTransitions: 0 },
      };
      this.api.create<'Lease'>(lease, (r) => {
        if (r.kind === 'ok') {
          this.lease = r.obj;
          this.beaten(beat, r.span);
        } else if (r.kind === 'exists') this.api.get('Lease', this.config.node, (g) => g.kind === 'ok' && this.renewFrom(g.obj, beat));
      });
      return;
    }
    this.renewFrom(held, beat);
  }

  private renewFrom(lease: Lease, beat: number): void {
    const next: Lease = { ...lease, spec: { ...lease.spec, holderIdentity: this.config.node, renewTime: this.ctx.now() } };
    this.api.update(lease, next, (r) => {
      if (r.kind === 'ok') {
        this.lease = r.obj;
        this.beaten(beat, r.span);
      } else if (r.kind === 'conflict' || r.kind === 'missing') this.lease = undefined;
    });
  }

  /** A heartbeat goes out; the returned number pairs it with its acknowledgement. */
  private beat(): number {
    const seq = ++this.beats;
    this.say(FACT.heartbeatSent, { name: this.config.node, seq });
    return seq;
  }

  private beaten(seq: number, span: Span): void {
    this.say(FACT.heartbeat, { name: this.config.node, seq, lo: span.lo, hi: span.hi });
  }

  // ---- pods ---------------------------------------------------------------------------------------

  private arrived(pod: Pod): void {
    if (this.early !== undefined) this.early.push(pod);
    else this.admit(pod);
  }

  /** The first full list is in: admit what it found, oldest first (as the kubelet does after a restart). */
  private listed(): void {
    const early = this.early;
    if (early === undefined) return;
    this.early = undefined;
    early.sort((a, b) => a.metadata.creationTimestamp - b.metadata.creationTimestamp || (a.metadata.name < b.metadata.name ? -1 : 1));
    for (const pod of early) if (this.pods.get(pod.metadata.name) !== undefined) this.admit(this.pods.get(pod.metadata.name)!);
  }

  private admit(pod: Pod): void {
    const name = pod.metadata.name;
    if (this.admitted.has(name) || isTerminal(pod) || pod.spec.nodeName !== this.config.node) return;
    const reason = this.misfit(podRequests(pod.spec));
    if (reason !== undefined) {
      this.say(FACT.reject, { pod: name, name: this.config.node, reason });
      this.api.mutate(
        'Pod',
        name,
        (p) => (isTerminal(p) ? undefined : { ...p, status: { phase: 'Failed', reason, ready: false } }),
        (r) => {
          if (r.kind === 'ok') this.say(FACT.podPhase, { pod: name, name: this.config.node, phase: 'Failed', ready: false, reason, lo: r.span.lo, hi: r.span.hi });
        },
      );
      return;
    }
    this.admitted.set(name, pod);
    // Containers start from nothing: whatever an earlier incarnation reported, the pod is not ready now.
    if (pod.status.ready) this.writeStatus(name, false);
    const at = this.ctx.now() + draw(this.timings.podStartup, () => this.ctx.random());
    this.starting.push({ at, pod: name });
    this.starting.sort((a, b) => a.at - b.at);
    this.armStart();
  }

  /** Why a pod with these requests does not fit beside the admitted ones, if it does not. */
  private misfit(req: Resources): string | undefined {
    const cap = this.config.capacity;
    let cpu = 0;
    let memory = 0;
    for (const p of this.admitted.values()) {
      const r = podRequests(p.spec);
      cpu += r.cpu;
      memory += r.memory;
    }
    // In the order the kubelet's admission checks them (`fitsRequest`): the pod count, CPU, memory.
    if (this.admitted.size + 1 > cap.pods) return 'OutOfpods';
    if (cpu + req.cpu > cap.cpu) return 'OutOfcpu';
    if (memory + req.memory > cap.memory) return 'OutOfmemory';
    return undefined;
  }

  private armStart(): void {
    const next = this.starting[0];
    if (next === undefined) return;
    this.ctx.setTimer(KUBELET_TIMERS.start, Math.max(0, next.at - this.ctx.now()));
  }

  private startDue(): void {
    const now = this.ctx.now();
    while (this.starting.length > 0 && this.starting[0]!.at <= now) {
      const { pod } = this.starting.shift()!;
      if (!this.admitted.has(pod)) continue;
      this.running.add(pod);
      this.writeStatus(pod, true);
    }
    this.armStart();
  }

  private gone(name: string): void {
    this.admitted.delete(name);
    this.running.delete(name);
    this.starting = this.starting.filter((s) => s.pod !== name);
  }

  /** Writes the pod's phase and readiness if the stored status differs. */
  private writeStatus(name: string, ready: boolean): void {
    const now = this.ctx.now();
    this.api.mutate(
      'Pod',
      name,
      (p) => {
        if (isTerminal(p) || (p.status.phase === 'Running' && p.status.ready === ready)) return undefined;
        return { ...p, status: { phase: 'Running', ready, startTime: p.status.startTime ?? now, ...(ready ? { readySince: now } : {}) } };
      },
      (r) => {
        if (r.kind !== 'ok') return;
        this.pods.wrote(r.obj, r.span);
        if (r.obj.status.ready === ready && r.obj.status.phase === 'Running') this.say(FACT.podPhase, { pod: name, name: this.config.node, phase: 'Running', ready, lo: r.span.lo, hi: r.span.hi });
      },
    );
  }

  /** Puts back what others changed: the node's Ready condition and running pods' readiness. */
  private syncStatus(): void {
    this.reportReady();
    for (const name of this.running) {
      const p = this.pods.get(name);
      if (p !== undefined && !p.status.ready) this.writeStatus(name, true);
    }
  }
}
