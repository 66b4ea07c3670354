/**
 * Workloads that bring checks and mutants of their own (the store recipes): the loader offers them
 * by default and validates them, clients can be paused, and a run refuses a trace level that would
 * leave a trace-fed check blind.
 */
import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../scenarios/load.js';
import { SimConfigError } from '../../sim/errors.js';
import { run } from '../../scenarios/run.js';
import { rejection } from '../support/rejection.js';

const lock = `protocol: raft
workload: { kind: lock, clients: 3 }
`;

const error = rejection;

describe('workload checks and mutants in scenario files', () => {
  it('runs every check the protocol and the workload offer by default', () => {
    const plan = parseScenario(lock, 'lock.yaml');
    expect(plan.checks).toEqual(['linearizable', 'liveness', 'election-safety', 'state-machine-safety', 'digest-agreement', 'monotone', 'log-matching', 'leader-completeness', 'lock-safety']);
    expect(parseScenario('protocol: raft\n', 'znode.yaml').checks).not.toContain('lock-safety');
  });

  it('names the workload when a check or mutant is unknown to the pair', () => {
    expect(error(`${lock}checks: [lock-safety, single-leader]\n`)).toMatch(/^bad\.yaml:3: checks\[1\]: unknown check 'single-leader' for protocol 'raft' with workload 'lock' \(expected linearizable, .*, lock-safety\)$/);
    expect(error(`${lock}mutants: [E1]\n`)).toBe("bad.yaml:3: mutants[0]: protocol 'raft' with workload 'lock' has no mutant 'E1' (expected one of R1, R2, R4, R5, R6, R7, R8, R9, S1, S2, L1, L2, L3)");
    expect(parseScenario(`${lock}mutants: [L1, S1]\n`, 'lock.yaml').mutants).toEqual(['L1', 'S1']);
    expect(error(`${lock}mutants: [L1, R3]\n`)).toBe("bad.yaml:3: mutants[1]: 'R3' is the store's mutant 'S1' now (the leader serves reads from its local state, without a read barrier); write S1");
  });

  it('lets a scenario pause a client, but not crash one', () => {
    const plan = parseScenario(`${lock}nemesis:\n  - { at: 1s, pause: c2, resume-after: 2s }\n`, 'lock.yaml');
    expect(plan.nemesis.script[0]!.fault).toEqual({ kind: 'pause', node: 'c2', resumeAfter: 2_000_000 });
    expect(error(`${lock}nemesis:\n  - { at: 1s, crash: c2 }\n`)).toBe("bad.yaml:4: nemesis[0].crash: unknown node 'c2' (this scenario has replicas n1..n3; targets may also be leader, follower or random)");
  });

  it('refuses trace level none when a check reads the trace', () => {
    const plan = parseScenario(`${lock}duration: 1s\n`, 'lock.yaml');
    expect(() => run({ ...plan, trace: 'none' })).toThrow(SimConfigError);
    expect(() => run({ ...plan, trace: 'none' })).toThrow("trace: check 'election-safety' reads the trace, which level 'none' does not record (use state or higher, or leave the check out)");
    expect(() => run({ ...plan, checks: ['lock-safety'], trace: 'none' })).toThrow("trace: check 'lock-safety' reads the trace");
    expect(run({ ...plan, checks: ['linearizable'], trace: 'none' }).verdict).toBe('ok');
  });
});
