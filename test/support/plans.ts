import { uniform } from '../../sim/latency.js';
import type { RunPlan } from '../../scenarios/plan.js';

/** A primary-backup register run: the kernel's end-to-end exercise. */
export function pbPlan(seed: number, overrides: Partial<RunPlan> = {}): RunPlan {
  return {
    name: 'pb-test',
    protocol: 'primary-backup',
    replicas: 3,
    seed,
    duration: 2_000_000,
    settle: { length: 1_000_000, grace: 300_000 },
    network: { latency: uniform(1_000, 5_000) },
    disk: { syncLatency: uniform(100, 2_000) },
    workload: { kind: 'register', clients: 4, rate: 200, keys: 3, mix: { read: 2, write: 1, cas: 1 }, timeout: 200_000 },
    nemesis: { script: [] },
    checks: ['linearizable', 'liveness'],
    consistency: 'linearizable',
    mutants: [],
    options: {},
    trace: 'full',
    ...overrides,
  };
}

/** A random nemesis over every fault kind the kernel has. */
export const EVERY_FAULT = {
  every: uniform(100_000, 400_000),
  duration: uniform(50_000, 300_000),
  faults: ['partition', 'isolate', 'crash', 'pause', 'skew', 'clock-rate', 'drop', 'duplicate', 'reorder', 'slow-disk', 'disk-stall'],
} as const;
