/**
 * Taints and tolerations with Kubernetes' matching rules (`Toleration.ToleratesTaint`,
 * `GetMatchingTolerations`), the well-known taints the node lifecycle controller manages, and the
 * `DefaultTolerationSeconds` admission rule every pod goes through at creation.
 */
import type { Taint, TaintEffect, Toleration } from './objects.js';

export const TAINT_NOT_READY = 'node.kubernetes.io/not-ready';
export const TAINT_UNREACHABLE = 'node.kubernetes.io/unreachable';
export const TAINT_UNSCHEDULABLE = 'node.kubernetes.io/unschedulable';

/** The admission default for the not-ready and unreachable NoExecute tolerations, in seconds. */
export const DEFAULT_TOLERATION_SECONDS = 300;

/** Whether `t` tolerates `taint`: same effect (or none given), same key (or none given), and value by operator. */
export function tolerates(t: Toleration, taint: Taint): boolean {
  if (t.effect !== undefined && t.effect !== taint.effect) return false;
  if (t.key !== undefined && t.key !== '' && t.key !== taint.key) return false;
  switch (t.operator ?? 'Equal') {
    case 'Equal':
      return (t.value ?? '') === (taint.value ?? '');
    case 'Exists':
      return true;
  }
}

/** Whether some toleration tolerates `taint`. */
export function tolerated(tolerations: readonly Toleration[] | undefined, taint: Taint): boolean {
  return (tolerations ?? []).some((t) => tolerates(t, taint));
}

/** The first taint with one of `effects` that no toleration tolerates. */
export function firstUntolerated(taints: readonly Taint[], tolerations: readonly Toleration[] | undefined, effects: readonly TaintEffect[]): Taint | undefined {
  return taints.find((taint) => effects.includes(taint.effect) && !tolerated(tolerations, taint));
}

/**
 * For the NoExecute taint manager: whether every taint is tolerated and, if so, the first matching
 * toleration of each taint (`GetMatchingTolerations`).
 */
export function matchingTolerations(taints: readonly Taint[], tolerations: readonly Toleration[] | undefined): { readonly all: boolean; readonly used: readonly Toleration[] } {
  const used: Toleration[] = [];
  for (const taint of taints) {
    const t = (tolerations ?? []).find((x) => tolerates(x, taint));
    if (t === undefined) return { all: false, used: [] };
    used.push(t);
  }
  return { all: true, used };
}

/**
 * How long a pod may stay on a node with these tolerations in use, in seconds: the smallest
 * `tolerationSeconds` (0 when one is zero or negative, or none are used), or `Infinity` when none
 * sets one (`getMinTolerationTime`).
 */
export function minTolerationSeconds(used: readonly Toleration[]): number {
  if (used.length === 0) return 0;
  let min = Infinity;
  for (const t of used) {
    if (t.tolerationSeconds === undefined) continue;
    if (t.tolerationSeconds <= 0) return 0;
    min = Math.min(min, t.tolerationSeconds);
  }
  return min;
}

/**
 * The `DefaultTolerationSeconds` admission plugin: a pod that does not already tolerate the
 * not-ready (or unreachable) NoExecute taint gets a toleration of it for `seconds`.
 */
export function withDefaultTolerations(tolerations: readonly Toleration[] | undefined, seconds = DEFAULT_TOLERATION_SECONDS): readonly Toleration[] {
  const list = [...(tolerations ?? [])];
  const covers = (key: string): boolean => list.some((t) => (t.key === key || t.key === undefined || t.key === '') && (t.effect === 'NoExecute' || t.effect === undefined));
  const add: Toleration[] = [];
  if (!covers(TAINT_NOT_READY)) add.push({ key: TAINT_NOT_READY, operator: 'Exists', effect: 'NoExecute', tolerationSeconds: seconds });
  if (!covers(TAINT_UNREACHABLE)) add.push({ key: TAINT_UNREACHABLE, operator: 'Exists', effect: 'NoExecute', tolerationSeconds: seconds });
  return [...list, ...add];
}
