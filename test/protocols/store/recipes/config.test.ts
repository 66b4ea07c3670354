import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CONFIG_CONVERGENCE, configConvergence } from '../../../../protocols/store/recipes/config-check.js';
import { HistoryBuilder, PROPERTY_SEED, RUNS, event, expectClean, judge, recipePlan, recipeScheduleArb, s, violationsOf } from './support.js';

const write = (h: HistoryBuilder, data: string, version: number, at: number, result: object = { version }) =>
  h.call('set', { f: 'set', path: '/config', data, version: version - 1, session: 0 }, result, at, at + 0.02);
const read = (h: HistoryBuilder, data: string, version: number, at: number) => h.call('get', { f: 'get', path: '/config', watch: true, session: 0 }, { data, version }, at, at + 0.01);
const roles = [event('config.role', 'c1', 0, { role: 'writer' }), event('config.role', 'c2', 0, { role: 'watcher' }), event('config.role', 'c3', 0, { role: 'watcher' })];
const seen = (client: string, at: number, version: number) => event('config.seen', client, at, { version });

describe('config-convergence on hand-built runs', () => {
  it('passes watchers whose last read is the last write', () => {
    const h = new HistoryBuilder();
    write(h, 'c1.1', 1, 1);
    write(h, 'c1.1 c1.2', 2, 2);
    read(h, 'c1.1 c1.2', 2, 3);
    expect(judge(configConvergence(), [...roles, seen('c2', 1.5, 1), seen('c2', 3, 2), seen('c3', 3.1, 2)], h.ops)).toEqual([]);
  });

  it('finds a watcher stuck on an older version', () => {
    const h = new HistoryBuilder();
    write(h, 'c1.1', 1, 1);
    write(h, 'c1.1 c1.2', 2, 2);
    const v = judge(configConvergence(), [...roles, seen('c2', 3, 2), seen('c3', 1.5, 1)], h.ops);
    expect(v.map((x) => x.check)).toEqual([CONFIG_CONVERGENCE]);
    expect(v[0]!.message).toBe('watcher c3 did not converge: its last read (at 1.500s) was version 1, but the last write (before 2.000s) made version 2');
  });

  it('finds a watcher that never read', () => {
    const h = new HistoryBuilder();
    write(h, 'c1.1', 1, 1);
    expect(judge(configConvergence(), [...roles, seen('c2', 3, 1)], h.ops).map((x) => x.message)).toEqual(['watcher c3 never read /config, whose final version is 1']);
  });

  it('does not judge convergence when the last write left no time to settle', () => {
    const h = new HistoryBuilder();
    write(h, 'c1.1', 1, 18.5);
    expect(judge(configConvergence(), [...roles, seen('c2', 3, 0), seen('c3', 3, 0)], h.ops, 20)).toEqual([]);
  });

  it('finds a watcher reading an older version after a newer one', () => {
    const h = new HistoryBuilder();
    write(h, 'c1.1', 1, 1);
    write(h, 'c1.1 c1.2', 2, 2);
    const v = judge(configConvergence(), [...roles, seen('c2', 2.5, 2), seen('c2', 3, 1), seen('c2', 4, 2), seen('c3', 4, 2)], h.ops);
    expect(v.map((x) => x.message)).toEqual(['c2 read /config version 1 at 3.000s after reading version 2 at 2.500s']);
  });

  it('finds an acknowledged change missing from the final configuration (a lost update)', () => {
    const h = new HistoryBuilder();
    write(h, 'c1.1', 1, 1);
    write(h, 'c2.1', 2, 1.01); // written over c1.1 without compare-and-set
    const v = judge(configConvergence(), [event('config.role', 'c1', 0, { role: 'writer' })], h.ops);
    expect(v.map((x) => x.message)).toEqual(['lost update: the write of change c1.1 was acknowledged (at 1.000s), but the final configuration (version 2) does not list it']);
  });
});

describe('the config recipe on Raft', () => {
  it('converges (and keeps every other check) under random replica and client faults', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2 ** 31 - 1 }), recipeScheduleArb(5, ['n1', 'n2', 'n3'], s(4)), fc.boolean(), (seed, script, zk) => {
        const reads = zk ? { options: { store: { reads: 'zookeeper' } }, consistency: 'zookeeper' as const } : {};
        expectClean(recipePlan('config', seed, { nemesis: { script }, ...reads }));
      }),
      { numRuns: RUNS, seed: PROPERTY_SEED },
    );
  });

  it('C1 (writers without compare-and-set) loses acknowledged changes; the correct recipe does not', () => {
    const plan = recipePlan('config', 2, { mutants: ['C1'] });
    expect(violationsOf(plan, CONFIG_CONVERGENCE).join('\n')).toMatch(/lost update/);
    expectClean({ ...plan, mutants: [] });
  });
});
