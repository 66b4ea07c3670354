/**
 * Raft on the znode store: 5 replicas, 16 clients, 1–10ms latency, with no faults and with a random
 * nemesis. Figures: messages delivered per wall-clock second and simulated seconds per wall-clock
 * second, without checks (the simulation alone) and with the trace and Raft's invariant monitors on.
 */
import { uniform } from '../sim/latency.js';
import { RANDOM_FAULT_KINDS } from '../sim/nemesis.js';
import type { TraceLevel } from '../sim/trace.js';
import type { RunPlan } from '../scenarios/plan.js';
import { run } from '../scenarios/run.js';

const INVARIANTS = ['election-safety', 'log-matching', 'leader-completeness', 'state-machine-safety', 'monotone'];

function plan(seconds: number, nemesis: boolean, trace: TraceLevel, checks: readonly string[], rate: number): RunPlan {
  return {
    name: 'bench-raft',
    protocol: 'raft',
    replicas: 5,
    seed: 1,
    duration: seconds * 1_000_000,
    settle: { length: 1_000_000, grace: 500_000 },
    network: { latency: uniform(1_000, 10_000) },
    disk: { syncLatency: uniform(100, 1_000) },
    workload: { kind: 'znode', clients: 16, rate, keys: 8, mix: { create: 3, get: 4, set: 3, delete: 2, exists: 1, children: 1, multi: 1, sync: 1 }, timeout: 1_000_000 },
    nemesis: nemesis
      ? { script: [], random: { every: uniform(1_000_000, 3_000_000), duration: uniform(200_000, 1_000_000), faults: [...RANDOM_FAULT_KINDS] } }
      : { script: [] },
    checks,
    consistency: 'linearizable',
    mutants: [],
    options: {},
    trace,
  };
}

interface Figures {
  readonly simulatedSeconds: number;
  readonly wallSeconds: number;
  readonly delivered: number;
  readonly deliveredPerSecond: number;
  readonly simulatedSecondsPerSecond: number;
  readonly opsCompleted: number;
}

function measure(p: RunPlan): Figures {
  const started = performance.now(); // wall-clock: benchmark timing
  const r = run(p, { keepTrace: 0 });
  const wall = (performance.now() - started) / 1000; // wall-clock: benchmark timing
  if (r.violations.length > 0) throw new Error(`bench run found a problem: ${r.violations[0]!.message}`);
  const simulated = r.stats.simulatedMs / 1000;
  return {
    simulatedSeconds: simulated,
    wallSeconds: round(wall),
    delivered: r.stats.delivered,
    deliveredPerSecond: Math.round(r.stats.delivered / wall),
    simulatedSecondsPerSecond: round(simulated / wall),
    opsCompleted: r.stats.opsOk,
  };
}

/**
 * The clients offer 1,000 ops/s; one operation at a time each, they get about 400/s through. Every
 * run is checked for Raft's invariants or not at all: never for linearizability, whose cost is the
 * checker's (bench/check.ts). `hourOfBusyCluster` is the wall time an hour of the steady run takes.
 */
export async function benchRaft(): Promise<Record<string, unknown>> {
  for (let i = 0; i < 3; i++) measure(plan(5, false, 'none', [], 1_000)); // warm up the JIT
  const steady = measure(plan(120, false, 'none', [], 1_000));
  return {
    steady,
    nemesis: measure(plan(120, true, 'none', [], 1_000)),
    steadyTracedWithInvariants: measure(plan(30, false, 'state', INVARIANTS, 1_000)),
    hourOfBusyClusterSeconds: round(3_600 / steady.simulatedSecondsPerSecond),
  };
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}
