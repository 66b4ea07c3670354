/**
 * The controller manager: one actor running the ReplicaSet, Deployment, node lifecycle, NoExecute
 * taint eviction and Endpoints controllers over shared informers (pods, nodes, leases, ReplicaSets,
 * Deployments, Services, Endpoints), as kube-controller-manager does. Every `resyncEvery` each
 * controller goes over all its objects again.
 *
 * Its pod, ReplicaSet and Deployment informers also serve as the run's audit: what they see of the
 * store (a pod created, bound, Ready, terminal or deleted; a ReplicaSet's or a Deployment's desired
 * state) becomes a `k8s.*` fact dated by the store's own positions (the znode's czxid and mzxid, the
 * watch event's position), so the invariants hear of writes whose writer never learnt their outcome.
 */
import type { ClientContext } from '../../sim/context.js';
import { Alarms } from './alarms.js';
import { Component } from './component.js';
import type { ControllerContext } from './controllers/context.js';
import { DeploymentController, rolloutBounds } from './controllers/deployment.js';
import { EndpointsController } from './controllers/endpoints.js';
import { NodeLifecycleController } from './controllers/node-lifecycle.js';
import { ReplicaSetController } from './controllers/replicaset.js';
import { TaintEvictionController } from './controllers/taint-eviction.js';
import { TEMPLATE_HASH_LABEL, templateHash } from './controllers/template-hash.js';
import { FACT } from './facts.js';
import type { Informer, ObjectStat } from './informer.js';
import { controllerOf, isTerminal, podRequests, type Deployment, type Node, type Pod, type ReplicaSet } from './objects.js';
import type { Timings } from './timings.js';

export const CONTROLLER_MANAGER_TIMERS = { monitor: 'cm.monitor', resync: 'cm.resync', alarms: 'cm.alarms' } as const;

export class ControllerManager extends Component {
  private readonly alarms: Alarms;
  private readonly byOwner = new Map<string, Set<string>>();
  private readonly byNode = new Map<string, Set<string>>();
  private readonly pods: Informer<'Pod'>;
  private readonly nodes: Informer<'Node'>;
  private readonly replicaSets: Informer<'ReplicaSet'>;
  private readonly deployments: Informer<'Deployment'>;
  private readonly services: Informer<'Service'>;
  private readonly rsController: ReplicaSetController;
  private readonly deploymentController: DeploymentController;
  private readonly lifecycle: NodeLifecycleController;
  private readonly eviction: TaintEvictionController;
  private readonly endpointsController: EndpointsController;

  constructor(ctx: ClientContext, timings: Timings) {
    super(ctx, timings);
    this.alarms = new Alarms(ctx, CONTROLLER_MANAGER_TIMERS.alarms);
    this.pods = this.inform('Pod', {
      added: (p: Pod, s: ObjectStat) => this.podAdded(p, s),
      updated: (o: Pod, p: Pod, s: ObjectStat) => this.podUpdated(o, p, s),
      deleted: (p: Pod, zxid: number, exact: boolean) => this.podDeleted(p, zxid, exact),
      synced: () => this.say(FACT.census, { at: this.pods.listedAt, pods: [...this.pods.values()].map((p) => p.metadata.name).sort() }),
    });
    this.nodes = this.inform('Node', {
      added: (n: Node) => this.nodeChanged(n),
      updated: (_o: Node, n: Node) => this.nodeChanged(n),
      deleted: (n: Node) => this.lifecycle.nodeDeleted(n.metadata.name),
    });
    const leases = this.inform('Lease', {
      added: (l) => this.lifecycle.leaseSeen(l),
      updated: (_o, l) => this.lifecycle.leaseSeen(l),
    });
    this.replicaSets = this.inform('ReplicaSet', {
      added: (rs: ReplicaSet, s: ObjectStat) => this.rsChanged(undefined, rs, s),
      updated: (o: ReplicaSet, rs: ReplicaSet, s: ObjectStat) => this.rsChanged(o, rs, s),
      deleted: (rs: ReplicaSet) => this.rsController.rsDeleted(rs),
    });
    this.deployments = this.inform('Deployment', {
      added: (d: Deployment, s: ObjectStat) => this.deploymentChanged(undefined, d, s),
      updated: (o: Deployment, d: Deployment, s: ObjectStat) => this.deploymentChanged(o, d, s),
    });
    this.services = this.inform('Service', {
      added: (svc) => this.endpointsController.serviceChanged(svc),
      updated: (_o, svc) => this.endpointsController.serviceChanged(svc),
      deleted: (svc) => this.endpointsController.serviceChanged(svc),
    });
    const endpoints = this.inform('Endpoints', {
      updated: (_o, e) => this.endpointsController.queue.add(e.metadata.name),
    });
    const c: ControllerContext = {
      api: this.api,
      timings,
      pods: this.pods,
      nodes: this.nodes,
      leases,
      replicaSets: this.replicaSets,
      deployments: this.deployments,
      services: this.services,
      endpoints,
      podsOf: (rs) => this.byOwner.get(rs) ?? EMPTY,
      podsOn: (node) => this.byNode.get(node) ?? EMPTY,
      now: () => ctx.now(),
      after: (delay, run) => this.alarms.after(delay, run),
      say: (kind, data) => this.say(kind, data),
    };
    this.rsController = new ReplicaSetController(c);
    this.deploymentController = new DeploymentController(c);
    this.lifecycle = new NodeLifecycleController(c);
    this.eviction = new TaintEvictionController(c);
    this.endpointsController = new EndpointsController(c);
  }

