/**
 * PodTopologySpread. The filter (constraints with `whenUnsatisfiable: DoNotSchedule`) refuses a node
 * when placing the pod there would make its domain's count of matching pods exceed the smallest
 * domain's count by more than `maxSkew`:
 *
 *     skew = matchNum(domain of node) + selfMatch − globalMin  > maxSkew  → refuse
 *
 * counted over the nodes that satisfy the pod's required node affinity and carry every topology key
 * of the constraints (node inclusion policies: affinity honoured, taints ignored); `globalMin` is 0
 * when fewer domains than `minDomains` exist; a node without the key is refused outright.
 *
 * The score (constraints with `ScheduleAnyway`, or, for a pod with no constraints at all, the
 * system defaults: hostname maxSkew 3 and zone maxSkew 5 over the pod's Services' and owner's
 * selector) weighs each constraint by `ln(domains + 2)`:
 *
 *     raw(n)  = round( Σ_c [ count_c(domain of n) · ln(|domains_c| + 2) + (maxSkew_c − 1) ] )
 *     score   = 100 · (max + min − raw) / max        (0 for ignored nodes; 100 each when max = 0)
 */
import { selectorMatches } from '../labels.js';
import type { LabelSelector, Pod, TopologySpreadConstraint } from '../objects.js';
import { MAX_NODE_SCORE, type FilterPlugin, type NodeInfo, type ScorePlugin } from './framework.js';
import { requiredAffinityMatches } from './node-affinity.js';

export const POD_TOPOLOGY_SPREAD = 'PodTopologySpread';
export const LABEL_HOSTNAME = 'kubernetes.io/hostname';
export const LABEL_ZONE = 'topology.kubernetes.io/zone';

/** The system-default constraints (`ScheduleAnyway`), applied when a pod declares none. */
export const DEFAULT_CONSTRAINTS: readonly Omit<TopologySpreadConstraint, 'labelSelector'>[] = [
  { maxSkew: 3, topologyKey: LABEL_HOSTNAME, whenUnsatisfiable: 'ScheduleAnyway' },
  { maxSkew: 5, topologyKey: LABEL_ZONE, whenUnsatisfiable: 'ScheduleAnyway' },
];

/** Pods on a node that match `selector` (one namespace; deleted pods are already gone from the snapshot). */
export function countMatching(pods: readonly Pod[], selector: LabelSelector): number {
  let n = 0;
  for (const p of pods) if (selectorMatches(selector, p.metadata.labels)) n++;
  return n;
}

function hasKeys(info: NodeInfo, constraints: readonly TopologySpreadConstraint[]): boolean {
  const labels = info.node.metadata.labels ?? {};
  return constraints.every((c) => labels[c.topologyKey] !== undefined);
}

/** What the filter computed for one constraint: every eligible domain's count and the global minimum. */
export interface SpreadCounts {
  readonly topologyKey: string;
  readonly maxSkew: number;
  readonly counts: Readonly<Record<string, number>>;
  readonly globalMin: number;
  readonly selfMatch: number;
}

/** The filter's counts: per DoNotSchedule constraint, matching pods per eligible domain. */
export function spreadCounts(pod: Pod, nodes: readonly NodeInfo[]): SpreadCounts[] {
  const constraints = (pod.spec.topologySpreadConstraints ?? []).filter((c) => c.whenUnsatisfiable === 'DoNotSchedule');
  if (constraints.length === 0) return [];
  const counts = constraints.map(() => new Map<string, number>());
  for (const info of nodes) {
    if (!requiredAffinityMatches(pod.spec, info.node) || !hasKeys(info, constraints)) continue;
    constraints.forEach((c, i) => {
      const value = info.node.metadata.labels![c.topologyKey]!;
      counts[i]!.set(value, (counts[i]!.get(value) ?? 0) + countMatching(info.pods, c.labelSelector));
    });
  }
  return constraints.map((c, i) => {
    const domains = counts[i]!;
    let min = Number.MAX_SAFE_INTEGER;
    for (const v of domains.values()) min = Math.min(min, v);
    if (c.minDomains !== undefined && domains.size < c.minDomains) min = 0;
    return {
      topologyKey: c.topologyKey,
      maxSkew: c.maxSkew,
      counts: Object.fromEntries([...domains.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))),
      globalMin: min,
      selfMatch: selectorMatches(c.labelSelector, pod.metadata.labels) ? 1 : 0,
    };
  });
}

