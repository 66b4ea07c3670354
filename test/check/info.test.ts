/**
 * Unknown outcomes (`info`, or no completion): the operation may take effect at any time after its
 * invocation, or never. The three cases the issue names, plus `fail` (did not happen).
 */
import { describe, expect, it } from 'vitest';
import type { HistoryEvent } from '../../sim/check/index.js';
import { check } from '../../sim/check/index.js';

const e = (process: number, type: HistoryEvent['type'], f: string, value: unknown = null): HistoryEvent => ({ process, type, f, value });
const verdict = (h: HistoryEvent[]): string => check(h, { model: 'cas-register' }).verdict;

describe('an info write', () => {
  it('that must have happened: a later read sees its value, and nothing else wrote it', () => {
    const h = [e(0, 'invoke', 'write', 1), e(0, 'info', 'write', 1), e(1, 'invoke', 'read'), e(1, 'ok', 'read', 1)];
    expect(verdict(h)).toBe('linearizable');
    // The same read with the write failed (did not happen) cannot be explained.
    expect(verdict([e(0, 'invoke', 'write', 1), e(0, 'fail', 'write', 1), ...h.slice(2)])).toBe('not-linearizable');
  });

  it('that must have happened, and before a cas that succeeded on its value', () => {
    const h = [e(0, 'invoke', 'write', 1), e(1, 'invoke', 'cas', [1, 2]), e(1, 'ok', 'cas', [1, 2]), e(2, 'invoke', 'read'), e(2, 'ok', 'read', 2)];
    expect(verdict(h)).toBe('linearizable');
  });

  it('that must not have happened (yet): every later read sees the old value', () => {
    const h = [
      e(0, 'invoke', 'write', 0),
      e(0, 'ok', 'write', 0),
      e(1, 'invoke', 'write', 1),
      e(1, 'info', 'write', 1),
      e(2, 'invoke', 'read'),
      e(2, 'ok', 'read', 0),
      e(2, 'invoke', 'cas', [0, 3]),
      e(2, 'ok', 'cas', [0, 3]),
      e(2, 'invoke', 'read'),
      e(2, 'ok', 'read', 3),
    ];
    expect(verdict(h)).toBe('linearizable');
  });

  it('that may have happened: either answer of a later read is fine, but it cannot be undone', () => {
    const base = [e(0, 'invoke', 'write', 1), e(0, 'info', 'write', 1)];
    expect(verdict([...base, e(1, 'invoke', 'read'), e(1, 'ok', 'read', 1)])).toBe('linearizable');
    expect(verdict([...base, e(1, 'invoke', 'read'), e(1, 'ok', 'read', null)])).toBe('linearizable');
    // Seen, then unseen: it happened once and there is no second write to explain the old value.
    const flip = [...base, e(1, 'invoke', 'read'), e(1, 'ok', 'read', 1), e(1, 'invoke', 'read'), e(1, 'ok', 'read', null)];
    expect(verdict(flip)).toBe('not-linearizable');
  });

  it('cannot take effect before it was invoked', () => {
    const h = [e(1, 'invoke', 'read'), e(1, 'ok', 'read', 1), e(0, 'invoke', 'write', 1), e(0, 'info', 'write', 1)];
    expect(verdict(h)).toBe('not-linearizable');
  });

  it('is the same as an invocation that never completed', () => {
    const h = [e(0, 'invoke', 'write', 1), e(1, 'invoke', 'read'), e(1, 'ok', 'read', 1)];
    expect(verdict(h)).toBe('linearizable');
    expect(check(h, { model: 'cas-register' })).toMatchObject({ ops: 2, unknownOps: 1 });
  });
});

describe('interchangeable unknown outcomes', () => {
  it('several identical info writes may take effect in any number', () => {
    const h: HistoryEvent[] = [];
    for (let p = 0; p < 12; p++) h.push(e(p, 'invoke', 'write', p % 2), e(p, 'info', 'write', p % 2));
    h.push(e(99, 'invoke', 'read'), e(99, 'ok', 'read', 0), e(99, 'invoke', 'read'), e(99, 'ok', 'read', 1), e(99, 'invoke', 'read'), e(99, 'ok', 'read', 0));
    expect(verdict(h)).toBe('linearizable');
    h.push(e(99, 'invoke', 'read'), e(99, 'ok', 'read', 5));
    expect(verdict(h)).toBe('not-linearizable');
  });
});

describe('fail', () => {
  it('drops the operation: a failed cas tells nothing, a failed write did not happen', () => {
    const h = [e(0, 'invoke', 'cas', [null, 1]), e(0, 'fail', 'cas', [null, 1]), e(1, 'invoke', 'read'), e(1, 'ok', 'read', null)];
    expect(check(h, { model: 'cas-register' })).toMatchObject({ verdict: 'linearizable', ops: 1, failedOps: 1 });
  });

  it('a cas that answered "not equal" as an ok with value false is checked', () => {
    const h = [e(0, 'invoke', 'cas', [null, 1]), e(0, 'ok', 'cas', false)];
    expect(verdict(h)).toBe('not-linearizable');
    expect(verdict([e(0, 'invoke', 'cas', [2, 1]), e(0, 'ok', 'cas', false)])).toBe('linearizable');
  });
});
