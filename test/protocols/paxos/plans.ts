/** Run plans for Multi-Paxos on the znode store, for tests, the soak and the comparison with Raft. */
import type { RunPlan } from '../../../scenarios/plan.js';
import { raftPlan } from '../raft/plans.js';

export const PAXOS_CHECKS = ['election-safety', 'state-machine-safety', 'digest-agreement', 'monotone', 'one-value-per-slot', 'chosen-value-persists', 'promises-monotone'] as const;

/** A 5-replica Multi-Paxos run with 6 clients on the znode workload, no faults: Raft's test plan under Paxos. */
export function paxosPlan(seed: number, overrides: Partial<RunPlan> = {}): RunPlan {
  return raftPlan(seed, { name: 'paxos-test', protocol: 'paxos', checks: ['linearizable', 'liveness', ...PAXOS_CHECKS], ...overrides });
}