  override start(): void {
    const t = this.timings;
    this.say(FACT.config, {
      grace: t.nodeMonitorGracePeriod,
      startupGrace: t.nodeStartupGracePeriod,
      monitorPeriod: t.nodeMonitorPeriod,
      evictionRate: t.nodeEvictionRate,
      secondaryEvictionRate: t.secondaryNodeEvictionRate,
      unhealthyZoneThreshold: t.unhealthyZoneThreshold,
      largeClusterSizeThreshold: t.largeClusterSizeThreshold,
    });
    super.start();
  }

  protected ready(): void {
    this.ctx.setTimer(CONTROLLER_MANAGER_TIMERS.monitor, this.timings.nodeMonitorPeriod);
    this.ctx.setTimer(CONTROLLER_MANAGER_TIMERS.resync, this.timings.resyncEvery);
  }

  protected onTimer(name: string): void {
    switch (name) {
      case CONTROLLER_MANAGER_TIMERS.monitor:
        this.lifecycle.monitor();
        this.ctx.setTimer(CONTROLLER_MANAGER_TIMERS.monitor, this.timings.nodeMonitorPeriod);
        return;
      case CONTROLLER_MANAGER_TIMERS.resync:
        this.resync();
        this.ctx.setTimer(CONTROLLER_MANAGER_TIMERS.resync, this.timings.resyncEvery);
        return;
      case CONTROLLER_MANAGER_TIMERS.alarms:
        this.alarms.fire();
        return;
    }
  }

  private resync(): void {
    for (const rs of this.replicaSets.list()) this.rsController.rsChanged(rs);
    for (const d of this.deployments.list()) this.deploymentController.deploymentChanged(d);
    for (const svc of this.services.list()) this.endpointsController.serviceChanged(svc);
    for (const n of this.nodes.list()) this.eviction.nodeChanged(n);
  }

  // ---- pods ---------------------------------------------------------------------------------------

  private podAdded(pod: Pod, stat: ObjectStat): void {
    this.index(undefined, pod);
    const name = pod.metadata.name;
    const owner = controllerOf(pod);
    const spec = pod.spec;
    this.say(FACT.pod, {
      pod: name,
      ...(owner?.kind === 'ReplicaSet' ? { owner: owner.name } : {}),
      labels: pod.metadata.labels ?? {},
      requests: podRequests(spec),
      priority: spec.priority ?? 0,
      ...(spec.nodeSelector ? { nodeSelector: spec.nodeSelector } : {}),
      ...(spec.affinity?.nodeAffinity ? { affinity: spec.affinity.nodeAffinity } : {}),
      tolerations: spec.tolerations ?? [],
      spread: spec.topologySpreadConstraints ?? [],
      lo: stat.czxid,
      hi: stat.czxid,
    });
    this.sighted(undefined, pod, stat);
    this.rsController.podAdded(pod);
    this.endpointsController.podChanged(pod);
    this.eviction.podChanged(pod);
  }

