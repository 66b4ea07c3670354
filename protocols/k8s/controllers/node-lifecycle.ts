/**
 * The node lifecycle controller. It dates each node's last heartbeat by its own clock (when it saw
 * the node's Lease renewed, or the node's Ready heartbeat change: it never trusts the times written
 * in them) and, every `nodeMonitorPeriod`:
 *
 * - marks Ready=Unknown a node silent for longer than its grace period (`nodeMonitorGracePeriod`, or
 *   `nodeStartupGracePeriod` for a node never Ready), and marks its pods not ready;
 * - gives a node that is not Ready the `not-ready` / `unreachable` NoSchedule taint at once, and the
 *   NoExecute taint through its zone's rate-limited queue (zones.ts); takes them off a Ready node;
 * - stops tainting for eviction, and lifts the NoExecute taints, when every zone is fully disrupted
 *   (then the fault is more likely the controller's or the network's than every node's), and gives
 *   every node a fresh grace period when that ends.
 */
import type { Time } from '../../../sim/time.js';
import { FACT } from '../facts.js';
import type { ConditionStatus, Lease, Node, Taint } from '../objects.js';
import { LABEL_ZONE } from '../scheduler/topology-spread.js';
import { TAINT_NOT_READY, TAINT_UNREACHABLE } from '../taints.js';
import type { ControllerContext } from './context.js';
import { allFullyDisrupted, evictionRate, zoneState, type ZoneState } from './zones.js';

interface Health {
  /** When this controller last saw a heartbeat (its clock). */
  probe: Time;
  lastRenew: number | undefined;
  lastBeat: number | undefined;
}

/** A zone's rate-limited queue of nodes waiting for their NoExecute taint. */
interface Tainter {
  readonly queue: string[];
  nextAt: Time;
  rate: number;
}

/** How often the tainting queues are worked (`NodeEvictionPeriod`). */
const TAINT_PASS: Time = 100_000;

export class NodeLifecycleController {
  private readonly health = new Map<string, Health>();
  private readonly tainters = new Map<string, Tainter>();
  private masterDisruption = false;
  private passing = false;
  /** Nodes with a write of their Ready condition or taints under way. */
  private readonly writing = new Set<string>();

  constructor(private readonly c: ControllerContext) {}

  // ---- heartbeats -----------------------------------------------------------------------------

  nodeSeen(node: Node): void {
    const name = node.metadata.name;
    const h = this.healthOf(name);
    const beat = node.status.ready?.status === 'True' ? node.status.ready.lastHeartbeatTime : undefined;
    if (beat !== undefined && beat !== h.lastBeat) {
      h.lastBeat = beat;
      h.probe = this.c.now();
    }
  }

  leaseSeen(lease: Lease): void {
    const h = this.healthOf(lease.metadata.name);
    if (lease.spec.renewTime !== h.lastRenew) {
      h.lastRenew = lease.spec.renewTime;
      h.probe = this.c.now();
    }
  }

  nodeDeleted(name: string): void {
    this.health.delete(name);
  }

  private healthOf(name: string): Health {
    let h = this.health.get(name);
    if (h === undefined) this.health.set(name, (h = { probe: this.c.now(), lastRenew: undefined, lastBeat: undefined }));
    return h;
  }

  // ---- the monitor pass -------------------------------------------------------------------------

  /** One pass of `monitorNodeHealth`. */
  monitor(): void {
    const c = this.c;
    if (!c.nodes.synced || !c.leases.synced) return;
    const now = c.now();
    const nodes = c.nodes.list();
    for (const node of nodes) {
      const name = node.metadata.name;
      const h = this.healthOf(name);
      const ready = node.status.ready;
      const grace = ready === undefined ? c.timings.nodeStartupGracePeriod : c.timings.nodeMonitorGracePeriod;
      if (now - h.probe > grace && ready?.status !== 'Unknown') this.markUnknown(node, grace);
    }
    this.disruption(nodes, now);
    for (const node of nodes) this.taintFor(node);
  }

