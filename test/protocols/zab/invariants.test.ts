/**
 * ZAB's own checks (protocols/zab/invariants.ts) on hand-made traces: each one passes a history
 * that keeps its property and reports one that breaks it.
 */
import { describe, expect, it } from 'vitest';
import { ZAB_CHECKS } from '../../../protocols/zab/invariants.js';
import type { TraceEvent } from '../../../sim/trace.js';

let seq = 0;

interface Report {
  readonly role?: 'leader' | 'candidate' | 'follower';
  readonly era?: number;
  readonly commit?: number;
  /** The txns of the log from position `from` (1 by default: a first, full report). */
  readonly ids?: readonly string[];
  readonly from?: number;
  readonly full?: boolean;
  readonly accepted?: number;
  readonly current?: number;
}

/** A `replica.state` event with ZAB's fields. */
function state(node: string, t: number, r: Report): TraceEvent {
  const full = r.full ?? r.from === undefined;
  const from = r.from ?? 1;
  const ids = r.ids;
  const eras = ids?.map((id) => Number(id.slice(0, id.indexOf('.'))));
  const last = ids === undefined ? undefined : from - 1 + ids.length;
  return {
    seq: seq++,
    t,
    kind: 'replica.state',
    node,
    role: r.role ?? 'follower',
    era: r.era ?? 1,
    leader: null,
    commit: r.commit ?? 0,
    applied: r.commit ?? 0,
    last: last ?? 0,
    ...(full ? { full: true, snap: { index: 0, era: 0 } } : {}),
    ...(ids === undefined ? {} : { log: { from, eras }, txns: { from, ids, ...(full ? { base: '0.0' } : {}) } }),
    acceptedEpoch: r.accepted ?? 1,
    currentEpoch: r.current ?? 1,
  };
}

function check(name: string, events: readonly TraceEvent[]): string[] {
  const c = ZAB_CHECKS[name]!();
  for (const e of events) c.observe(e);
  return c.finish({ history: [], duration: 0, end: 0 }).map((v) => v.message);
}

const LEADER = (node: string, era: number, ids: readonly string[], commit: number): TraceEvent => state(node, 1, { role: 'leader', era, ids, commit });

describe('prefix-consistency', () => {
  it('holds when delivered positions agree, and reports two txns delivered at one position', () => {
    const ok = [state('n1', 1, { ids: ['1.1@n3', '1.2@n3'], commit: 2 }), state('n2', 2, { ids: ['1.1@n3'], commit: 1 })];
    expect(check('prefix-consistency', ok)).toEqual([]);
    const bad = [...ok, state('n3', 3, { ids: ['1.1@n3', '2.1@n3'], commit: 2 })];
    expect(check('prefix-consistency', bad)).toEqual(['n3 delivered 2.1@n3 at position 2, where 1.2@n3 was delivered']);
  });
});

describe('integrity', () => {
  it('a delivered txn must come from a leader established in its epoch', () => {
    expect(check('integrity', [LEADER('n3', 1, ['1.1@n3'], 1)])).toEqual([]);
    expect(check('integrity', [state('n1', 1, { ids: ['1.1@n3'], commit: 1 })])).toEqual(['n1 delivered 1.1@n3 at position 1, but n3 was never an established leader of epoch 1']);
  });
});

describe('primary-order', () => {
  it('zxids grow along the delivered order, consecutively within an epoch, from 1 in a new one', () => {
    expect(check('primary-order', [state('n1', 1, { ids: ['1.1@n3', '1.2@n3', '3.1@n2'], commit: 3 })])).toEqual([]);
    expect(check('primary-order', [state('n1', 1, { ids: ['1.1@n3', '1.3@n3'], commit: 2 })])).toEqual(['1.3@n3 is delivered at position 2, right after 1.1@n3']);
    expect(check('primary-order', [state('n1', 1, { ids: ['2.1@n3', '1.5@n3'], commit: 2 })])).toHaveLength(1);
    expect(check('primary-order', [state('n1', 1, { ids: ['1.1@n3', '2.2@n1'], commit: 2 })])).toHaveLength(1);
  });
});

describe('primary-integrity', () => {
  it('an established leader holds every txn of an earlier epoch delivered anywhere', () => {
    const delivered = state('n1', 1, { ids: ['1.1@n3', '1.2@n3'], commit: 2 });
    expect(check('primary-integrity', [delivered, LEADER('n2', 2, ['1.1@n3', '1.2@n3'], 2)])).toEqual([]);
    expect(check('primary-integrity', [delivered, LEADER('n2', 2, ['1.1@n3'], 1)])).toEqual(['n2 leads epoch 2 without 1.2@n3, delivered at position 2 (it has nothing there)']);
  });
});

describe('accepted-epoch', () => {
  it('acceptedEpoch never below currentEpoch', () => {
    expect(check('accepted-epoch', [state('n1', 1, { accepted: 2, current: 2 })])).toEqual([]);
    expect(check('accepted-epoch', [state('n1', 1, { accepted: 1, current: 2 })])).toEqual(["n1's acceptedEpoch 1 is below its currentEpoch 2"]);
  });
});

describe('committed-kept', () => {
  it('a TRUNC may drop txns the server never delivered, not ones it did; a crash is no TRUNC', () => {
    const start = state('n1', 1, { ids: ['1.1@n3', '1.2@n3', '1.3@n3'], commit: 1 });
    const truncUndelivered = state('n1', 2, { from: 3, ids: [], commit: 1 });
    expect(check('committed-kept', [start, truncUndelivered])).toEqual([]);
    const truncDelivered = state('n1', 2, { from: 2, ids: ['2.1@n2'], commit: 1 });
    expect(check('committed-kept', [state('n1', 1, { ids: ['1.1@n3', '1.2@n3'], commit: 2 }), truncDelivered])).toEqual(['n1 replaced by 2.1@n2 1.2@n3, which it had delivered at position 2']);
    const crash: TraceEvent = { seq: seq++, t: 2, kind: 'node.crash', node: 'n1' };
    const restarted = state('n1', 3, { ids: ['1.1@n3'], commit: 0 });
    expect(check('committed-kept', [state('n1', 1, { ids: ['1.1@n3', '1.2@n3'], commit: 2 }), crash, restarted])).toEqual([]);
  });
});
