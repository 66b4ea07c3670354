/**
 * Random fault schedules against the correct ZAB: every run keeps every generic and ZAB invariant,
 * has a linearizable history (ZooKeeper-consistent in `zookeeper` read mode), and answers every
 * operation invoked once the faults have stopped (liveness). A failure prints its seed and
 * schedule as a scenario; fast-check shrinks the schedule first. And: same seed, same trace.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { RunPlan } from '../../../scenarios/plan.js';
import { run } from '../../../scenarios/run.js';
import { scheduleArb } from '../../support/arbitraries.js';
import { runAndAssert } from '../raft/check-run.js';
import { LOSSY, zabPlan } from './plans.js';

const IDS5 = ['n1', 'n2', 'n3', 'n4', 'n5'];
const IDS3 = ['n1', 'n2', 'n3'];
const SEED = 20_261_122;

function property(name: string, runs: number, replicas: readonly string[], plan: (seed: number) => RunPlan): void {
  it(name, () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2 ** 31 - 1 }), scheduleArb({ replicas, until: 3_000_000, maxFaults: 10 }), (seed, script) => {
        runAndAssert({ ...plan(seed), nemesis: { script } });
      }),
      // A fixed seed keeps the suite reproducible; the soak (test/soak/zab.test.ts) explores freely.
      { numRuns: runs, seed: SEED },
    );
  });
}

describe('ZAB under random faults', () => {
  property('5 replicas, every fault kind, a lossy network', 100, IDS5, (seed) => zabPlan(seed, { network: LOSSY }));

  property('3 replicas, a snapshot every 5 txns and a committed log of 3 (DIFF, TRUNC and SNAP syncs)', 80, IDS3, (seed) =>
    zabPlan(seed, { replicas: 3, network: LOSSY, options: { zab: { snapshotEvery: 5, committedLog: 3 } } }),
  );

  property('learners synced from snapshots only, no txn-log sync', 30, IDS5, (seed) =>
    zabPlan(seed, { network: LOSSY, options: { zab: { forceSnapSync: true, txnLogSync: false, snapshotEvery: 20 } } }),
  );

  property('ZooKeeper reads are sequentially consistent', 40, IDS5, (seed) =>
    zabPlan(seed, { network: LOSSY, options: { store: { reads: 'zookeeper' } }, consistency: 'zookeeper' }),
  );
});

describe('ZAB is deterministic', () => {
  it('same seed, same trace hash; another seed, another trace', () => {
    const plan = zabPlan(5, { network: LOSSY, nemesis: { script: [], random: { every: { kind: 'uniform', min: 200_000, max: 500_000 }, duration: { kind: 'uniform', min: 100_000, max: 300_000 }, faults: ['crash', 'partition', 'pause', 'drop', 'reorder'] } } });
    const a = run(plan, { keepTrace: 0 });
    const b = run(plan, { keepTrace: 0 });
    expect(a.verdict).toBe('ok');
    expect(b.traceHash).toBe(a.traceHash);
    expect(run({ ...plan, seed: 6 }, { keepTrace: 0 }).traceHash).not.toBe(a.traceHash);
  });
});