  private podUpdated(old: Pod, pod: Pod, stat: ObjectStat): void {
    this.index(old, pod);
    this.sighted(old, pod, stat);
    this.rsController.podChanged(pod);
    this.endpointsController.podChanged(pod, old);
    this.eviction.podChanged(pod);
  }

  private podDeleted(pod: Pod, zxid: number, exact: boolean): void {
    this.index(pod, undefined);
    this.say(FACT.podDelete, { pod: pod.metadata.name, reason: 'sighted', lo: exact ? zxid : 0, hi: zxid });
    this.rsController.podDeleted(pod);
    this.endpointsController.podChanged(pod, undefined, true);
    this.eviction.podGone(pod.metadata.name);
  }

  /** What the store shows of a pod at its last change (`mzxid`): its binding, phase and readiness. */
  private sighted(old: Pod | undefined, pod: Pod, stat: ObjectStat): void {
    const name = pod.metadata.name;
    if (pod.spec.nodeName !== undefined && old?.spec.nodeName !== pod.spec.nodeName) this.say(FACT.bind, { pod: name, name: pod.spec.nodeName, lo: 0, hi: stat.mzxid, sighted: true });
    if (old === undefined ? pod.status.phase !== 'Pending' || pod.status.ready : old.status.phase !== pod.status.phase || old.status.ready !== pod.status.ready) {
      this.say(FACT.podPhase, {
        pod: name,
        ...(pod.spec.nodeName !== undefined ? { name: pod.spec.nodeName } : {}),
        phase: pod.status.phase,
        ready: pod.status.ready,
        ...(pod.status.reason !== undefined ? { reason: pod.status.reason } : {}),
        lo: stat.mzxid,
        hi: stat.mzxid,
        sighted: true,
      });
    }
  }

  private index(old: Pod | undefined, pod: Pod | undefined): void {
    const name = (pod ?? old)!.metadata.name;
    const oldOwner = old === undefined ? undefined : controllerOf(old)?.name;
    const newOwner = pod === undefined ? undefined : controllerOf(pod)?.name;
    if (oldOwner !== newOwner && oldOwner !== undefined) this.byOwner.get(oldOwner)?.delete(name);
    if (newOwner !== undefined) add(this.byOwner, newOwner, name);
    const oldNode = old?.spec.nodeName;
    const newNode = pod === undefined || isTerminal(pod) ? undefined : pod.spec.nodeName;
    if (oldNode !== newNode && oldNode !== undefined) this.byNode.get(oldNode)?.delete(name);
    if (newNode !== undefined) add(this.byNode, newNode, name);
  }

  // ---- the rest ---------------------------------------------------------------------------------

  private nodeChanged(node: Node): void {
    this.lifecycle.nodeSeen(node);
    this.eviction.nodeChanged(node);
  }

  private rsChanged(old: ReplicaSet | undefined, rs: ReplicaSet, stat: ObjectStat): void {
    if (old === undefined || old.spec.replicas !== rs.spec.replicas) {
      const owner = controllerOf(rs);
      this.say(FACT.replicas, {
        rs: rs.metadata.name,
        ...(owner?.kind === 'Deployment' ? { deployment: owner.name } : {}),
        replicas: rs.spec.replicas,
        hash: rs.metadata.labels?.[TEMPLATE_HASH_LABEL] ?? '',
        lo: stat.mzxid,
        hi: stat.mzxid,
        sighted: true,
      });
    }
    this.rsController.rsChanged(rs);
    this.deploymentController.rsChanged(rs);
  }

  private deploymentChanged(old: Deployment | undefined, d: Deployment, stat: ObjectStat): void {
    if (old === undefined || JSON.stringify(old.spec) !== JSON.stringify(d.spec)) {
      this.say(FACT.deployment, { deployment: d.metadata.name, replicas: d.spec.replicas, ...rolloutBounds(d), hash: templateHash(d.spec.template), lo: stat.mzxid, hi: stat.mzxid, sighted: true });
    }
    this.deploymentController.deploymentChanged(d);
  }
}

const EMPTY: ReadonlySet<string> = new Set();

function add(map: Map<string, Set<string>>, key: string, value: string): void {
  let set = map.get(key);
  if (set === undefined) map.set(key, (set = new Set()));
  set.add(value);
}