/** The skew of placing the pod in `domain`, by the counts the filter computed. */
export function skewOf(c: SpreadCounts, domain: string): number {
  return (c.counts[domain] ?? 0) + c.selfMatch - c.globalMin;
}

export const topologySpreadFilter: FilterPlugin = {
  name: POD_TOPOLOGY_SPREAD,
  prepare(cycle) {
    const counts = spreadCounts(cycle.pod, cycle.nodes);
    if (counts.length === 0) return () => undefined;
    return (info) => {
      const labels = info.node.metadata.labels ?? {};
      for (const c of counts) {
        const domain = labels[c.topologyKey];
        if (domain === undefined) return { code: 'UnschedulableAndUnresolvable', reasons: ["node(s) didn't match pod topology spread constraints (missing required label)"] };
        if (skewOf(c, domain) > c.maxSkew) return { code: 'Unschedulable', reasons: ["node(s) didn't match pod topology spread constraints"] };
      }
      return undefined;
    };
  },
};

/** The constraints the scorer uses: the pod's ScheduleAnyway ones, or the system defaults if it has none. */
export function scoringConstraints(pod: Pod, defaultSelector: LabelSelector | undefined): { readonly constraints: readonly TopologySpreadConstraint[]; readonly system: boolean } {
  const own = pod.spec.topologySpreadConstraints ?? [];
  if (own.length > 0) return { constraints: own.filter((c) => c.whenUnsatisfiable === 'ScheduleAnyway'), system: false };
  const empty = defaultSelector === undefined || (Object.keys(defaultSelector.matchLabels ?? {}).length === 0 && (defaultSelector.matchExpressions ?? []).length === 0);
  if (empty) return { constraints: [], system: true };
  return { constraints: DEFAULT_CONSTRAINTS.map((c) => ({ ...c, labelSelector: defaultSelector })), system: true };
}

export const topologySpreadScore: ScorePlugin = {
  name: POD_TOPOLOGY_SPREAD,
  weight: 2,
  prepare(cycle, feasible) {
    const { constraints, system } = scoringConstraints(cycle.pod, cycle.defaultSpreadSelector);
    if (constraints.length === 0) return undefined;
    // With the system defaults, a node missing a key (a zone) is still scored on the keys it has.
    const requireAll = !system;
    const ignored = new Set<string>();
    const domainCounts = constraints.map(() => new Map<string, number>());
    for (const info of feasible) {
      if (requireAll && !hasKeys(info, constraints)) {
        ignored.add(info.node.metadata.name);
        continue;
      }
      constraints.forEach((c, i) => {
        if (c.topologyKey === LABEL_HOSTNAME) return;
        const value = info.node.metadata.labels?.[c.topologyKey];
        if (value !== undefined && !domainCounts[i]!.has(value)) domainCounts[i]!.set(value, 0);
      });
    }
    const weights = constraints.map((c, i) => Math.log((c.topologyKey === LABEL_HOSTNAME ? feasible.length - ignored.size : domainCounts[i]!.size) + 2));
    for (const info of cycle.nodes) {
      if (!requiredAffinityMatches(cycle.pod.spec, info.node)) continue;
      if (requireAll && !hasKeys(info, constraints)) continue;
      constraints.forEach((c, i) => {
        const value = info.node.metadata.labels?.[c.topologyKey];
        const counts = domainCounts[i]!;
        if (value === undefined || !counts.has(value)) return;
        counts.set(value, counts.get(value)! + countMatching(info.pods, c.labelSelector));
      });
    }
    return {
      score(info) {
        if (ignored.has(info.node.metadata.name)) return 0;
        let score = 0;
        constraints.forEach((c, i) => {
          const value = info.node.metadata.labels?.[c.topologyKey];
          if (value === undefined) return;
          const count = c.topologyKey === LABEL_HOSTNAME ? countMatching(info.pods, c.labelSelector) : domainCounts[i]!.get(value) ?? 0;
          score += count * weights[i]! + (c.maxSkew - 1);
        });
        return Math.round(score);
      },
      normalize(scores, nodes) {
        let min = Number.MAX_SAFE_INTEGER;
        let max = 0;
        scores.forEach((s, i) => {
          if (ignored.has(nodes[i]!.node.metadata.name)) return;
          min = Math.min(min, s);
          max = Math.max(max, s);
        });
        return scores.map((s, i) => {
          if (ignored.has(nodes[i]!.node.metadata.name)) return 0;
          if (max === 0) return MAX_NODE_SCORE;
          return Math.trunc((MAX_NODE_SCORE * (max + min - s)) / max);
        });
      },
    };
  },
};
