/**
 * Rollout bounds (protocols.md §5.5 inv. 7).
 *
 * - Surge, in every run: whenever the Deployment controller grows a ReplicaSet, the ReplicaSets of
 *   its Deployment desire no more than `replicas + maxSurge` pods in all, by the Deployment's version
 *   it acted on (a scale it had not seen yet does not count against it, in Kubernetes either).
 *   Kubernetes bounds the desired counts, not the pods: pods being deleted can outnumber it for a
 *   moment, there as here.
 * - Availability, in runs whose nodes and control plane see no fault (message loss is allowed):
 *   from the moment a fully available Deployment's template changes until the end (a rollout whose
 *   replica count changes on the way is not judged), at every position where one of its pods stops
 *   being available, at least `replicas − maxUnavailable` of its pods are Ready.
 */
import { ViolationLog, type TraceCheck } from '../../../sim/checks/index.js';
import type { TraceEvent } from '../../../sim/trace.js';
import { Ledger, type PodLife, type Step } from './ledger.js';

export const ROLLOUT = 'k8s-rollout';

/** Trace events that make a run faulty for the availability bound. */
const NODE_FAULTS = new Set(['node.crash', 'node.pause', 'net.partition', 'net.cut', 'clock.skew', 'clock.rate', 'disk.stall']);

export function rolloutCheck(): TraceCheck {
  const ledger = new Ledger();
  let faulty = false;
  return {
    observe(e: TraceEvent) {
      if (ledger.observe(e)) return;
      if (NODE_FAULTS.has(e.kind)) faulty = true;
    },
    finish() {
      const log = new ViolationLog(ROLLOUT);
      for (const [name, raw] of [...ledger.deployments].sort(([a], [b]) => (a < b ? -1 : 1))) {
        const steps = Ledger.sorted(raw);
        const rss = [...ledger.replicaSets].filter(([, rs]) => rs.deployment === name).map(([n, rs]) => ({ name: n, steps: Ledger.sorted(rs.steps), bases: rs.bases }));
        surge(log, name, steps, rss);
        if (!faulty) availability(log, ledger, name, steps, new Set(rss.map((r) => r.name)));
      }
      return log.found;
    },
  };
}

type DeploymentSteps = readonly Step<{ readonly replicas: number; readonly maxSurge: number; readonly maxUnavailable: number; readonly hash: string }>[];

function surge(log: ViolationLog, name: string, steps: DeploymentSteps, rss: readonly { readonly name: string; readonly steps: readonly Step<number>[]; readonly bases: ReadonlyMap<number, readonly number[]> }[]): void {
  for (const rs of rss) {
    let before = 0;
    for (const s of rs.steps) {
      const grew = s.value > before;
      before = s.value;
      if (!grew) continue;
      // The most the Deployment allowed by any version the controller may have decided this on.
      const bounds = (rs.bases.get(s.value) ?? [s.at]).map((b) => Ledger.valueAt(steps, b)).filter((x) => x !== undefined);
      if (bounds.length === 0) continue;
      const d = bounds.reduce((a, b) => (b.replicas + b.maxSurge > a.replicas + a.maxSurge ? b : a));
      const total = rss.reduce((sum, r) => sum + (Ledger.valueAt(r.steps, s.at) ?? 0), 0);
      if (total > d.replicas + d.maxSurge) {
        log.report(undefined, `Deployment ${name}: growing ${rs.name} to ${s.value} at position ${s.at} made its ReplicaSets desire ${total} pods, above replicas ${d.replicas} + maxSurge ${d.maxSurge}`, { deployment: name, rs: rs.name, at: s.at, total });
        return;
      }
    }
  }
}

function availability(log: ViolationLog, ledger: Ledger, name: string, steps: DeploymentSteps, rss: ReadonlySet<string>): void {
  const pods = [...ledger.pods.values()].filter((p) => p.spec?.owner !== undefined && rss.has(p.spec.owner) && p.spec.lo === p.spec.hi);
  for (const p of pods) p.readiness.sort((a, b) => a.at - b.at);
  const readyAt = (p: PodLife, at: number): boolean => {
    if (p.spec!.hi > at || (p.deleted !== undefined && p.deleted.hi <= at) || (p.failed !== undefined && p.failed.hi <= at)) return false;
    let ready = false;
    for (const r of p.readiness) {
      if (r.at > at) break;
      ready = r.ready;
    }
    return ready;
  };
  const available = (at: number): number => pods.reduce((n, p) => n + (readyAt(p, at) ? 1 : 0), 0);
  for (let i = 1; i < steps.length; i++) {
    const change = steps[i]!;
    if (change.value.hash === steps[i - 1]!.value.hash) continue;
    // Only a rollout that starts from a fully available Deployment is bound.
    if (available(change.at) < steps[i - 1]!.value.replicas) continue;
    const end = steps.slice(i + 1).find((s) => s.value.hash !== change.value.hash)?.at ?? Infinity;
    if (steps.some((s) => s.at >= change.at && s.at < end && s.value.replicas !== change.value.replicas)) continue;
    const drops = new Set<number>();
    for (const p of pods) {
      for (const r of p.readiness) if (!r.ready) drops.add(r.at);
      if (p.deleted !== undefined) drops.add(p.deleted.hi);
      if (p.failed !== undefined) drops.add(p.failed.hi);
    }
    for (const at of [...drops].sort((a, b) => a - b)) {
      if (at < change.at || at >= end) continue;
      const d = Ledger.valueAt(steps, at)!;
      const have = available(at);
      if (have < d.replicas - d.maxUnavailable) {
        log.report(undefined, `Deployment ${name}: during its rollout only ${have} pods were available at position ${at}, below replicas ${d.replicas} − maxUnavailable ${d.maxUnavailable}`, { deployment: name, at, available: have });
        return;
      }
    }
  }
}
