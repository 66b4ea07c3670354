import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { KEY_ROTATION, keyRotation } from '../../../../protocols/store/recipes/keys-check.js';
import { HistoryBuilder, PROPERTY_SEED, RUNS, event, expectClean, judge, recipePlan, recipeScheduleArb, s, violationsOf } from './support.js';

const K = '/keys/k0';
const rotate = (h: HistoryBuilder, data: string, version: number, at: number) => h.call('set', { f: 'set', path: K, data, version: version - 1, session: 0 }, { version }, at, at + 0.02);
const read = (h: HistoryBuilder, data: string, version: number, at: number) => h.call('get', { f: 'get', path: K, session: 0 }, { data, version }, at, at + 0.01);
const seen = (client: string, at: number, generation: number) => event('keys.seen', client, at, { key: K, generation, version: generation });

describe('key-rotation on hand-built runs', () => {
  it('passes rotations that each replace the key they were derived from', () => {
    const h = new HistoryBuilder();
    read(h, 'g0 initial', 0, 0.5);
    rotate(h, 'g1 c1.1', 1, 1);
    rotate(h, 'g2 c2.1', 2, 2);
    read(h, 'g2 c2.1', 2, 3);
    expect(judge(keyRotation(), [seen('c1', 0.5, 0), seen('c1', 1, 1), seen('c2', 3, 2)], h.ops)).toEqual([]);
  });

  it('finds two acknowledged rotations of the same generation', () => {
    const h = new HistoryBuilder();
    rotate(h, 'g1 c1.1', 1, 1);
    rotate(h, 'g1 c2.1', 2, 1.01); // both derived from generation 0: the second wrote blindly
    const v = judge(keyRotation(), [], h.ops);
    expect(v.map((x) => x.check)).toEqual([KEY_ROTATION, KEY_ROTATION]);
    expect(v.map((x) => x.message)).toEqual([
      "/keys/k0 generation 1 has two keys: 'c1.1' (seen at 1.000s) and 'c2.1' (at 1.010s)",
      '/keys/k0 version 2 holds generation 1: a rotation did not replace the key it was derived from',
    ]);
  });

  it('finds a client seeing a key go back to an older generation', () => {
    const v = judge(keyRotation(), [seen('c1', 1, 3), seen('c1', 2, 2), seen('c2', 1, 1)], new HistoryBuilder().ops);
    expect(v.map((x) => x.message)).toEqual(['c1 saw /keys/k0 go back from generation 3 (at 1.000s) to 2 (at 2.000s)']);
  });
});

describe('the keys recipe on Raft', () => {
  it('keeps key-rotation (and every other check) under random replica and client faults, in both read modes', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2 ** 31 - 1 }), recipeScheduleArb(5, ['n1', 'n2', 'n3'], s(4)), fc.boolean(), (seed, script, zk) => {
        const reads = zk ? { options: { store: { reads: 'zookeeper' } }, consistency: 'zookeeper' as const } : {};
        expectClean(recipePlan('keys', seed, { nemesis: { script }, ...reads }));
      }),
      { numRuns: RUNS, seed: PROPERTY_SEED },
    );
  });

  it('KR1 (blind rotations) gives one generation two keys; the correct recipe does not', () => {
    const plan = recipePlan('keys', 1, { mutants: ['KR1'] });
    expect(violationsOf(plan, KEY_ROTATION).join('\n')).toMatch(/has two keys/);
    expectClean({ ...plan, mutants: [] });
  });
});
