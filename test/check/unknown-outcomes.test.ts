/**
 * Histories with many unknown outcomes (clients timing out): pruning (`Model.prunable`, see
 * `sim/check/models/prune-*.ts`) and the search's normal form for unknown-outcome operations
 * (`sim/check/search/search.ts`) must not change any verdict.
 * - On small random histories where a third of the operations time out, the checker agrees with a
 *   brute-force search over every order, both verdicts, per model, in both consistency modes.
 * - On larger ones, the verdict with pruning equals the verdict without it.
 * - The cases the pruning proofs name, as examples.
 * - Histories shaped like a faulted simulation run (many clients timing out on one key) decide
 *   within the default budget.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { HistoryEvent, Model } from '../../sim/check/index.js';
import { check, resolveModel } from '../../sim/check/index.js';
import type { OpSpec } from './support/generate.js';
import { execute, planArb, znodeOp, perturbResults } from './support/generate.js';
import type { RefModel } from './support/reference.js';
import { bruteForce, linearizationError, refCasRegister, refKv, refZnode } from './support/reference.js';
import { timeoutHistory } from './support/timeouts.js';

// Wider value domains than the other property tests, so that some written values go unread.
const value = fc.constantFrom(null, 0, 1, 2, 3);
const casRegisterOp: fc.Arbitrary<OpSpec> = fc.oneof(
  fc.constant({ f: 'read' }),
  value.map((v) => ({ f: 'write', value: v })),
  fc.tuple(value, value).map(([a, b]) => ({ f: 'cas', value: [a, b] })),
);
const text = fc.constantFrom('', 'x', 'y', 'z', 'xy');
const kvOp: fc.Arbitrary<OpSpec> = fc.oneof(
  fc.constantFrom('a', 'b').map((key) => ({ f: 'get', key })),
  fc.tuple(fc.constantFrom('a', 'b'), text).map(([key, v]) => ({ f: 'put', key, value: v })),
  fc.tuple(fc.constantFrom('a', 'b'), text).map(([key, v]) => ({ f: 'append', key, value: v })),
);

interface Subject {
  readonly model: string;
  readonly ref: RefModel<never>;
  readonly op: fc.Arbitrary<OpSpec>;
  /** A plausible wrong result for a completion, to perturb histories. */
  readonly perturb: (e: HistoryEvent, roll: number) => unknown;
  /** Whether pruning must have happened somewhere in the runs. */
  readonly prunes: boolean;
}

const subjects: readonly Subject[] = [
  {
    model: 'cas-register',
    ref: refCasRegister as RefModel<never>,
    op: casRegisterOp,
    perturb: (e, roll) => (e.f === 'cas' ? roll % 2 === 0 : e.f === 'read' ? [null, 0, 1, 2, 3][roll % 5] : e.value),
    prunes: true,
  },
  {
    model: 'kv',
    ref: refKv as RefModel<never>,
    op: kvOp,
    perturb: (e, roll) => (e.f === 'get' ? ['', 'x', 'y', 'xy', 'yx', 'z'][roll % 6] : e.value),
    prunes: true,
  },
  {
    model: 'znode',
    ref: refZnode as RefModel<never>,
    op: znodeOp,
    perturb: (e, roll) => {
      const options: Record<string, unknown[]> = {
        get: [{ error: 'NoNode' }, { data: 'x', version: 0 }, { data: 'y', version: 1 }],
        create: [{ error: 'NodeExists' }, { error: 'NoNode' }, { path: '/a' }],
        set: [{ version: 1 }, { error: 'BadVersion' }, { error: 'NoNode' }],
        exists: [{ exists: true, version: 0 }, { exists: false }],
      };
      const pool = options[e.f];
      return pool === undefined ? e.value : pool[roll % pool.length];
    },
    prunes: false,
  },
];

/** The model without its pruning hook. */
function unpruned(name: string): Model {
  const { prunable: _unused, ...rest } = resolveModel(name);
  return rest;
}

const INFO = 35;

