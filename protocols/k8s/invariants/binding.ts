/**
 * Binding (protocols.md §5.5 inv. 4 and 5): a pod is bound at most once, and only to a node where its
 * hard constraints held at the binding: its nodeSelector and required node affinity (node labels),
 * its tolerations of the node's own NoSchedule and NoExecute taints (the ones the node registered
 * with; the lifecycle taints race with the scheduler's cache, in Kubernetes too), and its
 * DoNotSchedule spread constraints. Spread is judged over the nodes the scheduler's snapshot had (a
 * node it had not heard of yet is no domain to it, in Kubernetes either), with the pods the store
 * had at the binding's position, leniently: the chosen domain counts only pods certainly there,
 * every other domain every pod possibly there, so a violation reported is certain. Each scheduling
 * decision is also checked against its own recorded counts (the scheduler's reasoning).
 */
import { ViolationLog, type TraceCheck } from '../../../sim/checks/index.js';
import type { TraceEvent } from '../../../sim/trace.js';
import { FACT, type NodeStartFact, type PodFact, type ScheduleFact } from '../facts.js';
import { anyTermMatches, mapMatches, selectorMatches } from '../labels.js';
import { firstUntolerated } from '../taints.js';
import { skewOf } from '../scheduler/topology-spread.js';
import { Ledger, type PodLife } from './ledger.js';

export const BINDING = 'k8s-binding';

export function bindingCheck(): TraceCheck {
  const ledger = new Ledger();
  const decisions: { readonly t: number; readonly fact: ScheduleFact }[] = [];
  /** Per pod, the nodes of the snapshot of its last decision, by the node chosen. */
  const snapshots = new Map<string, Map<string, readonly string[]>>();
  return {
    observe(e: TraceEvent) {
      if (ledger.observe(e)) return;
      if (e.kind !== FACT.schedule) return;
      const fact = e as unknown as ScheduleFact;
      decisions.push({ t: e.t, fact });
      if (fact.decision.node === undefined) return;
      let byNode = snapshots.get(fact.pod);
      if (byNode === undefined) snapshots.set(fact.pod, (byNode = new Map()));
      byNode.set(fact.decision.node, fact.decision.nodes.map((n) => n.node));
    },
    finish() {
      const log = new ViolationLog(BINDING);
      for (const { t, fact } of decisions) {
        const chosen = fact.decision.node;
        const labels = chosen === undefined ? undefined : ledger.nodes.get(chosen)?.labels;
        const problem = labels === undefined ? undefined : decisionSkew(fact, labels);
        if (problem !== undefined) log.report(t, `the scheduler placed ${fact.pod} on ${chosen} against its own spread counts: ${problem}`, { pod: fact.pod, spread: fact.spread });
      }
      const pods = [...ledger.pods.values()].sort((a, b) => (a.pod < b.pod ? -1 : 1));
      for (const p of pods) {
        if (p.bind === undefined) continue;
        if (p.rebound !== undefined) {
          log.report(p.rebound.at, `pod ${p.pod} bound twice: to ${p.bind.node}, then to ${p.rebound.node}`, { pod: p.pod, first: p.bind, second: p.rebound });
          continue;
        }
        const node = ledger.nodes.get(p.bind.node);
        if (node === undefined || p.spec === undefined) continue;
        const snapshot = snapshots.get(p.pod)?.get(p.bind.node);
        const problem = hardConstraint(p.spec, node) ?? (snapshot === undefined ? undefined : spreadProblem(ledger, p, snapshot));
        if (problem !== undefined) log.report(p.bind.at, `pod ${p.pod} bound to ${node.name}, where ${problem}`, { pod: p.pod, node: node.name, bound: p.bind.span });
      }
      return log.found;
    },
  };
}

