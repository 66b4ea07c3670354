/** Run plans for ZAB on the znode store, for tests and the soak. */
import { uniform } from '../../../sim/latency.js';
import type { RunPlan } from '../../../scenarios/plan.js';
import { ZAB_CHECKS } from '../../../protocols/zab/invariants.js';

/** ZAB's own checks and the generic ones. */
export const ZAB_PLAN_CHECKS = ['election-safety', 'state-machine-safety', 'digest-agreement', 'monotone', ...Object.keys(ZAB_CHECKS)] as const;

export const LOSSY = { latency: uniform(1_000, 10_000), drop: 0.01, duplicate: 0.01, reorder: 0.02 };

/** A 5-replica ZAB run with 6 clients on the znode workload, no faults. */
export function zabPlan(seed: number, overrides: Partial<RunPlan> = {}): RunPlan {
  return {
    name: 'zab-test',
    protocol: 'zab',
    replicas: 5,
    seed,
    duration: 3_000_000,
    settle: { length: 2_000_000, grace: 700_000 },
    network: { latency: uniform(1_000, 10_000) },
    disk: { syncLatency: uniform(100, 2_000) },
    workload: { kind: 'znode', clients: 6, rate: 300, keys: 3, mix: { create: 3, get: 4, set: 3, delete: 2, exists: 1, children: 1, multi: 1, sync: 1 }, timeout: 500_000 },
    nemesis: { script: [] },
    checks: ['linearizable', 'liveness', ...ZAB_PLAN_CHECKS],
    consistency: 'linearizable',
    mutants: [],
    options: {},
    trace: 'state',
    ...overrides,
  };
}