  /**
   * The node looks silent: before marking it, read its Lease and Node from the store. A watch event
   * lost on the way (the store pushes them without a connection that would notice) must not make a
   * live node look dead; a heartbeat found by the reads counts as seen now.
   */
  private markUnknown(node: Node, grace: Time): void {
    const c = this.c;
    const name = node.metadata.name;
    if (this.writing.has(name)) return;
    this.writing.add(name);
    c.api.get('Lease', name, (lease) => {
      if (lease.kind === 'ok') this.leaseSeen(lease.obj);
      c.api.get('Node', name, (fresh) => {
        if (fresh.kind === 'ok') this.nodeSeen(fresh.obj);
        const h = this.healthOf(name);
        const now = c.now();
        if (lease.kind === 'unknown' || lease.kind === 'error' || fresh.kind !== 'ok' || now - h.probe <= grace || fresh.obj.status.ready?.status === 'Unknown') {
          this.writing.delete(name);
          return;
        }
        // `at`: the position of the Lease read; every heartbeat that reached the store before it was seen.
        c.say(FACT.nodeReady, { name, status: 'Unknown', grace, at: lease.zxid });
        this.writeUnknown(name);
      });
    });
  }

  private writeUnknown(name: string): void {
    const c = this.c;
    const now = c.now();
    c.api.mutate(
      'Node',
      name,
      (n) =>
        n.status.ready?.status === 'Unknown'
          ? undefined
          : { ...n, status: { ...n.status, ready: { status: 'Unknown', reason: 'NodeStatusUnknown', lastHeartbeatTime: n.status.ready?.lastHeartbeatTime ?? 0, lastTransitionTime: now } } },
      (r) => {
        this.writing.delete(name);
        if (r.kind !== 'ok') return;
        c.nodes.wrote(r.obj, r.span);
        this.markPodsNotReady(name);
      },
    );
  }

  /** `MarkPodsNotReady`: the pods of a node whose kubelet is silent are no longer Ready. */
  private markPodsNotReady(node: string): void {
    const c = this.c;
    for (const name of [...c.podsOn(node)].sort()) {
      const pod = c.pods.get(name);
      if (pod === undefined || !pod.status.ready) continue;
      c.api.mutate(
        'Pod',
        name,
        (p) => (p.spec.nodeName !== node || !p.status.ready || p.status.phase === 'Failed' || p.status.phase === 'Succeeded' ? undefined : { ...p, status: { ...p.status, ready: false } }),
        (r) => {
          if (r.kind !== 'ok') return;
          c.say(FACT.podPhase, { pod: name, name: node, phase: r.obj.status.phase, ready: false, lo: r.span.lo, hi: r.span.hi });
          c.pods.wrote(r.obj, r.span);
        },
      );
    }
  }

  // ---- zones ------------------------------------------------------------------------------------

  private disruption(nodes: readonly Node[], now: Time): void {
    const t = this.c.timings;
    const zones = new Map<string, { ready: number; notReady: number }>();
    for (const n of nodes) {
      const z = zoneOf(n);
      const counts = zones.get(z) ?? { ready: 0, notReady: 0 };
      if (n.status.ready?.status === 'True') counts.ready++;
      else counts.notReady++;
      zones.set(z, counts);
    }
    const states = new Map<string, ZoneState>();
    for (const [z, k] of zones) states.set(z, zoneState(k.ready, k.notReady, t.unhealthyZoneThreshold));
    const all = allFullyDisrupted(states.values());
    if (all && !this.masterDisruption) {
      this.masterDisruption = true;
      for (const tainter of this.tainters.values()) tainter.queue.length = 0;
    } else if (!all && this.masterDisruption) {
      // Coming back: every node gets a fresh grace period, as if just seen.
      this.masterDisruption = false;
      for (const h of this.health.values()) h.probe = now;
    }
    for (const [z, state] of states) this.tainterOf(z).rate = this.masterDisruption ? 0 : evictionRate(state, zones.get(z)!.ready + zones.get(z)!.notReady, t);
  }

  private tainterOf(zone: string): Tainter {
    let t = this.tainters.get(zone);
    if (t === undefined) this.tainters.set(zone, (t = { queue: [], nextAt: 0, rate: this.c.timings.nodeEvictionRate }));
    return t;
  }

  // ---- taints -----------------------------------------------------------------------------------

