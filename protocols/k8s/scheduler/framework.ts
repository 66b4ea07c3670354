/**
 * The scheduling framework's shape, cut down to what the default profile needs: filter plugins
 * (each prepares once per cycle, then judges every node), score plugins (each prepares over the
 * feasible nodes, may skip the pod, scores each node and normalises the scores to 0..100), a cycle
 * that runs them in profile order and keeps every intermediate number, and host selection that
 * breaks ties by reservoir sampling from the scheduler's own random stream (`selectHost`).
 *
 * Scheduling is a pure function of the pod, the snapshot of nodes and the random draws: the plugins
 * have unit tests, and the scheduler actor records each cycle's `Decision` as a `k8s.schedule`
 * trace event, the filter verdict and per-plugin scores of every node, as kube-scheduler-simulator
 * records them.
 */
import type { LabelSelector, Node, Pod, Resources } from '../objects.js';

/** A node and what the scheduler believes is on it: bound and assumed pods that are not terminal. */
export interface NodeInfo {
  readonly node: Node;
  readonly pods: readonly Pod[];
  /** Σ requests of `pods`. */
  readonly requested: Resources;
  /** Σ requests of `pods` with each container's zero request replaced by the default. */
  readonly nonZeroRequested: Resources;
}

/** The inputs of one scheduling cycle. */
export interface Cycle {
  readonly pod: Pod;
  /** Every node of the snapshot, in a fixed order. */
  readonly nodes: readonly NodeInfo[];
  /**
   * The selector of the system-default spread constraints (the pod's Services and owning
   * ReplicaSet); undefined or empty: no default constraints.
   */
  readonly defaultSpreadSelector?: LabelSelector | undefined;
}

export type FilterCode = 'Unschedulable' | 'UnschedulableAndUnresolvable';

/** Why a filter refused a node. */
export interface FilterFailure {
  readonly plugin: string;
  readonly code: FilterCode;
  readonly reasons: readonly string[];
}

/** A filter's verdict on one node: undefined when the node passes. */
export type FilterStatus = { readonly code: FilterCode; readonly reasons: readonly string[] } | undefined;

export interface FilterPlugin {
  readonly name: string;
  prepare(cycle: Cycle): (node: NodeInfo) => FilterStatus;
}

/** A score plugin's work for one cycle. */
export interface Scorer {
  score(node: NodeInfo): number;
  /** Maps the raw scores (in the order of the feasible nodes) to 0..100; identity when absent. */
  normalize?(scores: readonly number[], nodes: readonly NodeInfo[]): number[];
}

export interface ScorePlugin {
  readonly name: string;
  readonly weight: number;
  /** The scorer for this cycle, or undefined when the plugin has nothing to say about the pod (Skip). */
  prepare(cycle: Cycle, feasible: readonly NodeInfo[]): Scorer | undefined;
}

export interface Profile {
  readonly filters: readonly FilterPlugin[];
  readonly scores: readonly ScorePlugin[];
}

export const MAX_NODE_SCORE = 100;

/** One plugin's score of one node: raw, normalised (0..100), and normalised × weight. */
export interface PluginScore {
  readonly raw: number;
  readonly normalized: number;
  readonly weighted: number;
}

/** What the cycle found for one node. */
export interface NodeVerdict {
  readonly node: string;
  /** Set when a filter refused the node (filters stop at the first refusal). */
  readonly filter?: FilterFailure;
  /** Per score plugin that ran, when the node was feasible and scoring ran. */
  readonly scores?: Readonly<Record<string, PluginScore>>;
  readonly total?: number;
}

export interface Decision {
  /** The chosen node, or undefined when no node is feasible. */
  readonly node: string | undefined;
  readonly feasible: number;
  /** Score plugins that skipped this pod. */
  readonly skipped: readonly string[];
  /** Every node of the snapshot, in snapshot order. */
  readonly nodes: readonly NodeVerdict[];
}

/**
 * Runs one scheduling cycle: every filter on every node, then (with two or more feasible nodes)
 * every score plugin, and picks the highest total, ties broken uniformly with `random`.
 */
export function runCycle(profile: Profile, cycle: Cycle, random: () => number): Decision {
  const filters = profile.filters.map((f) => ({ name: f.name, check: f.prepare(cycle) }));
  const verdicts: NodeVerdict[] = [];
  const feasible: NodeInfo[] = [];
  for (const info of cycle.nodes) {
    let failure: FilterFailure | undefined;
    for (const f of filters) {
      const status = f.check(info);
      if (status !== undefined) {
        failure = { plugin: f.name, code: status.code, reasons: status.reasons };
        break;
      }
    }
    if (failure === undefined) feasible.push(info);
    verdicts.push(failure === undefined ? { node: info.node.metadata.name } : { node: info.node.metadata.name, filter: failure });
  }
  if (feasible.length === 0) return { node: undefined, feasible: 0, skipped: [], nodes: verdicts };
  // With one feasible node there is nothing to compare: Kubernetes skips scoring too.
  if (feasible.length === 1) return { node: feasible[0]!.node.metadata.name, feasible: 1, skipped: [], nodes: verdicts };

  const skipped: string[] = [];
  const perNode = feasible.map(() => ({} as Record<string, PluginScore>));
  const totals = feasible.map(() => 0);
  for (const plugin of profile.scores) {
    const scorer = plugin.prepare(cycle, feasible);
    if (scorer === undefined) {
      skipped.push(plugin.name);
      continue;
    }
    const raw = feasible.map((n) => scorer.score(n));
    const normalized = scorer.normalize ? scorer.normalize(raw, feasible) : raw;
    for (let i = 0; i < feasible.length; i++) {
      const weighted = normalized[i]! * plugin.weight;
      perNode[i]![plugin.name] = { raw: raw[i]!, normalized: normalized[i]!, weighted };
      totals[i]! += weighted;
    }
  }
  const chosen = selectHost(totals, random);
  const byName = new Map(feasible.map((n, i) => [n.node.metadata.name, i] as const));
  const nodes = verdicts.map((v) => {
    const i = byName.get(v.node);
    return i === undefined || v.filter !== undefined ? v : { node: v.node, scores: perNode[i]!, total: totals[i]! };
  });
  return { node: feasible[chosen]!.node.metadata.name, feasible: feasible.length, skipped, nodes };
}

/** The index of the highest total; among equal totals each is chosen with equal chance (reservoir sampling). */
export function selectHost(totals: readonly number[], random: () => number): number {
  let best = 0;
  let ties = 1;
  for (let i = 1; i < totals.length; i++) {
    if (totals[i]! > totals[best]!) {
      best = i;
      ties = 1;
    } else if (totals[i] === totals[best]) {
      ties++;
      if (Math.floor(random() * ties) === 0) best = i;
    }
  }
  return best;
}

/**
 * `DefaultNormalizeScore`: scales raw scores to 0..100 by the largest (integer arithmetic);
 * `reverse` turns "more is worse" into "more is better". All zero: 0 each, or 100 each reversed.
 */
export function defaultNormalize(scores: readonly number[], reverse: boolean): number[] {
  let max = 0;
  for (const s of scores) if (s > max) max = s;
  if (max === 0) return scores.map(() => (reverse ? MAX_NODE_SCORE : 0));
  return scores.map((s) => {
    const n = Math.trunc((MAX_NODE_SCORE * s) / max);
    return reverse ? MAX_NODE_SCORE - n : n;
  });
}
