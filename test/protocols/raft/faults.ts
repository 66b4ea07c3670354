/**
 * fast-check arbitraries for fault schedules: a list of faults at times within the run, each of
 * which undoes itself. Shrinking drops faults and shortens them, so a failure comes down to the
 * few faults that matter; the failure message prints the seed and the resolved schedule.
 */
import fc from 'fast-check';
import type { Fault, ScheduledFault } from '../../../sim/nemesis.js';
import type { RunPlan } from '../../../scenarios/plan.js';
import type { RunResult } from '../../../scenarios/result.js';

export type FaultFamily = 'crash' | 'isolate' | 'partition' | 'pause' | 'skew' | 'clock-rate' | 'network' | 'disk';

export const ALL_FAMILIES: readonly FaultFamily[] = ['crash', 'isolate', 'partition', 'pause', 'skew', 'clock-rate', 'network', 'disk'];

export function faultArb(ids: readonly string[], families: readonly FaultFamily[]): fc.Arbitrary<Fault> {
  const node = fc.constantFrom(...ids, 'leader' as const);
  const lasting = fc.integer({ min: 20, max: 800 }).map((ms) => ms * 1_000);
  const arbs: Record<FaultFamily, fc.Arbitrary<Fault>> = {
    crash: fc.record({ kind: fc.constant('crash' as const), node, restartAfter: lasting }),
    isolate: fc.record({ kind: fc.constant('isolate' as const), node, healAfter: lasting }),
    partition: fc
      .record({ minority: fc.shuffledSubarray([...ids], { minLength: 1, maxLength: Math.max(1, Math.floor((ids.length - 1) / 2)) }), healAfter: lasting })
      .map(({ minority, healAfter }): Fault => ({ kind: 'partition', groups: [minority, ids.filter((id) => !minority.includes(id))], healAfter })),
    pause: fc.record({ kind: fc.constant('pause' as const), node, resumeAfter: lasting }),
    skew: fc.record({ kind: fc.constant('skew' as const), node, delta: fc.integer({ min: -2_000, max: 2_000 }).map((ms) => ms * 1_000) }),
    'clock-rate': fc.record({ kind: fc.constant('clock-rate' as const), node, rate: fc.constantFrom(0.5, 0.8, 1.25, 2), resetAfter: lasting }),
    network: fc.record({
      kind: fc.constant('network' as const),
      settings: fc.oneof(
        fc.record({ drop: fc.constantFrom(0.05, 0.2, 0.5) }),
        fc.record({ duplicate: fc.constantFrom(0.05, 0.2) }),
        fc.record({ reorder: fc.constantFrom(0.1, 0.3) }),
      ),
      resetAfter: lasting,
    }),
    disk: fc.oneof(
      fc.record({
        kind: fc.constant('disk-latency' as const),
        node,
        latency: fc.constantFrom(5_000, 20_000, 100_000).map((mean) => ({ kind: 'exponential' as const, mean })),
        resetAfter: lasting,
      }),
      fc.record({ kind: fc.constant('disk-stall' as const), node, duration: lasting }),
    ),
  };
  return fc.oneof(...families.map((f) => arbs[f]));
}

/** Up to `max` faults at millisecond times within `duration` (µs), in time order. */
export function scheduleArb(ids: readonly string[], duration: number, families: readonly FaultFamily[], max = 10): fc.Arbitrary<ScheduledFault[]> {
  const at = fc.integer({ min: 0, max: Math.floor(duration / 1_000) - 1 }).map((ms) => ms * 1_000);
  return fc.array(fc.record({ at, fault: faultArb(ids, families) }), { maxLength: max }).map((list) => [...list].sort((a, b) => a.at - b.at));
}

/** Throws with everything needed to replay a failed run: seed, plan options, the faults as applied. */
export function assertOk(plan: RunPlan, r: RunResult): void {
  if (r.violations.length === 0) return;
  const problems = r.violations.map((v) => `  ${v.check}: ${v.message}`).join('\n');
  throw new Error(
    `seed ${plan.seed} (${plan.replicas} replicas, options ${JSON.stringify(plan.options)}, mutants ${JSON.stringify(plan.mutants)}) failed:\n${problems}\n` +
      `faults applied:\n${r.faults.map((f) => `  ${f.at / 1000}ms ${JSON.stringify(f.fault)}`).join('\n')}`,
  );
}
