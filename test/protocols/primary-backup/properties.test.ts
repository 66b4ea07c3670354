import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { uniform } from '../../../sim/latency.js';
import { run } from '../../../scenarios/run.js';
import { reproduction, scheduleArb } from '../../support/arbitraries.js';
import { pbPlan } from '../../support/plans.js';

const replicas = ['n1', 'n2', 'n3'];

describe('primary-backup under random fault schedules', () => {
  it('stays linearizable and live after faults stop (hundreds of random schedules)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 31 - 1 }), scheduleArb({ replicas, until: 1_500_000 }), (seed, script) => {
        const plan = pbPlan(seed, { nemesis: { script }, network: { latency: uniform(1_000, 6_000), drop: 0.01 }, trace: 'none' });
        const result = run(plan, { keepTrace: 0 });
        if (result.verdict !== 'ok') throw new Error(`${result.violations.map((v) => v.message).join('\n')}\n\n${reproduction(plan)}`);
      }),
      { numRuns: 200 },
    );
  });

  it('the same property catches mutant PB1 (no exactly-once), and shrinks it to a small schedule', () => {
    let failing: string | undefined;
    const details = fc.check(
      fc.property(fc.integer({ min: 0, max: 2 ** 31 - 1 }), scheduleArb({ replicas, until: 1_500_000, kinds: ['network', 'crash', 'pause'] }), (seed, script) => {
        const plan = pbPlan(seed, { mutants: ['PB1'], nemesis: { script }, network: { latency: uniform(1_000, 6_000), duplicate: 0.05 }, trace: 'none' });
        const result = run(plan, { keepTrace: 0 });
        failing = reproduction(plan);
        return result.verdict === 'ok';
      }),
      { numRuns: 200, seed: 42 },
    );
    expect(details.failed, 'mutant PB1 should be caught').toBe(true);
    expect(details.counterexample?.[1].length ?? 99).toBeLessThanOrEqual(2);
    expect(failing).toContain('PB1');
  });
});
