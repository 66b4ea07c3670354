/**
 * The conformance suite's plans: the same cluster, workload and faults for every registered
 * protocol, on the protocol's default workload (the znode store for the ones that order it).
 */
import { type ProtocolDefinition, ordersStore } from '../../protocols/definition.js';
import { uniform } from '../../sim/latency.js';
import type { ScheduledFault } from '../../sim/nemesis.js';
import type { RunPlan } from '../../scenarios/plan.js';
import { REGISTRY } from '../../scenarios/registry.js';

export const REPLICAS = ['n1', 'n2', 'n3', 'n4', 'n5'];

/** A short run of `protocol` with every check it offers. */
export function conformancePlan(protocol: ProtocolDefinition, seed: number, overrides: Partial<RunPlan> = {}): RunPlan {
  const workload = REGISTRY.workloadsOf(protocol)[0]!;
  return {
    name: `conformance-${protocol.name}`,
    protocol: protocol.name,
    replicas: REPLICAS.length,
    seed,
    duration: 3_000_000,
    settle: { length: 2_000_000, grace: 1_000_000 },
    network: { latency: uniform(500, 5_000), drop: 0.01, duplicate: 0.01, reorder: 0.02 },
    disk: { syncLatency: uniform(100, 2_000) },
    workload: { kind: workload.name, clients: 4, rate: 200, keys: 3, mix: Object.fromEntries(workload.ops.map((op) => [op, op === 'close' ? 0 : 1])), timeout: 400_000 },
    nemesis: { script: [] },
    checks: REGISTRY.checksOf(protocol, workload),
    consistency: 'linearizable',
    mutants: [],
    options: {},
    trace: 'state',
    ...overrides,
  };
}

/** A scripted run for the golden transcripts: elect, work, lose the leader, get it back, heal. */
export function transcriptPlan(protocol: ProtocolDefinition): RunPlan {
  const script: ScheduledFault[] = [
    { at: 600_000, fault: { kind: 'crash', node: 'leader', restartAfter: 400_000 } },
    { at: 1_400_000, fault: { kind: 'partition', groups: [['n1'], ['n2', 'n3']], healAfter: 300_000 } },
  ];
  return conformancePlan(protocol, 7, {
    name: `golden-${protocol.name}`,
    replicas: 3,
    duration: 2_000_000,
    settle: { length: 500_000, grace: 200_000 },
    network: { latency: uniform(1_000, 3_000) },
    workload: { ...conformancePlan(protocol, 7).workload, clients: 2, rate: 20 },
    nemesis: { script },
  });
}

/** The store-ordering protocols, for the suites that need the store. */
export const STORE_PROTOCOLS = REGISTRY.protocols.filter(ordersStore);
