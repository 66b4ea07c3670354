import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SINGLE_LEADER, singleLeader } from '../../../../protocols/store/recipes/election-check.js';
import type { ScheduledFault } from '../../../../sim/nemesis.js';
import { HistoryBuilder, PROPERTY_SEED, RUNS, event, expectClean, judge, recipePlan, recipeScheduleArb, s, violationsOf } from './support.js';

const A = '/election/c1.1-0000000000';
const B = '/election/c2.1-0000000001';
const elected = (client: string, at: number, term: number, path: string, session: number) => event('election.elected', client, at, { term, path, session });
/** A publication of `/leader` as the recipe makes it: a multi of a check on the election node and the write. */
const publish = (h: HistoryBuilder, node: string, term: number, version: number, at: number) =>
  h.call(
    'multi',
    {
      f: 'multi',
      ops: [
        { op: 'check', path: node, version: -1 },
        { op: 'set', path: '/leader', data: `t${term} c`, version: -1 },
      ],
      session: 0,
    },
    { results: [{}, { version }] },
    at,
    at + 0.02,
  );

describe('single-leader on hand-built runs', () => {
  it('passes a leader that resigned before the next one was elected', () => {
    const h = new HistoryBuilder().call('delete', { f: 'delete', path: A, version: -1, session: 10 }, {}, 2, 2.02);
    publish(h, A, 0, 1, 1.1);
    publish(h, B, 1, 2, 2.2);
    expect(judge(singleLeader(), [elected('c1', 1, 0, A, 10), elected('c2', 2.1, 1, B, 11)], h.ops)).toEqual([]);
  });

  it('finds two leaders at once', () => {
    const h = new HistoryBuilder().call('close-session', { session: 10, reason: 'expired' }, {}, 3, 3.1);
    const v = judge(singleLeader(), [elected('c1', 1, 0, A, 10), elected('c2', 2, 1, B, 11)], h.ops);
    expect(v.map((x) => x.check)).toEqual([SINGLE_LEADER]);
    expect(v[0]!.message).toMatch(/^two leaders at once: c2 \(term 1\) became leader at 2\.000s while c1 \(term 0, since 1\.000s\) still was: .* could not have gone before 3\.000s$/);
  });

  it('accepts a leader whose session the store expired before its successor was elected', () => {
    const h = new HistoryBuilder().call('close-session', { session: 10, reason: 'expired' }, {}, 1.5, 1.6);
    expect(judge(singleLeader(), [elected('c1', 1, 0, A, 10), elected('c2', 2, 1, B, 11)], h.ops)).toEqual([]);
  });

  it('finds terms going back, and /leader going back to an older term', () => {
    const h = new HistoryBuilder().call('delete', { f: 'delete', path: '/election/c1.1-0000000004', version: -1, session: 10 }, {}, 1.5, 1.52);
    publish(h, B, 4, 1, 1.1);
    h.call('set', { f: 'set', path: '/leader', data: 't2 c2', version: -1, session: 11 }, { version: 2 }, 2.5, 2.52);
    const v = judge(singleLeader(), [elected('c1', 1, 4, '/election/c1.1-0000000004', 10), elected('c2', 2, 2, '/election/c2.1-0000000002', 11)], h.ops);
    expect(v.map((x) => x.message)).toEqual([
      'terms out of order: c2 became leader at 2.000s with term 2, after c1 with term 4 at 1.000s',
      '/leader went back: it accepted term 2 (version 2) after term 4 (version 1): a deposed holder overwrote its successor',
    ]);
  });
});

describe('the election recipe on Raft', () => {
  it('keeps single-leader (and every other check) under random replica and client faults', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2 ** 31 - 1 }), recipeScheduleArb(5, ['n1', 'n2', 'n3'], s(4)), (seed, script) => {
        expectClean(recipePlan('election', seed, { nemesis: { script } }));
      }),
      { numRuns: RUNS, seed: PROPERTY_SEED },
    );
  });

  it('E1 (a leader ignores its lost session and publishes unchecked) overwrites its successor; the correct recipe does not', () => {
    const pauses: ScheduledFault[] = [1, 2, 3, 4].map((i) => ({ at: s(1.2 * i - 0.5), fault: { kind: 'pause', node: `c${i}`, resumeAfter: s(1.8) } }));
    const plans = [1, 2, 3, 4, 5, 6].map((seed) => recipePlan('election', seed, { mutants: ['E1'], duration: s(6), nemesis: { script: pauses } }));
    const failing = plans.find((p) => violationsOf(p, SINGLE_LEADER).some((m) => /overwrote its successor/.test(m)));
    expect(failing, 'no seed of 1..6 caught E1').toBeDefined();
    expectClean({ ...failing!, mutants: [] });
  });
});
