/**
 * Random fault schedules against the correct Raft: every run keeps every invariant, has a
 * linearizable history (ZooKeeper-consistent in `zookeeper` read mode), and answers every
 * operation invoked once the faults have stopped (liveness). A failure prints its seed and
 * schedule; fast-check shrinks the schedule first.
 */
import fc from 'fast-check';
import { describe, it } from 'vitest';
import { uniform } from '../../../sim/latency.js';
import type { Fault } from '../../../sim/nemesis.js';
import type { RunPlan } from '../../../scenarios/plan.js';
import { scheduleArb } from '../../support/arbitraries.js';
import { runAndAssert } from './check-run.js';
import { raftPlan } from './plans.js';

type Kinds = readonly Fault['kind'][] | undefined;
const ALL: Kinds = undefined;
const NO_CLOCKS: Kinds = ['partition', 'isolate', 'cut', 'crash', 'pause', 'network', 'disk-latency', 'disk-stall'];

const IDS5 = ['n1', 'n2', 'n3', 'n4', 'n5'];
const IDS3 = ['n1', 'n2', 'n3'];
const SEED = 20_261_122;
const LOSSY = { latency: uniform(1_000, 10_000), drop: 0.01, duplicate: 0.01, reorder: 0.02 };

function property(name: string, runs: number, replicas: readonly string[], kinds: Kinds, plan: (seed: number) => RunPlan): void {
  it(name, () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2 ** 31 - 1 }), scheduleArb({ replicas, until: 3_000_000, maxFaults: 10, ...(kinds ? { kinds } : {}) }), (seed, script) => {
        runAndAssert({ ...plan(seed), nemesis: { script } });
      }),
      // A fixed seed keeps `npm test` reproducible; the soak (test/soak/raft.test.ts) explores freely.
      { numRuns: runs, seed: SEED },
    );
  });
}

describe('Raft under random faults', () => {
  property('5 replicas, every fault kind', 120, IDS5, ALL, (seed) => raftPlan(seed, { network: LOSSY }));

  property('3 replicas, snapshots every 5 entries, one entry per append', 80, IDS3, ALL, (seed) =>
    raftPlan(seed, { replicas: 3, network: LOSSY, options: { raft: { snapshotEvery: 5, maxBatch: 1 } } }),
  );

  property('membership changes (3 → 5 → 3 voters) while faults strike', 50, IDS5, ALL, (seed) =>
    raftPlan(seed, {
      network: LOSSY,
      options: {
        raft: {
          voters: 3,
          membership: [
          { at: '400ms', add: 'n4' },
          { at: '800ms', add: 'n5' },
          { at: '1200ms', remove: 'n1' },
          { at: '1600ms', remove: 'n2' },
          { at: '2000ms', add: 'n1' },
          ],
        },
      },
    }),
  );

  property('lease reads with clocks that only pause (no drift, no jumps)', 40, IDS5, NO_CLOCKS, (seed) =>
    raftPlan(seed, { network: LOSSY, options: { raft: { readBarrier: 'lease' } } }),
  );

  property('ZooKeeper reads are sequentially consistent', 40, IDS5, ALL, (seed) =>
    raftPlan(seed, { network: LOSSY, options: { store: { reads: 'zookeeper' } }, consistency: 'zookeeper' }),
  );
});
