import fc from 'fast-check';
import type { Fault, ScheduledFault, Target } from '../../sim/nemesis.js';
import type { NodeId } from '../../sim/node.js';
import type { Time } from '../../sim/time.js';
import type { RunPlan } from '../../scenarios/plan.js';
import { toScenarioYaml } from '../../scenarios/serialize.js';

/**
 * fast-check arbitraries for fault schedules: scripted faults (not the random nemesis) so that a
 * failure shrinks to fewer, shorter, simpler faults, and prints as a scenario a person can run.
 */
export interface ScheduleOptions {
  readonly replicas: readonly NodeId[];
  /** Faults start in [0, until). */
  readonly until: Time;
  readonly maxFaults?: number;
  /** Which kinds to draw; default all. */
  readonly kinds?: readonly Fault['kind'][];
}

const ms = (n: number) => n * 1_000;

export function faultArb(o: ScheduleOptions): fc.Arbitrary<Fault> {
  const node = fc.constantFrom(...o.replicas);
  const target: fc.Arbitrary<Target> = fc.oneof(node, fc.constantFrom<Target>('leader', 'follower', 'random'));
  const lasting = fc.integer({ min: 10, max: 3_000 }).map(ms);
  const all: Partial<Record<Fault['kind'], fc.Arbitrary<Fault>>> = {
    partition: fc.tuple(fc.shuffledSubarray([...o.replicas], { minLength: 1, maxLength: Math.max(1, Math.floor((o.replicas.length - 1) / 2)) }), lasting).map(([side, healAfter]) => ({
      kind: 'partition' as const,
      groups: [side, o.replicas.filter((r) => !side.includes(r))],
      healAfter,
    })),
    isolate: fc.tuple(target, lasting).map(([n, healAfter]) => ({ kind: 'isolate' as const, node: n, healAfter })),
    cut: fc.tuple(node, node, fc.boolean(), lasting).filter(([a, b]) => a !== b).map(([a, b, oneWay, healAfter]) => ({ kind: 'cut' as const, from: [a], to: [b], oneWay, healAfter })),
    crash: fc.tuple(target, lasting).map(([n, restartAfter]) => ({ kind: 'crash' as const, node: n, restartAfter })),
    pause: fc.tuple(target, lasting).map(([n, resumeAfter]) => ({ kind: 'pause' as const, node: n, resumeAfter })),
    skew: fc.tuple(node, fc.integer({ min: -2_000, max: 2_000 })).map(([n, d]) => ({ kind: 'skew' as const, node: n, delta: ms(d) })),
    'clock-rate': fc.tuple(node, fc.constantFrom(0.5, 0.8, 1.25, 2), lasting).map(([n, rate, resetAfter]) => ({ kind: 'clock-rate' as const, node: n, rate, resetAfter })),
    network: fc
      .tuple(fc.constantFrom(0, 0.05, 0.3), fc.constantFrom(0, 0.05, 0.2), fc.constantFrom(0, 0.1, 0.3), lasting)
      .map(([drop, duplicate, reorder, resetAfter]) => ({ kind: 'network' as const, settings: { drop, duplicate, reorder }, resetAfter })),
    'disk-latency': fc.tuple(node, fc.constantFrom(5, 20, 100), lasting).map(([n, mean, resetAfter]) => ({ kind: 'disk-latency' as const, node: n, latency: { kind: 'exponential' as const, mean: ms(mean) }, resetAfter })),
    'disk-stall': fc.tuple(node, lasting).map(([n, duration]) => ({ kind: 'disk-stall' as const, node: n, duration })),
  };
  const kinds = o.kinds ?? (Object.keys(all) as Fault['kind'][]);
  const chosen = kinds.map((k) => all[k]).filter((a): a is fc.Arbitrary<Fault> => a !== undefined);
  return fc.oneof(...chosen);
}

export function scheduleArb(o: ScheduleOptions): fc.Arbitrary<ScheduledFault[]> {
  return fc
    .array(fc.record({ at: fc.integer({ min: 0, max: Math.floor(o.until / 1_000) - 1 }).map(ms), fault: faultArb(o) }), { maxLength: o.maxFaults ?? 10 })
    .map((faults) => [...faults].sort((a, b) => a.at - b.at));
}

/** A failing plan as a scenario file, for the failure message: paste it into a file and run it. */
export function reproduction(plan: RunPlan): string {
  return toScenarioYaml(plan, 'Failing case found by a property test. Save as a .yaml file and run: npx ensemble run <file>');
}
