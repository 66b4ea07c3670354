/** Run plans for Raft on the znode store, for tests and the soak. */
import { uniform } from '../../../sim/latency.js';
import type { RunPlan } from '../../../scenarios/plan.js';
import type { RandomFaultKind } from '../../../sim/nemesis.js';

export const RAFT_CHECKS = ['election-safety', 'log-matching', 'leader-completeness', 'state-machine-safety', 'monotone'] as const;

/** A 5-replica Raft run with 6 clients on the znode workload, no faults. */
export function raftPlan(seed: number, overrides: Partial<RunPlan> = {}): RunPlan {
  return {
    name: 'raft-test',
    protocol: 'raft',
    replicas: 5,
    seed,
    duration: 3_000_000,
    settle: { length: 2_000_000, grace: 700_000 },
    network: { latency: uniform(1_000, 10_000) },
    disk: { syncLatency: uniform(100, 2_000) },
    workload: { kind: 'znode', clients: 6, rate: 300, keys: 3, mix: { create: 3, get: 4, set: 3, delete: 2, exists: 1, children: 1, multi: 1, sync: 1 }, timeout: 500_000 },
    nemesis: { script: [] },
    checks: ['linearizable', 'liveness', ...RAFT_CHECKS],
    consistency: 'linearizable',
    mutants: [],
    options: {},
    trace: 'state',
    ...overrides,
  };
}

/** Every fault the kernel can inject. */
export const ALL_FAULTS: readonly RandomFaultKind[] = ['partition', 'isolate', 'crash', 'pause', 'skew', 'clock-rate', 'drop', 'duplicate', 'reorder', 'slow-disk', 'disk-stall'];

export const randomNemesis = (faults: readonly RandomFaultKind[] = ALL_FAULTS) => ({
  every: uniform(150_000, 500_000),
  duration: uniform(50_000, 400_000),
  faults: [...faults],
});
