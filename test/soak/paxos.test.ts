/**
 * The long version of test/protocols/paxos/properties.test.ts: thousands of random fault schedules
 * against the correct Multi-Paxos. Run with `npm run soak`; `ENSEMBLE_SOAK_RUNS` sets the runs per
 * property (default 1000).
 */
import fc from 'fast-check';
import { describe, it } from 'vitest';
import { uniform } from '../../sim/latency.js';
import type { Fault } from '../../sim/nemesis.js';
import type { RunPlan } from '../../scenarios/plan.js';
import { runAndAssert } from '../protocols/raft/check-run.js';
import { paxosPlan } from '../protocols/paxos/plans.js';
import { scheduleArb } from '../support/arbitraries.js';

const RUNS = Number(process.env['ENSEMBLE_SOAK_RUNS'] ?? 1_000);
const IDS5 = ['n1', 'n2', 'n3', 'n4', 'n5'];
const IDS3 = ['n1', 'n2', 'n3'];
const LOSSY = { latency: uniform(1_000, 10_000), drop: 0.02, duplicate: 0.02, reorder: 0.05 };
const NO_CLOCKS: readonly Fault['kind'][] = ['partition', 'isolate', 'cut', 'crash', 'pause', 'network', 'disk-latency', 'disk-stall'];

function soak(name: string, replicas: readonly string[], plan: (seed: number) => RunPlan, kinds?: readonly Fault['kind'][]): void {
  it(name, { timeout: 3_600_000 }, () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2 ** 31 - 1 }), scheduleArb({ replicas, until: 6_000_000, maxFaults: 20, ...(kinds ? { kinds } : {}) }), (seed, script) => {
        runAndAssert({ ...plan(seed), duration: 6_000_000, nemesis: { script } });
      }),
      { numRuns: RUNS },
    );
  });
}

describe('Multi-Paxos soak', () => {
  soak('5 replicas, every fault kind', IDS5, (seed) => paxosPlan(seed, { network: LOSSY, workload: { ...paxosPlan(0).workload, clients: 10, rate: 500 } }));
  soak('3 replicas, snapshots every 3 slots, two slots per message', IDS3, (seed) => paxosPlan(seed, { replicas: 3, network: LOSSY, options: { paxos: { snapshotEvery: 3, maxBatch: 2 } } }));
  soak('lease reads, clocks that only pause', IDS5, (seed) => paxosPlan(seed, { network: LOSSY, options: { paxos: { readBarrier: 'lease' } } }), NO_CLOCKS);
  soak('ZooKeeper reads', IDS5, (seed) => paxosPlan(seed, { network: LOSSY, options: { store: { reads: 'zookeeper' } }, consistency: 'zookeeper' }));
});
