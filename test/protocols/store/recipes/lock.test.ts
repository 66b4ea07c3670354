import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LOCK_SAFETY, lockSafety } from '../../../../protocols/store/recipes/lock-check.js';
import type { ScheduledFault } from '../../../../sim/nemesis.js';
import { HistoryBuilder, PROPERTY_SEED, RUNS, event, expectClean, judge, recipePlan, recipeScheduleArb, s, violationsOf } from './support.js';

const A = '/lock/c1.1-0000000001';
const B = '/lock/c2.1-0000000002';
const acquired = (client: string, at: number, token: number, path: string, session: number) => event('lock.acquired', client, at, { token, path, session });
const released = (h: HistoryBuilder, path: string, from: number) => h.call('delete', { f: 'delete', path, version: -1, session: 0 }, {}, from, from + 0.02);
const fenced = (h: HistoryBuilder, token: number, version: number, at: number) =>
  h.call('set', { f: 'set', path: '/fenced', data: `t${token}`, version: version - 1, session: 0 }, { version }, at, at + 0.02);

describe('lock-safety on hand-built runs', () => {
  it('passes one holder after another, the resource fenced in order', () => {
    const h = new HistoryBuilder();
    released(h, A, 1.5);
    fenced(h, 1, 1, 1.1);
    fenced(h, 2, 2, 1.7);
    expect(judge(lockSafety(), [acquired('c1', 1, 1, A, 10), acquired('c2', 1.6, 2, B, 11)], h.ops)).toEqual([]);
  });

  it('finds two holders when the second learned it was first before the first node could have gone', () => {
    const h = new HistoryBuilder();
    released(h, A, 1.5);
    const v = judge(lockSafety(), [acquired('c1', 1, 1, A, 10), acquired('c2', 1.4, 2, B, 11)], h.ops);
    expect(v.map((x) => x.check)).toEqual([LOCK_SAFETY]);
    expect(v[0]!.message).toMatch(/two lock holders at once: c2 \(token 2\) became lock holder at 1\.400s while c1 \(token 1, since 1\.000s\)/);
  });

  it('finds a holder whose node was never deleted and whose session never ended', () => {
    const v = judge(lockSafety(), [acquired('c1', 1, 1, A, 10), acquired('c2', 5, 2, B, 11)], new HistoryBuilder().ops);
    expect(v[0]!.message).toMatch(/was never deleted and its session never ended/);
  });

  it('lets a paused holder go on believing once the store expired its session: that is what fencing is for', () => {
    const h = new HistoryBuilder()
      .call('close-session', { session: 10, reason: 'expired' }, {}, 2, 2.05)
      .call('delete', { f: 'delete', path: A, version: -1, session: 10 }, { error: 'SessionExpired' }, 3, 3.02);
    fenced(h, 1, 1, 1.1);
    fenced(h, 2, 2, 2.2);
    const events = [acquired('c1', 1, 1, A, 10), acquired('c2', 2.1, 2, B, 11), event('lock.released', 'c1', 3.02, { token: 1 })];
    expect(judge(lockSafety(), events, h.ops)).toEqual([]);
  });

  it('does not count a hold its holder learned of after its session was already on the way out', () => {
    // c2's answer arrived after the leader proposed its expiry: stale news, not a second holder.
    const h = new HistoryBuilder().open('close-session', { session: 11, reason: 'expired' }, 1.1);
    expect(judge(lockSafety(), [acquired('c1', 0.5, 1, A, 10), acquired('c2', 1.2, 2, B, 11)], h.ops)).toEqual([]);
  });

  it('finds tokens out of order', () => {
    const h = new HistoryBuilder();
    released(h, '/lock/c1.1-0000000005', 1.2);
    const v = judge(lockSafety(), [acquired('c1', 1, 5, '/lock/c1.1-0000000005', 10), acquired('c2', 1.5, 3, '/lock/c2.1-0000000003', 11)], h.ops);
    expect(v.map((x) => x.message)).toEqual(['tokens out of order: c2 became lock holder at 1.500s with token 3, after c1 with token 5 at 1.000s']);
  });

  it('finds the resource taking an older token after a newer one, in version order, from writes and reads', () => {
    const h = new HistoryBuilder();
    fenced(h, 7, 1, 1);
    h.call('get', { f: 'get', path: '/fenced', session: 0 }, { data: 't4', version: 2 }, 3, 3.01);
    const v = judge(lockSafety(), [], h.ops);
    expect(v.map((x) => x.message)).toEqual(['/fenced went back: it accepted token 4 (version 2) after token 7 (version 1): the fence failed']);
  });
});

describe('the lock recipe on Raft', () => {
  it('keeps lock-safety (and every other check) under random replica and client faults', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2 ** 31 - 1 }), recipeScheduleArb(5, ['n1', 'n2', 'n3'], s(4)), (seed, script) => {
        expectClean(recipePlan('lock', seed, { nemesis: { script } }));
      }),
      { numRuns: RUNS, seed: PROPERTY_SEED },
    );
  });

  it('L1 (takes the lock when its predecessor goes) has two holders at once, with no fault at all', () => {
    const plan = recipePlan('lock', 1, { mutants: ['L1'], network: { latency: { kind: 'uniform', min: 1_000, max: 8_000 } } });
    expect(violationsOf(plan, LOCK_SAFETY).join('\n')).toMatch(/two lock holders at once/);
    expectClean({ ...plan, mutants: [] });
  });

  it('L2 (orders the queue by name) has two holders at once and tokens out of order', () => {
    const plan = recipePlan('lock', 1, { mutants: ['L2'] });
    const found = violationsOf(plan, LOCK_SAFETY).join('\n');
    expect(found).toMatch(/two lock holders at once/);
    expect(found).toMatch(/tokens out of order/);
    expectClean({ ...plan, mutants: [] });
  });

  it('L3 (trusts its belief after a pause, writes unfenced) breaks the resource; the correct recipe does not', () => {
    const pauses: ScheduledFault[] = [1, 2, 3, 4, 5].map((i) => ({ at: s(0.5 + 0.6 * i), fault: { kind: 'pause', node: `c${i}`, resumeAfter: s(1.8) } }));
    // Whether a pause catches a holder mid-section depends on the seed: some of the first few do.
    const plans = [1, 2, 3, 4, 5, 6].map((seed) => recipePlan('lock', seed, { mutants: ['L3'], duration: s(6), nemesis: { script: pauses } }));
    const failing = plans.find((p) => violationsOf(p, LOCK_SAFETY).some((m) => /the fence failed/.test(m)));
    expect(failing, 'no seed of 1..6 caught L3').toBeDefined();
    expectClean({ ...failing!, mutants: [] });
  });
});