for (const s of subjects) {
  describe(`${s.model}: many unknown outcomes`, () => {
    for (const consistency of ['linearizable', 'zookeeper'] as const) {
      it(`agree with a brute-force search on small histories, both verdicts (${consistency})`, () => {
        const seen = { linearizable: 0, not: 0, pruned: 0, unknown: 0 };
        fc.assert(
          fc.property(planArb(s.op, 9, 4), fc.array(fc.tuple(fc.nat(), fc.nat()), { maxLength: 2 }), (p, perturbations) => {
            const events = perturbResults(execute(s.ref, p, { info: INFO, zookeeper: consistency === 'zookeeper' }), perturbations, s.perturb);
            const expected = bruteForce(s.ref, events, consistency === 'zookeeper');
            const result = check(events, { model: s.model, consistency });
            expect(result.verdict).toBe(expected ? 'linearizable' : 'not-linearizable');
            if (result.verdict === 'linearizable') expect(linearizationError(s.ref, events, result.linearization, consistency === 'zookeeper')).toBeUndefined();
            if (expected) seen.linearizable++;
            else seen.not++;
            seen.pruned += result.prunedOps;
            seen.unknown += result.unknownOps;
          }),
          { numRuns: 700 },
        );
        expect(seen.linearizable).toBeGreaterThan(70);
        expect(seen.not).toBeGreaterThan(70);
        expect(seen.unknown).toBeGreaterThan(700);
        if (s.prunes) expect(seen.pruned).toBeGreaterThan(50);
      });
    }

    for (const consistency of ['linearizable', 'zookeeper'] as const) {
      it(`get the same verdict with and without pruning on larger histories (${consistency})`, () => {
        const seen = { linearizable: 0, not: 0, pruned: 0 };
        fc.assert(
          fc.property(planArb(s.op, 30, 6), fc.array(fc.tuple(fc.nat(), fc.nat()), { maxLength: 2 }), (p, perturbations) => {
            const events = perturbResults(execute(s.ref, p, { info: INFO, zookeeper: consistency === 'zookeeper' }), perturbations, s.perturb);
            const pruned = check(events, { model: s.model, consistency });
            const whole = check(events, { model: unpruned(s.model), consistency });
            expect(whole.prunedOps).toBeLessThanOrEqual(pruned.prunedOps);
            expect(pruned.verdict).toBe(whole.verdict);
            if (pruned.verdict === 'linearizable') seen.linearizable++;
            else seen.not++;
            seen.pruned += pruned.prunedOps - whole.prunedOps;
          }),
          { numRuns: 300 },
        );
        expect(seen.linearizable).toBeGreaterThan(30);
        expect(seen.not).toBeGreaterThan(30);
        if (s.prunes) expect(seen.pruned).toBeGreaterThan(100);
      });
    }
  });
}

const ev = (process: number, type: HistoryEvent['type'], f: string, value: unknown = null, key = 'k'): HistoryEvent => ({ process, type, f, key, value });
const info = (process: number, f: string, value: unknown, key = 'k'): HistoryEvent[] => [ev(process, 'invoke', f, value, key), ev(process, 'info', f, value, key)];
const done = (process: number, f: string, arg: unknown, result: unknown, key = 'k'): HistoryEvent[] => [ev(process, 'invoke', f, arg, key), ev(process, 'ok', f, result, key)];

