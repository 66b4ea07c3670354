/**
 * ReplicaSet convergence (protocols.md §5.5 inv. 6): once the faults have stopped and the run has
 * settled, every ReplicaSet has as many active pods (not terminal, not deleted) as it desires, and
 * every Deployment's current ReplicaSet desires the Deployment's count while the old ones desire
 * none, unless one of its pods waits for a node no node can give (the rollout is then stuck, as
 * Kubernetes reports with ProgressDeadlineExceeded, not broken). Which pods exist at the end comes from the controller manager's last census (a full listing
 * at a known position) and the facts after it; which ReplicaSet owns a pod, from the pod's facts.
 */
import { ViolationLog, type CheckRun, type TraceCheck } from '../../../sim/checks/index.js';
import type { TraceEvent } from '../../../sim/trace.js';
import { FACT, type CensusFact } from '../facts.js';
import { Ledger } from './ledger.js';

export const CONVERGENCE = 'k8s-convergence';

export function convergenceCheck(): TraceCheck {
  const ledger = new Ledger();
  let census: CensusFact | undefined;
  return {
    observe(e: TraceEvent) {
      if (ledger.observe(e)) return;
      if (e.kind === FACT.census) {
        const c = e as unknown as CensusFact;
        if (census === undefined || c.at >= census.at) census = c;
      }
    },
    finish(run: CheckRun) {
      const log = new ViolationLog(CONVERGENCE);
      if (run.end <= run.duration) return log.found;
      const listed = new Set(census?.pods ?? []);
      const active = new Map<string, string[]>();
      /** ReplicaSets with a pod still waiting for a node. */
      const waiting = new Set<string>();
      for (const p of ledger.pods.values()) {
        const owner = p.spec?.owner;
        if (owner === undefined || p.failed !== undefined || p.deleted !== undefined) continue;
        // Not in the last census though created before it: it was gone by then.
        if (census !== undefined && !listed.has(p.pod) && p.spec!.hi <= census.at) continue;
        const list = active.get(owner) ?? [];
        list.push(p.pod);
        active.set(owner, list);
        if (p.bind === undefined) waiting.add(owner);
      }
      for (const [name, rs] of [...ledger.replicaSets].sort(([a], [b]) => (a < b ? -1 : 1))) {
        const desired = Ledger.valueAt(Ledger.sorted(rs.steps), Infinity);
        if (desired === undefined) continue;
        const pods = (active.get(name) ?? []).sort();
        if (pods.length !== desired) log.report(run.end, `ReplicaSet ${name} did not converge: ${pods.length} active pods, ${desired} desired`, { rs: name, desired, pods });
      }
      for (const [name, steps] of [...ledger.deployments].sort(([a], [b]) => (a < b ? -1 : 1))) {
        const d = Ledger.valueAt(Ledger.sorted(steps), Infinity);
        if (d === undefined) continue;
        const mine = [...ledger.replicaSets].filter(([, rs]) => rs.deployment === name);
        if (mine.some(([rsName]) => waiting.has(rsName))) continue;
        for (const [rsName, rs] of mine) {
          const desired = Ledger.valueAt(Ledger.sorted(rs.steps), Infinity);
          if (desired === undefined) continue;
          const want = rs.hash === d.hash ? d.replicas : 0;
          if (desired !== want) log.report(run.end, `Deployment ${name} did not finish: ReplicaSet ${rsName} ${rs.hash === d.hash ? '(current)' : '(old)'} desires ${desired}, not ${want}`, { deployment: name, rs: rsName, desired, want });
        }
        if (![...ledger.replicaSets.values()].some((rs) => rs.deployment === name && rs.hash === d.hash)) log.report(run.end, `Deployment ${name} has no ReplicaSet for its current template`, { deployment: name, hash: d.hash });
      }
      return log.found;
    },
  };
}