  /** Puts the taints a node's Ready condition calls for: NoSchedule at once, NoExecute through its zone's queue. */
  private taintFor(node: Node): void {
    const status: ConditionStatus | undefined = node.status.ready?.status;
    const wantKey = status === 'False' ? TAINT_NOT_READY : status === 'Unknown' ? TAINT_UNREACHABLE : undefined;
    const name = node.metadata.name;
    const taints = node.spec.taints;
    const has = (key: string, effect: Taint['effect']): boolean => taints.some((t) => t.key === key && t.effect === effect);
    const tainter = this.tainterOf(zoneOf(node));
    const noExecuteWrong = [TAINT_NOT_READY, TAINT_UNREACHABLE].some((k) => k !== wantKey && has(k, 'NoExecute'));
    const noScheduleWrong = [TAINT_NOT_READY, TAINT_UNREACHABLE].some((k) => (k === wantKey) !== has(k, 'NoSchedule'));
    if (wantKey === undefined || this.masterDisruption) {
      const i = tainter.queue.indexOf(name);
      if (i >= 0) tainter.queue.splice(i, 1);
    }
    if (noScheduleWrong || noExecuteWrong || (this.masterDisruption && wantKey !== undefined && has(wantKey, 'NoExecute'))) this.writeTaints(name, false);
    if (wantKey !== undefined && !this.masterDisruption && !has(wantKey, 'NoExecute') && !tainter.queue.includes(name)) {
      tainter.queue.push(name);
      this.pass();
    }
  }

  /** Works the zone queues: each zone taints one node per 1/rate seconds. */
  private pass(): void {
    if (this.passing) return;
    const now = this.c.now();
    let waiting = false;
    for (const [, t] of [...this.tainters].sort(([a], [b]) => (a < b ? -1 : 1))) {
      if (t.queue.length === 0) continue;
      waiting = true;
      if (t.rate <= 0 || now < t.nextAt) continue;
      const name = t.queue.shift()!;
      t.nextAt = now + Math.round(1_000_000 / t.rate);
      this.writeTaints(name, true);
    }
    if (!waiting) return;
    this.passing = true;
    this.c.after(TAINT_PASS, () => {
      this.passing = false;
      this.pass();
    });
  }

  /**
   * Writes the taints the node's current Ready condition calls for; the NoExecute one only when
   * `evict` (its turn in the zone queue came) or when it is already there.
   */
  private writeTaints(name: string, evict: boolean): void {
    const c = this.c;
    const now = c.now();
    c.api.mutate(
      'Node',
      name,
      (n) => {
        const status = n.status.ready?.status;
        const wantKey = status === 'False' ? TAINT_NOT_READY : status === 'Unknown' ? TAINT_UNREACHABLE : undefined;
        const keepExecute = wantKey !== undefined && !this.masterDisruption && (evict || n.spec.taints.some((t) => t.key === wantKey && t.effect === 'NoExecute'));
        const others = n.spec.taints.filter((t) => t.key !== TAINT_NOT_READY && t.key !== TAINT_UNREACHABLE);
        const mine: Taint[] = [];
        if (wantKey !== undefined) mine.push(n.spec.taints.find((t) => t.key === wantKey && t.effect === 'NoSchedule') ?? { key: wantKey, effect: 'NoSchedule' });
        if (keepExecute) mine.push(n.spec.taints.find((t) => t.key === wantKey && t.effect === 'NoExecute') ?? { key: wantKey!, effect: 'NoExecute', timeAdded: now });
        const next = [...others, ...mine];
        return JSON.stringify(next) === JSON.stringify(n.spec.taints) ? undefined : { ...n, spec: { ...n.spec, taints: next } };
      },
      (r) => {
        if (r.kind !== 'ok') return;
        c.say(FACT.taints, { name, taints: r.obj.spec.taints, lo: r.span.lo, hi: r.span.hi });
        c.nodes.wrote(r.obj, r.span);
      },
    );
  }
}

/** A node's zone: its `topology.kubernetes.io/zone` label, or the one unnamed zone. */
export function zoneOf(node: Node): string {
  return node.metadata.labels?.[LABEL_ZONE] ?? '';
}
