/**
 * Each Multi-Paxos mutant against the schedule that exposes it: the correct Paxos passes the
 * schedule, the mutant fails it, by the checks named.
 */
import { describe, expect, it } from 'vitest';
import * as schedules from './schedules.js';

const EXPECTED: Record<string, RegExp> = {
  P1: /one-value-per-slot[\s\S]*promises-monotone/,
  P2: /one-value-per-slot[\s\S]*linearizability/,
  P3: /one-value-per-slot[\s\S]*linearizability/,
  P4: /one-value-per-slot[\s\S]*linearizability/,
};

for (const [name, expected] of Object.entries(EXPECTED)) {
  const schedule = (schedules as unknown as Record<string, schedules.Schedule>)[name]!;
  describe(name, () => {
    it('the correct Paxos passes', () => {
      expect(schedule([]).problems()).toEqual([]);
    });
    it(`the mutant fails (${expected.source})`, () => {
      expect(schedule([name]).problems().join('\n')).toMatch(expected);
    });
  });
}
