import fc from 'fast-check';
import { describe, it } from 'vitest';
import { uniform } from '../../sim/latency.js';
import { run } from '../../scenarios/run.js';
import { reproduction, scheduleArb } from '../support/arbitraries.js';
import { pbPlan } from '../support/plans.js';

const runs = Number(process.env['ENSEMBLE_SOAK_RUNS'] ?? 3_000);

describe('soak: primary-backup', () => {
  it(`stays linearizable and live over ${runs} random fault schedules`, () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 31 - 1 }), scheduleArb({ replicas: ['n1', 'n2', 'n3'], until: 3_000_000, maxFaults: 16 }), (seed, script) => {
        const plan = pbPlan(seed, { duration: 4_000_000, nemesis: { script }, network: { latency: uniform(500, 8_000), drop: 0.02, duplicate: 0.01, reorder: 0.05 }, trace: 'none' });
        const result = run(plan, { keepTrace: 0 });
        if (result.verdict !== 'ok') throw new Error(`${result.violations.map((v) => v.message).join('\n')}\n\n${reproduction(plan)}`);
      }),
      { numRuns: runs },
    );
  });
});
