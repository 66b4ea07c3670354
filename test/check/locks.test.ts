/**
 * The znode model's lookahead (`sim/check/models/znode/lookahead.ts`) on histories shaped like the
 * lock recipe under faults: ephemeral sequential creates and deletes that time out, stale
 * `children` and `exists` reads, expiring sessions (see `support/locks.ts`).
 * - Small ones agree with a brute-force search over every order, both verdicts, both modes.
 * - Larger ones decide within a small budget where the search without the lookahead ran out.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { check } from '../../sim/check/index.js';
import { lockHistory, perturbLock } from './support/locks.js';
import type { RefModel } from './support/reference.js';
import { bruteForce, linearizationError, refZnode } from './support/reference.js';

const ref = refZnode as RefModel<never>;

describe('lock-recipe histories', () => {
  for (const consistency of ['zookeeper', 'linearizable'] as const) {
    it(`agree with a brute-force search on small ones, both verdicts (${consistency})`, () => {
      const seen = { linearizable: 0, not: 0, unknown: 0 };
      fc.assert(
        fc.property(fc.integer({ min: 1, max: 1 << 30 }), fc.integer({ min: 2, max: 3 }), fc.option(fc.tuple(fc.nat(), fc.nat()), { freq: 2 }), (seed, clients, change) => {
          const base = lockHistory({ seed, ops: 10, clients, timeouts: 35, expiries: 4 });
          const events = change === null ? base : (perturbLock(base, change[0], change[1]) ?? base);
          const zookeeper = consistency === 'zookeeper';
          const expected = bruteForce(ref, events, zookeeper);
          const result = check(events, { model: 'znode', consistency });
          expect(result.verdict).toBe(expected ? 'linearizable' : 'not-linearizable');
          if (result.verdict === 'linearizable') expect(linearizationError(ref, events, result.linearization, zookeeper)).toBeUndefined();
          if (expected) seen.linearizable++;
          else seen.not++;
          seen.unknown += result.unknownOps;
        }),
        { numRuns: 500 },
      );
      expect(seen.linearizable).toBeGreaterThan(100);
      expect(seen.not).toBeGreaterThan(50);
      expect(seen.unknown).toBeGreaterThan(500);
    });
  }

  // Timed-out creates and deletes that take effect late, and stale reads from fresh processes:
  // before the lookahead each of these was still `unknown` after the default 20,000,000 steps
  // (34-55 s each); now 1,056 / 3,362 / 3,814 / 3,001 steps.
  it('decide within a small budget where the plain search ran out (linearizable)', () => {
    for (const [ops, seed] of [
      [150, 4],
      [300, 2],
      [300, 4],
      [300, 5],
    ] as const) {
      const events = lockHistory({ seed, ops, timeouts: 30 });
      const result = check(events, { model: 'znode', consistency: 'zookeeper', budget: 20_000 });
      expect(result.unknownOps).toBeGreaterThan(40);
      expect(result.verdict).toBe('linearizable');
      if (result.verdict === 'linearizable') expect(linearizationError(ref, events, result.linearization, true)).toBeUndefined();
    }
  });

  // One answer changed: before, `unknown` after 2,000,000 steps; with the default budget the
  // first was still `unknown` after 20,000,000 steps (38 s), the second took 5,789,202 (9 s); now
  // 1,405 and 2,266 steps.
  it('decide within a small budget where the plain search ran out (a violation)', () => {
    for (const [ops, seed, which] of [
      [150, 4, 90],
      [300, 2, 60],
    ] as const) {
      const events = perturbLock(lockHistory({ seed, ops, timeouts: 30 }), which, which + seed);
      expect(events).toBeDefined();
      expect(check(events ?? [], { model: 'znode', consistency: 'zookeeper', budget: 20_000 }).verdict).toBe('not-linearizable');
    }
  });
});
