/** The generic checks every protocol gets, on hand-written replica reports: each must be able to fail. */
import { describe, expect, it } from 'vitest';
import { REPLICA_CHECKS } from '../../sim/checks/index.js';
import type { TraceEvent } from '../../sim/trace.js';
import { trace } from '../viz/events.js';

const state = (t: number, node: string, fields: Record<string, unknown>): [number, string, string, Record<string, unknown>] => [t, 'replica.state', node, { role: 'follower', era: 1, leader: null, commit: 0, applied: 0, last: 0, ...fields }];

function judge(name: string, events: readonly TraceEvent[]): string[] {
  const check = REPLICA_CHECKS[name]!();
  for (const e of events) check.observe(e);
  return check.finish({ history: [], duration: 0, end: 0 }).map((v) => v.message);
}

describe('generic replica checks', () => {
  it('election-safety: two leaders of one era, but not one leader reported twice or leaders of two eras', () => {
    expect(judge('election-safety', trace([state(1, 'n1', { role: 'leader', era: 2 }), state(2, 'n1', { role: 'leader', era: 2 }), state(3, 'n2', { role: 'leader', era: 3 })]))).toEqual([]);
    expect(judge('election-safety', trace([state(1, 'n1', { role: 'leader', era: 2 }), state(2, 'n2', { role: 'leader', era: 2 })]))).toEqual(['two leaders in era 2: n1 and n2']);
  });

  it('state-machine-safety: two replicas applying entries of different eras at one position', () => {
    const agree = trace([
      state(1, 'n1', { full: true, log: { from: 1, eras: [1, 1] }, last: 2, commit: 2, applied: 2 }),
      state(2, 'n2', { full: true, log: { from: 1, eras: [1, 1] }, last: 2, commit: 2, applied: 2 }),
    ]);
    expect(judge('state-machine-safety', agree)).toEqual([]);
    const differ = trace([
      state(1, 'n1', { full: true, log: { from: 1, eras: [1, 1] }, last: 2, commit: 2, applied: 2 }),
      state(2, 'n2', { full: true, log: { from: 1, eras: [1, 2] }, last: 2, commit: 2, applied: 2 }),
    ]);
    expect(judge('state-machine-safety', differ)).toEqual(['n2 applied entry 2 of era 2; another replica applied era 1 there']);
  });

  it('digest-agreement: different digests at one applied position', () => {
    const events = trace([state(1, 'n1', { applied: 3, commit: 3, digest: 'aa' }), state(2, 'n2', { applied: 3, commit: 3, digest: 'aa' }), state(3, 'n3', { applied: 4, commit: 4, digest: 'bb' })]);
    expect(judge('digest-agreement', events)).toEqual([]);
    expect(judge('digest-agreement', [...events, ...trace([state(4, 'n3', { applied: 3, commit: 3, digest: 'cc' })])])).toEqual(["n3's state at position 3 has digest cc; n1's had aa"]);
  });

  it('monotone: positions going back within an incarnation, not across a crash', () => {
    const back = trace([state(1, 'n1', { commit: 5, applied: 5 }), state(2, 'n1', { commit: 4, applied: 4 })]);
    expect(judge('monotone', back)).toEqual(["n1's commit position went back from 5 to 4", "n1's applied position went back from 5 to 4"]);
    const crash = trace([state(1, 'n1', { commit: 5, applied: 5 }), [2, 'node.crash', 'n1'], state(3, 'n1', { commit: 0, applied: 0, full: true })]);
    expect(judge('monotone', crash)).toEqual([]);
    expect(judge('monotone', trace([state(1, 'n1', { commit: 1, applied: 2 })]))).toEqual(['n1 applied 2 beyond its commit position 1']);
  });
});
