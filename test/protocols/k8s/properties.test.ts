/**
 * Random clusters, workloads and faults keep every invariant of the control plane and of the store
 * under it, on every protocol that orders the store, and the store's history (the control plane's
 * traffic) stays linearizable. A failure prints the plan, which replays it. More runs in
 * test/soak/k8s.test.ts.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { planArb, runPlan } from './plans.js';

const UNTIL = 25_000_000;
const SETTLE = 25_000_000;

describe('the control plane under random faults', () => {
  for (const [protocol, runs] of [
    ['raft', 24],
    ['zab', 12],
    ['paxos', 12],
  ] as const) {
    it(`keeps every invariant on ${protocol}`, () => {
      fc.assert(
        fc.property(planArb({ maxFaults: 6, until: UNTIL, protocols: [protocol] }), (plan) => {
          expect(runPlan(plan, UNTIL, SETTLE)).toEqual([]);
        }),
        { numRuns: runs },
      );
    });
  }
});