describe('pruning, the cases of the proofs', () => {
  const run = (h: HistoryEvent[], model = 'cas-register') => check(h, { model });

  it('drops an unknown write whose value no one observes, keeps one whose value is read', () => {
    expect(run([...info(0, 'write', 5), ...done(1, 'read', null, null)])).toMatchObject({ verdict: 'linearizable', prunedOps: 1 });
    expect(run([...info(0, 'write', 5), ...done(1, 'read', null, 5)])).toMatchObject({ verdict: 'linearizable', prunedOps: 0 });
  });

  it('keeps every unknown writer of an observed value: the read may come from any of them', () => {
    const h = [...info(0, 'write', 5), ...info(1, 'write', 5), ...info(2, 'cas', [7, 5]), ...done(3, 'read', null, 5)];
    expect(run(h)).toMatchObject({ verdict: 'linearizable', prunedOps: 0 });
  });

  it('treats the initial nil like any value: an unknown write of nil goes unless nil is read', () => {
    const base = [...done(0, 'write', 1, 1), ...info(1, 'write', null)];
    expect(run([...base, ...done(2, 'read', null, 1)])).toMatchObject({ verdict: 'linearizable', prunedOps: 1 });
    expect(run([...base, ...done(2, 'read', null, null)])).toMatchObject({ verdict: 'linearizable', prunedOps: 0 });
  });

  it('follows chains of unknown cas: a cas that is kept makes its `from` observed', () => {
    // write 5 → cas [5 7] → read 7: the write is needed through the cas.
    const chain = [...info(0, 'write', 5), ...info(1, 'cas', [5, 7])];
    expect(run([...chain, ...done(2, 'read', null, 7)])).toMatchObject({ verdict: 'linearizable', prunedOps: 0 });
    // Nothing reads 7: the cas goes, and then so does the write (iteration).
    expect(run([...chain, ...done(2, 'read', null, null)])).toMatchObject({ verdict: 'linearizable', prunedOps: 2 });
  });

  it('keeps unknown writers that could make a cas answer "not equal" (an ok with value false)', () => {
    // The cas [nil 1] failed, so something changed nil first: only the unknown write can have.
    const h = [...info(0, 'write', 5), ...done(1, 'cas', [null, 1], false)];
    expect(run(h)).toMatchObject({ verdict: 'linearizable', prunedOps: 0 });
    // Invoked after that cas returned, it cannot have helped: it goes.
    const later = [...done(1, 'cas', [null, 1], false), ...info(0, 'write', 5)];
    expect(run(later)).toMatchObject({ verdict: 'not-linearizable', prunedOps: 1 });
  });

  it('drops an unknown cas that cannot change anything', () => {
    expect(run([...info(0, 'cas', [3, 3]), ...done(1, 'read', null, 3)])).toMatchObject({ verdict: 'not-linearizable', prunedOps: 1 });
  });

  it('kv: drops an unknown append or put whose text no ok get contains', () => {
    const h = [...done(0, 'put', 'ab', 'ab'), ...info(1, 'append', 'zz'), ...info(2, 'put', 'q'), ...info(3, 'append', 'c'), ...done(4, 'get', null, 'abc')];
    expect(run(h, 'kv')).toMatchObject({ verdict: 'linearizable', prunedOps: 2 });
    // `append "c"` stays (it explains the get); dropping `put "q"` with a get of "q…" would be wrong.
    const read = [...info(2, 'put', 'q'), ...info(3, 'append', 'c'), ...done(4, 'get', null, 'qc')];
    expect(run(read, 'kv')).toMatchObject({ verdict: 'linearizable', prunedOps: 0 });
  });

  it('kv: drops unknown empty appends; keeps an unknown put of "" while something is read', () => {
    const h = [...done(0, 'put', 'a', 'a'), ...info(1, 'append', ''), ...info(2, 'put', ''), ...done(3, 'get', null, '')];
    expect(run(h, 'kv')).toMatchObject({ verdict: 'linearizable', prunedOps: 1 });
  });

  it('znode: drops unknown operations that change nothing (sync), nothing else', () => {
    const h: HistoryEvent[] = [
      { process: 0, type: 'invoke', f: 'sync', key: '/a', value: { path: '/a' } },
      { process: 0, type: 'info', f: 'sync', key: '/a', value: { path: '/a' } },
      { process: 1, type: 'invoke', f: 'create', key: '/a', value: { path: '/a', data: 'x' } },
      { process: 1, type: 'info', f: 'create', key: '/a', value: { path: '/a', data: 'x' } },
    ];
    expect(check(h, { model: 'znode' })).toMatchObject({ verdict: 'linearizable', prunedOps: 1 });
  });

  it('ZooKeeper mode: the cross-partition pass searches what the partitions kept, each in its own state', () => {
    // Each key alone is fine; together no order fits (see zookeeper.test.ts). The unknown append
    // goes (nothing reads "zz"), which must not shift the other operations' partitions.
    const h = [
      ...info(9, 'append', 'zz', 'x'),
      ev(0, 'invoke', 'put', '1', 'x'),
      ev(1, 'invoke', 'put', '1', 'y'),
      ev(0, 'ok', 'put', '1', 'x'),
      ev(1, 'ok', 'put', '1', 'y'),
      ev(0, 'invoke', 'get', null, 'y'),
      ev(1, 'invoke', 'get', null, 'x'),
      ev(0, 'ok', 'get', '', 'y'),
      ev(1, 'ok', 'get', '', 'x'),
    ];
    const result = check(h, { model: 'kv', consistency: 'zookeeper' });
    expect(result).toMatchObject({ verdict: 'not-linearizable', prunedOps: 1 });
    expect(result.partitions.map((p) => [p.key, p.verdict])).toEqual([
      ['x', 'linearizable'],
      ['y', 'linearizable'],
      ['*', 'not-linearizable'],
    ]);
  });

  it('reports pruned operations per partition', () => {
    const h = [...info(0, 'write', 5, 'x'), ...done(1, 'read', null, null, 'x'), ...done(2, 'write', 1, 1, 'y')];
    expect(run(h).partitions.map((p) => [p.key, p.ops, p.prunedOps])).toEqual([
      ['x', 2, 1],
      ['y', 1, 0],
    ]);
  });
});

describe('histories shaped like a faulted run: many clients timing out on one key', () => {
  it('decide within the default budget', () => {
    for (let seed = 1; seed <= 12; seed++) {
      const h = timeoutHistory({ seed });
      const result = check(h, { model: 'cas-register' });
      expect(result.unknownOps).toBeGreaterThan(120);
      expect(result.verdict).toBe('linearizable');
      expect(result.steps).toBeLessThan(1_000_000);
    }
  });

  it('decide a stale read right after the partition heals (a violation)', () => {
    // Every value 0…4 has unknown writers, so the stale value is one that nothing else writes.
    for (let seed = 1; seed <= 6; seed++) {
      const h = timeoutHistory({ seed, ops: 120, partitioned: 120 });
      const tail = [...done(900, 'write', 7, 7), ...done(901, 'read', null, 7), ...done(900, 'write', 8, 8), ...done(901, 'read', null, 7)];
      expect(check([...h, ...tail], { model: 'cas-register' }).verdict).toBe('not-linearizable');
      expect(check([...h, ...tail.slice(0, 6)], { model: 'cas-register' }).verdict).toBe('linearizable');
    }
  });
});
