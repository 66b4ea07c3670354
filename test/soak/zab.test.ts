/**
 * The long version of test/protocols/zab/properties.test.ts: thousands of random fault schedules
 * against the correct ZAB. Run with `npm run soak`; `ENSEMBLE_SOAK_RUNS` sets the runs per property
 * (default 1000).
 */
import fc from 'fast-check';
import { describe, it } from 'vitest';
import { uniform } from '../../sim/latency.js';
import type { RunPlan } from '../../scenarios/plan.js';
import { runAndAssert } from '../protocols/raft/check-run.js';
import { zabPlan } from '../protocols/zab/plans.js';
import { scheduleArb } from '../support/arbitraries.js';

const RUNS = Number(process.env['ENSEMBLE_SOAK_RUNS'] ?? 1_000);
const IDS5 = ['n1', 'n2', 'n3', 'n4', 'n5'];
const IDS3 = ['n1', 'n2', 'n3'];
const LOSSY = { latency: uniform(1_000, 10_000), drop: 0.02, duplicate: 0.02, reorder: 0.05 };

function soak(name: string, replicas: readonly string[], plan: (seed: number) => RunPlan): void {
  it(name, { timeout: 3_600_000 }, () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2 ** 31 - 1 }), scheduleArb({ replicas, until: 6_000_000, maxFaults: 20 }), (seed, script) => {
        runAndAssert({ ...plan(seed), duration: 6_000_000, nemesis: { script } });
      }),
      { numRuns: RUNS },
    );
  });
}

describe('ZAB soak', () => {
  soak('5 replicas, every fault kind', IDS5, (seed) => zabPlan(seed, { network: LOSSY, workload: { ...zabPlan(0).workload, clients: 10, rate: 500 } }));
  soak('3 replicas, a snapshot every 3 txns, a committed log of 2', IDS3, (seed) => zabPlan(seed, { replicas: 3, network: LOSSY, options: { zab: { snapshotEvery: 3, committedLog: 2 } } }));
  soak('snapshot syncs only', IDS5, (seed) => zabPlan(seed, { network: LOSSY, options: { zab: { forceSnapSync: true, txnLogSync: false, snapshotEvery: 10 } } }));
  soak('ZooKeeper reads', IDS5, (seed) => zabPlan(seed, { network: LOSSY, options: { store: { reads: 'zookeeper' } }, consistency: 'zookeeper' }));
});
