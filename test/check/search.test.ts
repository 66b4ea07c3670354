/** Budgets, interruption, counterexamples and partition reports. */
import { describe, expect, it } from 'vitest';
import type { HistoryEvent } from '../../sim/check/index.js';
import { check } from '../../sim/check/index.js';

const e = (process: number, type: HistoryEvent['type'], f: string, value: unknown = null, key?: string): HistoryEvent => ({
  process,
  type,
  f,
  value,
  ...(key === undefined ? {} : { key }),
  time: 0,
});

/** Many concurrent writes of distinct values, then a read of a value never written: the search must try every order. */
function hard(writers: number, key?: string): HistoryEvent[] {
  const h: HistoryEvent[] = [];
  for (let p = 0; p < writers; p++) h.push(e(p, 'invoke', 'append', `${p},`, key ?? 'k'));
  for (let p = 0; p < writers; p++) h.push(e(p, 'ok', 'append', `${p},`, key ?? 'k'));
  h.push(e(99, 'invoke', 'get', null, key ?? 'k'), e(99, 'ok', 'get', 'never', key ?? 'k'));
  return h;
}

describe('budgets', () => {
  it('ends with unknown, not a crash, when the step budget runs out', () => {
    const result = check(hard(14), { model: 'kv', budget: { steps: 10_000 } });
    expect(result).toMatchObject({ verdict: 'unknown', reason: 'budget', undecided: ['k'] });
    expect(result.steps).toBeLessThanOrEqual(10_000);
  });

  it('ends with unknown when the memo budget runs out', () => {
    const result = check(hard(14), { model: 'kv', budget: { memoEntries: 500 } });
    expect(result).toMatchObject({ verdict: 'unknown', reason: 'budget' });
    expect(result.memoEntries).toBeLessThanOrEqual(500);
  });

  it('accepts a bare number as the step budget', () => {
    expect(check(hard(14), { model: 'kv', budget: 1000 }).verdict).toBe('unknown');
  });

  it('decides the same history with enough budget', () => {
    expect(check(hard(8), { model: 'kv' }).verdict).toBe('not-linearizable');
  });

  it('gives the same verdict for the same budget, whatever the slice (no dependence on speed)', () => {
    const a = check(hard(14), { model: 'kv', budget: { steps: 50_000 }, slice: 7 });
    const b = check(hard(14), { model: 'kv', budget: { steps: 50_000 }, slice: 100_000 });
    expect(a).toEqual(b);
  });

  it('one hard partition does not starve the others: a violation elsewhere is still found', () => {
    const easyBad = [e(50, 'invoke', 'put', 'x', 'b'), e(50, 'ok', 'put', 'x', 'b'), e(51, 'invoke', 'get', null, 'b'), e(51, 'ok', 'get', 'y', 'b')];
    const result = check([...hard(16, 'a'), ...easyBad], { model: 'kv' });
    expect(result.verdict).toBe('not-linearizable');
    if (result.verdict !== 'not-linearizable') return;
    expect(result.counterexample.partition).toBe('b');
    expect(result.partitions.find((p) => p.key === 'a')?.verdict).toBe('unchecked');
  });

  it('can be interrupted between slices', () => {
    let polls = 0;
    const result = check(hard(16), { model: 'kv', slice: 100, shouldStop: () => ++polls > 3 });
    expect(result).toMatchObject({ verdict: 'unknown', reason: 'interrupted', undecided: ['k'] });
  });
});

describe('counterexamples', () => {
  const h: HistoryEvent[] = [
    { process: 0, type: 'invoke', f: 'write', value: 1, line: 1, time: 10 },
    { process: 0, type: 'ok', f: 'write', value: 1, line: 2, time: 20 },
    { process: 1, type: 'invoke', f: 'write', value: 2, line: 3, time: 30 },
    { process: 1, type: 'ok', f: 'write', value: 2, line: 4, time: 40 },
    { process: 2, type: 'invoke', f: 'read', value: null, line: 5, time: 50 },
    { process: 2, type: 'ok', f: 'read', value: 1, line: 6, time: 60 },
  ];

  it('name the partition, the longest prefix, the state after it and what each next operation needed', () => {
    const result = check(h, { model: 'cas-register', file: 'h.json' });
    expect(result.verdict).toBe('not-linearizable');
    if (result.verdict !== 'not-linearizable') return;
    const cx = result.counterexample;
    expect(cx.partition).toBe('(all)');
    expect(cx.prefix.map((op) => op.text)).toEqual(['write 1', 'write 2']);
    expect(cx.state).toBe('value = 2');
    expect(cx.deadline).toMatchObject({ process: 2, f: 'read', line: 5, retTime: 60 });
    expect(cx.at).toBe(60);
    expect(cx.candidates).toEqual([expect.objectContaining({ needs: 'value = 1', fits: false, op: expect.objectContaining({ id: 2, text: 'read → 1' }) })]);
    expect(cx.text).toContain('longest linearizable prefix: 2 operations');
    expect(cx.text).toContain('process 2: read → 1 (line 5)');
    expect(cx.text).toContain('needs value = 1');
  });

  it('are plain data (serializable for the viewer)', () => {
    const result = check(h, { model: 'cas-register' });
    expect(JSON.parse(JSON.stringify(result))).toMatchObject({ verdict: 'not-linearizable', counterexample: { partition: '(all)' } });
  });
});

describe('reports', () => {
  it('count operations, unknown outcomes, failures and partitions', () => {
    const h = [
      e(0, 'invoke', 'put', 'x', 'a'),
      e(0, 'ok', 'put', 'x', 'a'),
      e(1, 'invoke', 'put', 'y', 'b'),
      e(1, 'info', 'put', 'y', 'b'),
      e(2, 'invoke', 'get', null, 'c'),
      e(2, 'fail', 'get', null, 'c'),
    ];
    const result = check(h, { model: 'kv' });
    expect(result).toMatchObject({ verdict: 'linearizable', ops: 2, unknownOps: 1, failedOps: 1, model: 'kv', consistency: 'linearizable' });
    expect(result.partitions.map((p) => [p.key, p.ops, p.verdict])).toEqual([
      ['a', 1, 'linearizable'],
      ['b', 1, 'linearizable'],
    ]);
  });

  it('rejects an unknown model name', () => {
    expect(() => check([], { model: 'nope' })).toThrow('unknown model "nope" (expected one of register, cas-register, kv, znode)');
  });
});
