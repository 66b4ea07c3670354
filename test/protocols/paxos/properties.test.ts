/**
 * Random fault schedules against the correct Multi-Paxos: every run keeps every generic and Paxos
 * invariant, has a linearizable history (ZooKeeper-consistent in `zookeeper` read mode), and
 * answers every operation invoked once the faults have stopped (liveness after heal). A failure
 * prints its seed and schedule; fast-check shrinks the schedule first.
 */
import fc from 'fast-check';
import { describe, it } from 'vitest';
import { uniform } from '../../../sim/latency.js';
import type { Fault } from '../../../sim/nemesis.js';
import type { RunPlan } from '../../../scenarios/plan.js';
import { scheduleArb } from '../../support/arbitraries.js';
import { runAndAssert } from '../raft/check-run.js';
import { paxosPlan } from './plans.js';

type Kinds = readonly Fault['kind'][] | undefined;
const ALL: Kinds = undefined;
const NO_CLOCKS: Kinds = ['partition', 'isolate', 'cut', 'crash', 'pause', 'network', 'disk-latency', 'disk-stall'];

const IDS5 = ['n1', 'n2', 'n3', 'n4', 'n5'];
const IDS3 = ['n1', 'n2', 'n3'];
const SEED = 20_261_123;
const LOSSY = { latency: uniform(1_000, 10_000), drop: 0.01, duplicate: 0.01, reorder: 0.02 };

function property(name: string, runs: number, replicas: readonly string[], kinds: Kinds, plan: (seed: number) => RunPlan): void {
  it(name, () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2 ** 31 - 1 }), scheduleArb({ replicas, until: 3_000_000, maxFaults: 10, ...(kinds ? { kinds } : {}) }), (seed, script) => {
        runAndAssert({ ...plan(seed), nemesis: { script } });
      }),
      // A fixed seed keeps `npm test` reproducible; the soak (test/soak/paxos.test.ts) explores freely.
      { numRuns: runs, seed: SEED },
    );
  });
}

describe('Multi-Paxos under random faults', () => {
  property('5 replicas, every fault kind', 120, IDS5, ALL, (seed) => paxosPlan(seed, { network: LOSSY }));

  property('3 replicas, snapshots every 5 slots, one slot per message', 80, IDS3, ALL, (seed) =>
    paxosPlan(seed, { replicas: 3, network: LOSSY, options: { paxos: { snapshotEvery: 5, maxBatch: 1 } } }),
  );

  property('lease reads with clocks that only pause (no drift, no jumps)', 50, IDS5, NO_CLOCKS, (seed) =>
    paxosPlan(seed, { network: LOSSY, options: { paxos: { readBarrier: 'lease' } } }),
  );

  property('ZooKeeper reads are sequentially consistent', 50, IDS5, ALL, (seed) =>
    paxosPlan(seed, { network: LOSSY, options: { store: { reads: 'zookeeper' } }, consistency: 'zookeeper' }),
  );
});
