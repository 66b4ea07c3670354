/**
 * The control plane's long randomized suite (`npm run soak`): many more random clusters, workloads
 * and fault scripts than `npm test` runs, with more faults and longer runs. Unseeded: every soak
 * explores new cases; a failure prints its seed and plan, which replay it.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { planArb, runPlan } from '../protocols/k8s/plans.js';

const RUNS = Number(process.env.K8S_SOAK_RUNS ?? 400);

describe('soak: the control plane under random faults', () => {
  it('keeps every invariant over many random runs', () => {
    fc.assert(
      fc.property(planArb({ maxFaults: 12, until: 40_000_000, protocols: ['raft', 'zab', 'paxos'] }), (plan) => {
        expect(runPlan(plan, 40_000_000, 30_000_000)).toEqual([]);
      }),
      { numRuns: RUNS },
    );
  });
});
