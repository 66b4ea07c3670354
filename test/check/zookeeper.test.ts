/**
 * ZooKeeper mode: writes linearizable, reads sequentially consistent per process (stale but
 * monotonic, seeing the process's own writes), checked across keys.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { HistoryEvent } from '../../sim/check/index.js';
import { check } from '../../sim/check/index.js';
import type { OpSpec } from './support/generate.js';
import { casRegisterOp, corruptRead, execute, kvOp, planArb, znodeOp } from './support/generate.js';
import type { RefModel } from './support/reference.js';
import { bruteForce, linearizationError, refCasRegister, refKv, refZnode } from './support/reference.js';

const zk = { consistency: 'zookeeper' } as const;

const inv = (process: number, f: string, key: string, value: unknown = null): HistoryEvent => ({ process, type: 'invoke', f, key, value });
const ok = (process: number, f: string, key: string, value: unknown = null): HistoryEvent => ({ process, type: 'ok', f, key, value });

describe('ZooKeeper mode, examples', () => {
  // p0 writes x=1 and returns; p1 then reads x="" (a follower that has not caught up).
  const stale: HistoryEvent[] = [inv(0, 'put', 'x', '1'), ok(0, 'put', 'x', '1'), inv(1, 'get', 'x'), ok(1, 'get', 'x', '')];

  it('accepts a stale read that linearizability rejects', () => {
    expect(check(stale, { model: 'kv' }).verdict).toBe('not-linearizable');
    expect(check(stale, { model: 'kv', ...zk }).verdict).toBe('linearizable');
  });

  it('rejects a read that goes back in time within a process', () => {
    const h = [...stale.slice(0, 2), inv(1, 'get', 'x'), ok(1, 'get', 'x', '1'), inv(1, 'get', 'x'), ok(1, 'get', 'x', '')];
    expect(check(h, { model: 'kv', ...zk }).verdict).toBe('not-linearizable');
  });

  it('rejects a process that does not see its own write', () => {
    const h = [inv(0, 'put', 'x', '1'), ok(0, 'put', 'x', '1'), inv(0, 'get', 'x'), ok(0, 'get', 'x', '')];
    expect(check(h, { model: 'kv', ...zk }).verdict).toBe('not-linearizable');
  });

  it('rejects a read of a write invoked after the read returned', () => {
    const h = [inv(1, 'get', 'x'), ok(1, 'get', 'x', '1'), inv(0, 'put', 'x', '1'), ok(0, 'put', 'x', '1')];
    expect(check(h, { model: 'kv', ...zk }).verdict).toBe('not-linearizable');
  });

  it('keeps writes linearizable: a write is never ordered before one that returned before it began', () => {
    const h = [inv(0, 'put', 'x', '1'), ok(0, 'put', 'x', '1'), inv(1, 'append', 'x', '2'), ok(1, 'append', 'x', '2'), inv(2, 'get', 'x'), ok(2, 'get', 'x', '21')];
    expect(check(h, { model: 'kv', ...zk }).verdict).toBe('not-linearizable');
  });

  it('finds a violation that exists only across keys (each key alone is fine)', () => {
    // p0: put x, then reads y = ""; p1: put y, then reads x = "". Each process has seen its own
    // write, so its replica holds a prefix of the writes containing it; the two prefixes cannot
    // both miss the other write.
    const h = [
      inv(0, 'put', 'x', '1'),
      inv(1, 'put', 'y', '1'),
      ok(0, 'put', 'x', '1'),
      ok(1, 'put', 'y', '1'),
      inv(0, 'get', 'y'),
      inv(1, 'get', 'x'),
      ok(0, 'get', 'y', ''),
      ok(1, 'get', 'x', ''),
    ];
    const result = check(h, { model: 'kv', ...zk });
    expect(result.verdict).toBe('not-linearizable');
    if (result.verdict !== 'not-linearizable') return;
    expect(result.counterexample.partition).toBe('*');
    expect(result.partitions.filter((p) => p.key !== '*').every((p) => p.verdict === 'linearizable')).toBe(true);
    expect(bruteForce(refKv as RefModel<never>, h, true)).toBe(false);
  });
});

interface Subject {
  readonly model: string;
  readonly ref: RefModel<never>;
  readonly op: fc.Arbitrary<OpSpec>;
  readonly isRead: (e: HistoryEvent) => boolean;
  readonly bogus: (e: HistoryEvent) => unknown;
}

const subjects: readonly Subject[] = [
  { model: 'cas-register', ref: refCasRegister as RefModel<never>, op: casRegisterOp, isRead: (e) => e.f === 'read', bogus: () => 99 },
  { model: 'kv', ref: refKv as RefModel<never>, op: kvOp, isRead: (e) => e.f === 'get', bogus: () => 'never written' },
  {
    model: 'znode',
    ref: refZnode as RefModel<never>,
    op: znodeOp,
    isRead: (e) => e.f === 'get' && typeof e.value === 'object' && e.value !== null && 'data' in e.value,
    bogus: (e) => ({ ...(e.value as object), data: 'never written' }),
  },
];

for (const s of subjects) {
  describe(`${s.model}: ZooKeeper-mode executions`, () => {
    it('are accepted (stale, monotonic reads)', () => {
      fc.assert(
        fc.property(planArb(s.op, 40, 5), (p) => {
          const events = execute(s.ref, p, { zookeeper: true });
          const result = check(events, { model: s.model, ...zk });
          expect(result.verdict).toBe('linearizable');
          if (result.verdict === 'linearizable') expect(linearizationError(s.ref, events, result.linearization, true)).toBeUndefined();
        }),
        { numRuns: 200 },
      );
    });

    it('are rejected once one read returns a value never written', () => {
      fc.assert(
        fc.property(planArb(s.op, 40, 5), fc.nat(), (p, which) => {
          const events = corruptRead(execute(s.ref, p, { zookeeper: true }), which, s.isRead, s.bogus);
          fc.pre(events !== undefined);
          expect(check(events as HistoryEvent[], { model: s.model, ...zk }).verdict).toBe('not-linearizable');
        }),
        { numRuns: 200 },
      );
    });

    it('linearizable executions are accepted too', () => {
      fc.assert(
        fc.property(planArb(s.op, 40, 5), (p) => {
          expect(check(execute(s.ref, p), { model: s.model, ...zk }).verdict).toBe('linearizable');
        }),
        { numRuns: 100 },
      );
    });

    it('agree with a brute-force search on small histories, both verdicts', () => {
      const seen = { yes: 0, no: 0 };
      fc.assert(
        fc.property(planArb(s.op, 7, 4), fc.nat(), fc.boolean(), (p, which, corrupt) => {
          const base = execute(s.ref, p, { zookeeper: true });
          const events = corrupt ? (corruptRead(base, which, s.isRead, s.bogus) ?? base) : base;
          // Swap two completions' values to break the history in ways a corruption does not.
          const oks = events.flatMap((e, i) => (e.type === 'ok' && s.isRead(e) ? [i] : []));
          if (!corrupt && oks.length >= 2 && which % 2 === 0) {
            const [a, b] = [oks[which % oks.length] as number, oks[(which >> 1) % oks.length] as number];
            const va = (events[a] as HistoryEvent).value;
            events[a] = { ...(events[a] as HistoryEvent), value: (events[b] as HistoryEvent).value };
            events[b] = { ...(events[b] as HistoryEvent), value: va };
          }
          const expected = bruteForce(s.ref, events, true);
          expect(check(events, { model: s.model, ...zk }).verdict).toBe(expected ? 'linearizable' : 'not-linearizable');
          if (expected) seen.yes++;
          else seen.no++;
        }),
        { numRuns: 1000 },
      );
      // Both verdicts must be exercised; corrupted reads are rejected in roughly 5% of cases.
      expect(seen.yes).toBeGreaterThan(100);
      expect(seen.no).toBeGreaterThan(20);
    });
  });
}
