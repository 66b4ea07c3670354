/**
 * Matching labels: label selectors (ReplicaSets, Services, spread constraints), node selector terms
 * (node affinity) and the `nodeSelector` map, with Kubernetes' operator semantics.
 */
import type { LabelSelector, Labels, NodeSelectorRequirement, NodeSelectorTerm } from './objects.js';

/** Whether `labels` satisfy `selector`. An empty selector matches everything (as `LabelSelectorAsSelector` does). */
export function selectorMatches(selector: LabelSelector, labels: Labels | undefined): boolean {
  const have = labels ?? {};
  for (const [k, v] of Object.entries(selector.matchLabels ?? {})) if (have[k] !== v) return false;
  for (const e of selector.matchExpressions ?? []) {
    const value = have[e.key];
    const values = e.values ?? [];
    switch (e.operator) {
      case 'In':
        if (value === undefined || !values.includes(value)) return false;
        break;
      case 'NotIn':
        if (value !== undefined && values.includes(value)) return false;
        break;
      case 'Exists':
        if (value === undefined) return false;
        break;
      case 'DoesNotExist':
        if (value !== undefined) return false;
        break;
    }
  }
  return true;
}

/** Whether every pair of `want` is among `labels` (a pod's `nodeSelector`, a Service's selector). */
export function mapMatches(want: Labels | undefined, labels: Labels | undefined): boolean {
  const have = labels ?? {};
  for (const [k, v] of Object.entries(want ?? {})) if (have[k] !== v) return false;
  return true;
}

/** A selector that selects exactly the given labels (how a Service's map reads as a selector). */
export function selectorOf(labels: Labels): LabelSelector {
  return { matchLabels: labels };
}

/** Whether one requirement of a node selector term holds; `Gt`/`Lt` compare integers. */
export function requirementMatches(r: NodeSelectorRequirement, labels: Labels | undefined): boolean {
  const value = labels?.[r.key];
  const values = r.values ?? [];
  switch (r.operator) {
    case 'In':
      return value !== undefined && values.includes(value);
    case 'NotIn':
      return value === undefined || !values.includes(value);
    case 'Exists':
      return value !== undefined;
    case 'DoesNotExist':
      return value === undefined;
    case 'Gt':
    case 'Lt': {
      if (value === undefined || values.length !== 1) return false;
      const have = integer(value);
      const bound = integer(values[0]!);
      if (have === undefined || bound === undefined) return false;
      return r.operator === 'Gt' ? have > bound : have < bound;
    }
  }
}

/** A term holds when all its requirements do; an empty term matches no node (`nodeaffinity.NodeSelector`). */
export function termMatches(term: NodeSelectorTerm, labels: Labels | undefined): boolean {
  if (term.matchExpressions.length === 0) return false;
  return term.matchExpressions.every((r) => requirementMatches(r, labels));
}

/** Terms are ORed. */
export function anyTermMatches(terms: readonly NodeSelectorTerm[], labels: Labels | undefined): boolean {
  return terms.some((t) => termMatches(t, labels));
}

function integer(text: string): number | undefined {
  return /^-?\d+$/.test(text) ? Number(text) : undefined;
}
