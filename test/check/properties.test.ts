/**
 * Property tests over random concurrent executions (fast-check), per model:
 * - a history generated from a real execution is linearizable;
 * - the same history with one read's result changed to a value never written is not;
 * - the verdict does not depend on the order in which partitions are searched;
 * - on small histories, the checker agrees with a brute-force search over every order, for both
 *   verdicts (results are perturbed at random so that both occur);
 * - the linearization a linearizable verdict returns replays every result in real-time order;
 * - on larger perturbed histories, splitting into partitions agrees with searching the whole
 *   history as one (the split is what P-compositionality claims it is).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { HistoryEvent, Model } from '../../sim/check/index.js';
import { check, resolveModel } from '../../sim/check/index.js';
import type { OpSpec } from './support/generate.js';
import { casRegisterOp, corruptRead, execute, kvOp, planArb, znodeOp, perturbResults } from './support/generate.js';
import type { RefModel } from './support/reference.js';
import { bruteForce, linearizationError, refCasRegister, refKv, refZnode } from './support/reference.js';

interface Subject {
  readonly model: string;
  readonly ref: RefModel<never>;
  readonly op: fc.Arbitrary<OpSpec>;
  /** Reads whose result can be corrupted, and the never-written value. */
  readonly isRead: (e: HistoryEvent) => boolean;
  readonly bogus: (e: HistoryEvent) => unknown;
  /** A plausible wrong result for a completion, to perturb histories. */
  readonly perturb: (e: HistoryEvent, roll: number) => unknown;
}

const subjects: readonly Subject[] = [
  {
    model: 'cas-register',
    ref: refCasRegister as RefModel<never>,
    op: casRegisterOp,
    isRead: (e) => e.f === 'read',
    bogus: () => 99,
    perturb: (e, roll) => (e.f === 'cas' ? roll % 2 === 0 : e.f === 'read' ? [null, 0, 1, 2][roll % 4] : e.value),
  },
  {
    model: 'kv',
    ref: refKv as RefModel<never>,
    op: kvOp,
    isRead: (e) => e.f === 'get',
    bogus: () => 'never written',
    perturb: (e, roll) => (e.f === 'get' ? ['', 'x', 'y', 'xy', 'yx'][roll % 5] : e.value),
  },
  {
    model: 'znode',
    ref: refZnode as RefModel<never>,
    op: znodeOp,
    isRead: (e) => e.f === 'get' && typeof e.value === 'object' && e.value !== null && 'data' in e.value,
    bogus: (e) => ({ ...(e.value as object), data: 'never written' }),
    perturb: (e, roll) => {
      const options: Record<string, unknown[]> = {
        get: [{ error: 'NoNode' }, { data: 'x', version: 0 }, { data: 'y', version: 1 }, { data: '', version: 0 }],
        create: [{ error: 'NodeExists' }, { error: 'NoNode' }, { path: '/a' }, { path: '/a/s-0000000001' }],
        set: [{ version: 1 }, { error: 'BadVersion' }, { error: 'NoNode' }],
        delete: [{}, { error: 'NoNode' }, { error: 'BadVersion' }, { error: 'NotEmpty' }],
        exists: [{ exists: true, version: 0 }, { exists: false }],
        children: [{ children: [] }, { children: ['a'] }, { children: ['a', 'b'] }, { children: ['b'] }],
      };
      const pool = options[e.f];
      return pool === undefined ? e.value : pool[roll % pool.length];
    },
  },
];

const runs = (n: number): { numRuns: number } => ({ numRuns: n });

/** The model with its partitioning removed: the whole history is one search. */
function whole(name: string): Model {
  const { partition: _unused, ...rest } = resolveModel(name);
  return rest;
}

for (const s of subjects) {
  describe(`${s.model}: random concurrent executions`, () => {
    const plan = planArb(s.op, 40, 5);

    it('are linearizable, and the order the checker returns replays every result', () => {
      fc.assert(
        fc.property(plan, (p) => {
          const events = execute(s.ref, p);
          const result = check(events, { model: s.model });
          expect(result.verdict).toBe('linearizable');
          if (result.verdict === 'linearizable') expect(linearizationError(s.ref, events, result.linearization)).toBeUndefined();
        }),
        runs(300),
      );
    });

    it('are not linearizable once one read returns a value never written', () => {
      fc.assert(
        fc.property(plan, fc.nat(), (p, which) => {
          const events = corruptRead(execute(s.ref, p), which, s.isRead, s.bogus);
          fc.pre(events !== undefined);
          const result = check(events as HistoryEvent[], { model: s.model });
          expect(result.verdict).toBe('not-linearizable');
        }),
        runs(300),
      );
    });

    it('get the same verdict whatever order the partitions are searched in', () => {
      fc.assert(
        fc.property(plan, fc.nat(), fc.boolean(), fc.integer({ min: 1, max: 50 }), (p, which, corrupt, slice) => {
          const base = execute(s.ref, p);
          const events = corrupt ? (corruptRead(base, which, s.isRead, s.bogus) ?? base) : base;
          const a = check(events, { model: s.model });
          const b = check(events, { model: s.model, slice, partitionOrder: (keys) => keys.map((_, i) => keys.length - 1 - i) });
          const c = check(events, {
            model: s.model,
            slice,
            partitionOrder: (keys) => keys.map((_, i) => i).sort((x, y) => ((x * 7919 + which) % 97) - ((y * 7919 + which) % 97)),
          });
          expect(b.verdict).toBe(a.verdict);
          expect(c.verdict).toBe(a.verdict);
        }),
        runs(200),
      );
    });

    it('agree with a brute-force search on small histories, both verdicts', () => {
      const seen = { linearizable: 0, not: 0 };
      fc.assert(
        fc.property(planArb(s.op, 7, 4), fc.array(fc.tuple(fc.nat(), fc.nat())), (p, perturbations) => {
          const events = perturbResults(execute(s.ref, p), perturbations.slice(0, 2), s.perturb);
          const expected = bruteForce(s.ref, events);
          const result = check(events, { model: s.model });
          expect(result.verdict).toBe(expected ? 'linearizable' : 'not-linearizable');
          if (result.verdict === 'linearizable') expect(linearizationError(s.ref, events, result.linearization)).toBeUndefined();
          if (expected) seen.linearizable++;
          else seen.not++;
        }),
        runs(1000),
      );
      expect(seen.linearizable).toBeGreaterThan(100);
      expect(seen.not).toBeGreaterThan(100);
    });

    // Only znode's state is the whole store (kv and register states are one key's): only it can run unsplit.
    if (s.model !== 'znode') return;
    it('get the same verdict split into partitions as searched whole', () => {
      const seen = { linearizable: 0, not: 0 };
      fc.assert(
        fc.property(planArb(s.op, 24, 4), fc.array(fc.tuple(fc.nat(), fc.nat()), { maxLength: 2 }), (p, perturbations) => {
          const events = perturbResults(execute(s.ref, p), perturbations, s.perturb);
          const split = check(events, { model: s.model });
          const one = check(events, { model: whole(s.model) });
          expect(one.partitions).toHaveLength(1);
          expect(split.verdict).toBe(one.verdict);
          if (one.verdict === 'linearizable') seen.linearizable++;
          else seen.not++;
        }),
        runs(500),
      );
      expect(seen.linearizable).toBeGreaterThan(50);
      expect(seen.not).toBeGreaterThan(50);
    });
  });
}
