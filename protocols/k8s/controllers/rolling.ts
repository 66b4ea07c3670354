/**
 * The Deployment controller's rolling-update arithmetic (pkg/controller/deployment/rolling.go and
 * util/deployment_util.go), as pure functions of the Deployment and its ReplicaSets' desired and
 * available counts:
 *
 * - maxSurge resolves rounding up, maxUnavailable rounding down; if both come to 0, maxUnavailable
 *   is 1 (`ResolveFenceposts`); maxUnavailable is at most the desired count.
 * - The new ReplicaSet grows to at most `replicas + maxSurge − Σ desired` more, never beyond
 *   `replicas` (`NewRSNewReplicas`).
 * - Old ReplicaSets shrink by at most `Σ desired − (replicas − maxUnavailable) − newRSUnavailable`:
 *   first their unavailable pods (`cleanupUnhealthyReplicas`, oldest ReplicaSet first), then, while
 *   more than `replicas − maxUnavailable` pods are available, available ones
 *   (`scaleDownOldReplicaSetsForRollingUpdate`).
 */
import type { IntOrPercent } from '../objects.js';

/** A ReplicaSet as the arithmetic sees it. */
export interface RsCounts {
  readonly name: string;
  /** spec.replicas */
  readonly replicas: number;
  /** status.availableReplicas */
  readonly available: number;
}

export interface Strategy {
  readonly replicas: number;
  readonly maxSurge: IntOrPercent;
  readonly maxUnavailable: IntOrPercent;
}

/** An absolute count, or a percentage of `total` rounded up or down. */
export function scaledValue(value: IntOrPercent, total: number, roundUp: boolean): number {
  if (typeof value === 'number') return value;
  const m = /^(\d+)%$/.exec(value.trim());
  if (m === null) return Number(value);
  const exact = (Number(m[1]) * total) / 100;
  return roundUp ? Math.ceil(exact) : Math.floor(exact);
}

/** `ResolveFenceposts`: maxSurge (rounded up) and maxUnavailable (rounded down), never both 0. */
export function resolveFenceposts(s: Strategy): { readonly surge: number; readonly unavailable: number } {
  const surge = scaledValue(s.maxSurge, s.replicas, true);
  let unavailable = scaledValue(s.maxUnavailable, s.replicas, false);
  if (surge === 0 && unavailable === 0) unavailable = 1;
  return { surge, unavailable };
}

/** `MaxUnavailable`: the fencepost, at most the desired count (0 for a Deployment of 0). */
export function maxUnavailable(s: Strategy): number {
  if (s.replicas === 0) return 0;
  return Math.min(resolveFenceposts(s).unavailable, s.replicas);
}

/** `MaxSurge`. */
export function maxSurge(s: Strategy): number {
  return resolveFenceposts(s).surge;
}

const sum = (rss: readonly RsCounts[], f: (r: RsCounts) => number): number => rss.reduce((a, r) => a + f(r), 0);

/** `NewRSNewReplicas`: what the new ReplicaSet's desired count should be now. */
export function newRSNewReplicas(s: Strategy, all: readonly RsCounts[], newRS: RsCounts): number {
  const current = sum(all, (r) => r.replicas);
  const maxTotal = s.replicas + maxSurge(s);
  if (current >= maxTotal) return newRS.replicas;
  const up = Math.min(maxTotal - current, s.replicas - newRS.replicas);
  return newRS.replicas + Math.max(0, up);
}

/** One desired-count change of an old ReplicaSet. */
export interface ScaleStep {
  readonly name: string;
  readonly from: number;
  readonly to: number;
  readonly why: 'unhealthy' | 'rolling';
}

/**
 * `reconcileOldReplicaSets`: the scale-downs of old ReplicaSets (sorted oldest first) this sync
 * makes, unavailable pods first; empty when the availability floor allows none.
 */
export function scaleDownOld(s: Strategy, oldRSs: readonly RsCounts[], newRS: RsCounts): ScaleStep[] {
  const oldCount = sum(oldRSs, (r) => r.replicas);
  if (oldCount === 0) return [];
  const all = [...oldRSs, newRS];
  const allCount = sum(all, (r) => r.replicas);
  const minAvailable = s.replicas - maxUnavailable(s);
  const newUnavailable = newRS.replicas - newRS.available;
  const maxScaledDown = allCount - minAvailable - newUnavailable;
  if (maxScaledDown <= 0) return [];

  const steps: ScaleStep[] = [];
  // Unhealthy replicas first: they would otherwise block the rollout.
  const after = new Map(oldRSs.map((r) => [r.name, r.replicas] as const));
  let cleaned = 0;
  for (const rs of oldRSs) {
    if (cleaned >= maxScaledDown) break;
    // Its status can lag behind a scale-down (more available than desired): nothing unhealthy then.
    if (rs.replicas === 0 || rs.available >= rs.replicas) continue;
    const down = Math.min(maxScaledDown - cleaned, rs.replicas - rs.available);
    steps.push({ name: rs.name, from: rs.replicas, to: rs.replicas - down, why: 'unhealthy' });
    after.set(rs.name, rs.replicas - down);
    cleaned += down;
  }
  const available = sum(all, (r) => Math.min(r.available, after.get(r.name) ?? r.replicas));
  if (available <= minAvailable) return steps;
  const budget = available - minAvailable;
  let scaled = 0;
  for (const rs of oldRSs) {
    if (scaled >= budget) break;
    const current = after.get(rs.name)!;
    if (current === 0) continue;
    const down = Math.min(current, budget - scaled);
    steps.push({ name: rs.name, from: current, to: current - down, why: 'rolling' });
    scaled += down;
  }
  return steps;
}
