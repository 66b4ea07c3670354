import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DISCOVERY_MEMBERSHIP, discoveryMembership } from '../../../../protocols/store/recipes/discovery-check.js';
import type { ScheduledFault } from '../../../../sim/nemesis.js';
import { HistoryBuilder, PROPERTY_SEED, RUNS, event, expectClean, judge, recipePlan, recipeScheduleArb, s, violationsOf } from './support.js';

const roles = [
  event('discovery.role', 'c1', 0, { role: 'member' }),
  event('discovery.role', 'c2', 0, { role: 'member' }),
  event('discovery.role', 'c3', 0, { role: 'observer' }),
];
const view = (client: string, at: number, members: string[]) => event('discovery.view', client, at, { members });
const register = (h: HistoryBuilder, member: string, at: number) =>
  h.call('create', { f: 'create', path: `/services/app/${member}`, data: member, mode: 'ephemeral', session: 0 }, { path: `/services/app/${member}` }, at, at + 0.02);

describe('discovery-membership on hand-built runs', () => {
  it('passes an observer listing exactly the members that mean to be listed', () => {
    const h = new HistoryBuilder();
    register(h, 'c1', 1);
    register(h, 'c2', 1.1);
    h.call('delete', { f: 'delete', path: '/services/app/c2', version: -1, session: 0 }, {}, 5, 5.02);
    const events = [...roles, event('discovery.join', 'c1', 1), event('discovery.join', 'c2', 1.1), event('discovery.leave', 'c2', 5, { how: 'delete' }), view('c3', 2, ['c1', 'c2']), view('c3', 6, ['c1'])];
    expect(judge(discoveryMembership(), events, h.ops)).toEqual([]);
  });

  it('finds a live member missing from the last listing', () => {
    const h = new HistoryBuilder();
    register(h, 'c1', 1);
    h.call('close-session', { session: 12, reason: 'expired' }, {}, 4, 4.1);
    const events = [...roles, event('discovery.join', 'c1', 1), event('discovery.join', 'c2', 1.1), view('c3', 6, ['c1'])];
    const v = judge(discoveryMembership(), events, h.ops);
    expect(v.map((x) => x.check)).toEqual([DISCOVERY_MEMBERSHIP]);
    expect(v[0]!.message).toBe('observer c3 last listed [c1] (at 6.000s), but the live members are [c1, c2]: missing c2 (membership still since 4.000s)');
  });

  it('finds a member that left still listed', () => {
    const events = [...roles, event('discovery.join', 'c1', 1), event('discovery.leave', 'c1', 3, { how: 'close' }), view('c3', 6, ['c1'])];
    expect(judge(discoveryMembership(), events, new HistoryBuilder().ops)[0]!.message).toMatch(/but the live members are \[\]: not live c1/);
  });

  it('finds an observer that never listed the group', () => {
    expect(judge(discoveryMembership(), [...roles, event('discovery.join', 'c1', 1)], new HistoryBuilder().ops)[0]!.message).toBe('observer c3 never listed /services/app; the live members are [c1]');
  });

  it('does not judge a membership that changed too close to the end for sessions to settle', () => {
    const h = new HistoryBuilder().call('close-session', { session: 12, reason: 'expired' }, {}, 18, 18.1);
    expect(judge(discoveryMembership(), [...roles, event('discovery.join', 'c1', 1), view('c3', 6, [])], h.ops, 20)).toEqual([]);
  });
});

describe('the discovery recipe on Raft', () => {
  it('lists exactly the live members once sessions settle (and keeps every other check) under random faults', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2 ** 31 - 1 }), recipeScheduleArb(5, ['n1', 'n2', 'n3'], s(4)), (seed, script) => {
        expectClean(recipePlan('discovery', seed, { nemesis: { script } }));
      }),
      { numRuns: RUNS, seed: PROPERTY_SEED },
    );
  });

  it('D1 (a member does not register again after losing its session) goes missing; the correct recipe does not', () => {
    // Pause each member past its session near the end of the faults, when members no longer leave and rejoin.
    const pauses: ScheduledFault[] = [1, 2, 3].map((i) => ({ at: s(3 + 0.2 * i), fault: { kind: 'pause', node: `c${i}`, resumeAfter: s(1.5) } }));
    const plan = recipePlan('discovery', 1, { mutants: ['D1'], settle: { length: s(5), grace: s(1.5) }, nemesis: { script: pauses } });
    expect(violationsOf(plan, DISCOVERY_MEMBERSHIP).join('\n')).toMatch(/missing c\d/);
    expectClean({ ...plan, mutants: [] });
  });
});