/** Why the node's labels or own taints rule the pod out, if they do. */
export function hardConstraint(spec: PodFact, node: NodeStartFact): string | undefined {
  if (!mapMatches(spec.nodeSelector, node.labels)) return `its nodeSelector ${JSON.stringify(spec.nodeSelector)} does not match`;
  const required = spec.affinity?.required;
  if (required !== undefined && !anyTermMatches(required, node.labels)) return 'no required node affinity term matches';
  const taint = firstUntolerated(node.taints, spec.tolerations, ['NoSchedule', 'NoExecute']);
  if (taint !== undefined) return `its taint ${taint.key}${taint.value === undefined ? '' : `=${taint.value}`}:${taint.effect} is not tolerated`;
  return undefined;
}

/** Why the binding broke a DoNotSchedule spread constraint (certainly), if it did. */
function spreadProblem(ledger: Ledger, q: PodLife, snapshot: readonly string[]): string | undefined {
  const spec = q.spec!;
  const bind = q.bind!;
  const constraints = spec.spread.filter((c) => c.whenUnsatisfiable === 'DoNotSchedule');
  if (constraints.length === 0) return undefined;
  const node = ledger.nodes.get(bind.node)!;
  const eligible = (n: NodeStartFact): boolean =>
    mapMatches(spec.nodeSelector, n.labels) && (spec.affinity?.required === undefined || anyTermMatches(spec.affinity.required, n.labels)) && constraints.every((c) => n.labels[c.topologyKey] !== undefined);
  const all = [...ledger.nodes.values()].filter(eligible);
  const inSnapshot = new Set(snapshot);
  const known = all.filter((n) => inSnapshot.has(n.name));
  const gone = (p: PodLife): { lo: number; hi: number } => ({
    lo: Math.min(p.failed?.lo ?? Infinity, p.deleted?.lo ?? Infinity),
    hi: Math.min(p.failed?.hi ?? Infinity, p.deleted?.hi ?? Infinity),
  });
  for (const c of constraints) {
    const domain = node.labels[c.topologyKey];
    if (domain === undefined) return `it has no ${c.topologyKey} label for a spread constraint`;
    const certain = new Map<string, number>();
    const possible = new Map<string, number>();
    for (const p of ledger.pods.values()) {
      if (p === q || p.bind === undefined || p.spec === undefined || !selectorMatches(c.labelSelector, p.spec.labels)) continue;
      const at = ledger.nodes.get(p.bind.node)?.labels[c.topologyKey];
      if (at === undefined) continue;
      const g = gone(p);
      if (p.bind.span.hi < bind.span.lo && !(g.lo < bind.span.hi)) certain.set(at, (certain.get(at) ?? 0) + 1);
      if (p.bind.span.lo < bind.span.hi && !(g.hi < bind.span.lo)) possible.set(at, (possible.get(at) ?? 0) + 1);
    }
    const domains = new Set(known.map((n) => n.labels[c.topologyKey]!));
    domains.add(domain);
    const allDomains = new Set(all.map((n) => n.labels[c.topologyKey]!));
    let min = Infinity;
    for (const d of domains) min = Math.min(min, possible.get(d) ?? 0);
    if (c.minDomains !== undefined && allDomains.size < c.minDomains) min = 0;
    const self = selectorMatches(c.labelSelector, spec.labels) ? 1 : 0;
    const skew = (certain.get(domain) ?? 0) + self - min;
    if (skew > c.maxSkew) return `spreading over ${c.topologyKey} was skewed ${skew} > maxSkew ${c.maxSkew} (${domain}: ${certain.get(domain) ?? 0} matching pods, least loaded domain: ${min})`;
  }
  return undefined;
}

/** Whether a decision broke a spread constraint by its own counts. */
export function decisionSkew(fact: ScheduleFact, labels: Readonly<Record<string, string>>): string | undefined {
  for (const c of fact.spread) {
    const domain = labels[c.topologyKey];
    if (domain !== undefined && skewOf(c, domain) > c.maxSkew) return `${c.topologyKey}=${domain} skew ${skewOf(c, domain)} > ${c.maxSkew}`;
  }
  return undefined;
}
