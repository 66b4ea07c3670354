/**
 * Random fault schedules against the correct Raft: every run keeps every invariant, has a
 * linearizable history (ZooKeeper-consistent in `zookeeper` read mode), and answers every
 * operation invoked once the faults have stopped (liveness). A failure prints its seed and
 * schedule; fast-check shrinks the schedule first.
 */
import fc from 'fast-check';
import { describe, it } from 'vitest';
import { uniform } from '../../../sim/latency.js';
import { run } from '../../../scenarios/run.js';
import type { RunPlan } from '../../../scenarios/plan.js';
import { ALL_FAMILIES, assertOk, scheduleArb, type FaultFamily } from './faults.js';
import { raftPlan } from './plans.js';

const IDS5 = ['n1', 'n2', 'n3', 'n4', 'n5'];
const IDS3 = ['n1', 'n2', 'n3'];
const LOSSY = { latency: uniform(1_000, 10_000), drop: 0.01, duplicate: 0.01, reorder: 0.02 };

function property(name: string, runs: number, ids: readonly string[], families: readonly FaultFamily[], plan: (seed: number) => RunPlan): void {
  it(name, () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2 ** 31 - 1 }), scheduleArb(ids, 3_000_000, families), (seed, script) => {
        const p = { ...plan(seed), nemesis: { script } };
        assertOk(p, run(p, { keepTrace: 0 }));
      }),
      { numRuns: runs },
    );
  });
}

describe('Raft under random faults', () => {
  property('5 replicas, every fault kind', 120, IDS5, ALL_FAMILIES, (seed) => raftPlan(seed, { network: LOSSY }));

  property('3 replicas, snapshots every 5 entries, one entry per append', 80, IDS3, ['crash', 'isolate', 'partition', 'pause', 'network', 'disk'], (seed) =>
    raftPlan(seed, { replicas: 3, network: LOSSY, options: { snapshotEvery: 5, maxBatch: 1 } }),
  );

  property('membership changes (3 → 5 → 3 voters) while faults strike', 50, IDS5, ['crash', 'isolate', 'partition', 'pause', 'network'], (seed) =>
    raftPlan(seed, {
      network: LOSSY,
      options: {
        voters: 3,
        membership: [
          { at: '400ms', add: 'n4' },
          { at: '800ms', add: 'n5' },
          { at: '1200ms', remove: 'n1' },
          { at: '1600ms', remove: 'n2' },
          { at: '2000ms', add: 'n1' },
        ],
      },
    }),
  );

  property('lease reads with clocks that only pause (no drift, no jumps)', 40, IDS5, ['crash', 'isolate', 'partition', 'pause', 'network', 'disk'], (seed) =>
    raftPlan(seed, { network: LOSSY, options: { reads: 'lease' } }),
  );

  property('ZooKeeper reads are sequentially consistent', 40, IDS5, ALL_FAMILIES, (seed) =>
    raftPlan(seed, { network: LOSSY, options: { reads: 'zookeeper' }, consistency: 'zookeeper' }),
  );
});
