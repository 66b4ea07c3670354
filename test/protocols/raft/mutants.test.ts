/**
 * Each Raft mutant (and each of the store's) against the schedule that exposes it: the correct Raft passes the schedule, the
 * mutant fails it, by the invariant or linearizability check named.
 */
import { describe, expect, it } from 'vitest';
import * as schedules from './schedules.js';

const EXPECTED: Record<string, RegExp> = {
  R1: /state-machine-safety[\s\S]*linearizability/,
  R2: /election-safety/,
  R4: /linearizability/,
  R5: /linearizability/,
  R6: /linearizability/,
  R7: /leader-completeness/,
  R8: /leader-completeness/,
  R9: /leader-completeness[\s\S]*linearizability/,
  // The store's own bugs, exposed through a Raft cluster.
  S1: /linearizability/,
  S2: /linearizability/,
};

for (const [name, expected] of Object.entries(EXPECTED)) {
  const schedule = (schedules as unknown as Record<string, schedules.Schedule>)[name]!;
  describe(name, () => {
    it('the correct Raft passes', () => {
      expect(schedule([]).problems()).toEqual([]);
    });
    it(`the mutant fails (${expected.source})`, () => {
      expect(schedule([name]).problems().join('\n')).toMatch(expected);
    });
  });
}
