/**
 * Every protocol that orders the store, on the same scenario: 5 replicas, 16 clients, 1–10ms
 * latency, with no faults and with a random nemesis. Figures per protocol: messages delivered per
 * wall-clock second and simulated seconds per wall-clock second, without checks (the simulation
 * alone) and with the trace and every check that reads it (the generic ones and the protocol's own).
 */
import { ordersStore } from '../protocols/definition.js';
import { uniform } from '../sim/latency.js';
import { RANDOM_FAULT_KINDS } from '../sim/nemesis.js';
import type { TraceLevel } from '../sim/trace.js';
import type { RunPlan } from '../scenarios/plan.js';
import { HISTORY_CHECKS, REGISTRY } from '../scenarios/registry.js';
import { run } from '../scenarios/run.js';

function plan(protocol: string, seconds: number, nemesis: boolean, trace: TraceLevel, checks: readonly string[], rate: number): RunPlan {
  return {
    name: `bench-${protocol}`,
    protocol,
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
  if (r.violations.length > 0) throw new Error(`bench run of ${p.protocol} found a problem: ${r.violations[0]!.message}`);
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
 * run is checked for the trace checks or not at all: never for linearizability, whose cost is the
 * checker's (bench/check.ts). `hourOfBusyCluster` is the wall time an hour of the steady run takes.
 */
export async function benchProtocols(): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  for (const protocol of REGISTRY.protocols.filter(ordersStore)) {
    const name = protocol.name;
    const checks = REGISTRY.checksOf(protocol, REGISTRY.workload(protocol, 'znode')).filter((c) => !(HISTORY_CHECKS as readonly string[]).includes(c));
    for (let i = 0; i < 3; i++) measure(plan(name, 5, false, 'none', [], 1_000)); // warm up the JIT
    const steady = measure(plan(name, 120, false, 'none', [], 1_000));
    out[name] = {
      steady,
      nemesis: measure(plan(name, 120, true, 'none', [], 1_000)),
      steadyTracedWithChecks: measure(plan(name, 30, false, 'state', checks, 1_000)),
      hourOfBusyClusterSeconds: round(3_600 / steady.simulatedSecondsPerSecond),
    };
  }
  return out;
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}
