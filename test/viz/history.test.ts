import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { HistoryOp } from '../../sim/history.js';
import { timesOf } from '../../viz/layout/axis.js';
import { type OpBar, historyBars } from '../../viz/layout/history.js';
import { readLinearization, windowRuns } from '../../viz/layout/linearization.js';
import { failingOp, linearizationPoints, readCounterexample, witnessSpan } from '../../viz/layout/witness.js';
import { trace } from './events.js';

const history: HistoryOp[] = [
  { index: 0, process: 0, type: 'invoke', f: 'write', key: 'k', value: 1, time: 10 },
  { index: 1, process: 1, type: 'invoke', f: 'read', key: 'k', value: null, time: 20 },
  { index: 2, process: 0, type: 'ok', f: 'write', key: 'k', value: 1, time: 30 },
  { index: 3, process: 1, type: 'info', f: 'read', key: 'k', value: null, time: 40 },
  { index: 4, process: 2, type: 'invoke', f: 'cas', key: 'k', value: [1, 2], time: 50 },
  { index: 5, process: 2, type: 'fail', f: 'cas', key: 'k', value: [1, 2], time: 60 },
  { index: 6, process: 0, type: 'invoke', f: 'read', key: 'k', value: null, time: 70 },
];
// The trace mirrors history ops as client.* events; op 6's mirror is missing (found by time).
const events = trace([
  [0, 'node.start', 'n1'],
  [10, 'client.invoke', undefined, { process: 0, f: 'write', index: 0 }],
  [20, 'client.invoke', undefined, { process: 1, f: 'read', index: 1 }],
  [30, 'client.ok', undefined, { process: 0, f: 'write', index: 2 }],
  [40, 'client.info', undefined, { process: 1, f: 'read', index: 3 }],
  [50, 'client.invoke', undefined, { process: 2, f: 'cas', index: 4 }],
  [60, 'client.fail', undefined, { process: 2, f: 'cas', index: 5 }],
  [70, 'node.timer', 'n1'],
]);

describe('op bars', () => {
  const layout = historyBars(history, events, timesOf(events));
  const byIndex = new Map(layout.bars.map((b) => [b.index, b]));

  it('pair invocations with completions and place them by their trace events', () => {
    expect(layout.bars.map((b) => [b.index, b.outcome, b.start, b.end, b.open])).toEqual([
      [0, 'ok', 1, 3, false],
      [1, 'info', 2, 4, true],
      [4, 'fail', 5, 6, false],
      [6, 'pending', 7, 8, true],
    ]);
    expect(byIndex.get(0)?.result).toBe(1);
  });

  it('pack processes into rows, a new process reusing a row freed before it started', () => {
    expect(layout.rows).toEqual([[0], [1, 2]]);
    expect(layout.processes).toEqual([0, 1, 2]);
  });

  it('run an open op’s tail to the next op in its row, or to the end of the run', () => {
    expect(byIndex.get(1)?.tail).toBe(5);
    expect(byIndex.get(6)?.tail).toBe(events.length);
    expect(byIndex.get(0)?.tail).toBe(3);
  });
});

const witness = {
  partition: 'k',
  partitionOps: 3,
  prefix: [{ id: 0, call: 0, text: 'write 1' }],
  state: 'value = 1',
  deadline: { id: 2, call: 6, text: 'read → 9' },
  candidates: [
    { op: { id: 1, call: 4, text: 'cas 1 → 2' }, needs: 'value = 1', fits: true },
    { op: { id: 2, call: 6, text: 'read → 9' }, needs: 'value = 9', fits: false },
  ],
  text: 'not linearizable',
};

describe('counterexample', () => {
  it('reads the checker’s witness and picks the op a jump lands on', () => {
    const view = readCounterexample(witness);
    expect(view?.prefix.map((p) => p.index)).toEqual([0]);
    expect(view?.candidates.map((c) => [c.index, c.fits, c.needs])).toEqual([
      [4, true, 'value = 1'],
      [6, false, 'value = 9'],
    ]);
    expect(view && failingOp(view)).toBe(6);
  });

  it('degrades to nothing for witnesses of other shapes', () => {
    expect(readCounterexample(undefined)).toBeUndefined();
    expect(readCounterexample({ stack: 'x' })).toBeUndefined();
    expect(readCounterexample({ prefix: 'nope', candidates: [{ op: 3 }] })).toBeUndefined();
    const partial = readCounterexample({ candidates: [{ op: { call: 2 } }] });
    expect(partial && failingOp(partial)).toBe(2);
  });

  it('spans the ops a jump should show', () => {
    const bars = new Map<number, OpBar>(historyBars(history, events, timesOf(events)).bars.map((b) => [b.index, b]));
    const view = readCounterexample(witness);
    expect(view && witnessSpan(view, bars, events.length)).toEqual([1, 7]);
  });
});

describe('linearization points', () => {
  const bar = (index: number, start: number, end: number): OpBar => ({ index, completion: -1, process: index, client: undefined, f: 'w', key: undefined, value: 0, result: 0, outcome: 'ok', start, end, open: false, row: 0, tail: end });

  it('lie inside their bars, in order, for any valid linearization', () => {
    fc.assert(
      fc.property(fc.array(fc.record({ lp: fc.nat(1000), before: fc.nat(200), after: fc.nat(200) }), { minLength: 1, maxLength: 30 }), (ops) => {
        const sorted = [...ops].sort((a, b) => a.lp - b.lp);
        const bars = new Map(sorted.map((o, i) => [i, bar(i, o.lp - o.before, o.lp + o.after)]));
        const points = linearizationPoints(
          sorted.map((_, i) => ({ index: i, text: undefined })),
          bars,
          (x) => x,
        );
        expect(points).toHaveLength(sorted.length);
        points.forEach((p, k) => {
          const b = bars.get(p.index) as OpBar;
          expect(p.pos).toBeGreaterThanOrEqual(b.start);
          expect(p.pos).toBeLessThanOrEqual(b.end);
          if (k > 0) expect(p.pos).toBeGreaterThanOrEqual((points[k - 1] as { pos: number }).pos);
          expect(p.order).toBe(k + 1);
        });
      }),
    );
  });
});

describe("a linearizable run's order", () => {
  it('is read defensively: chains per partition, malformed entries and indices skipped', () => {
    expect(readLinearization(undefined)).toEqual([]);
    expect(readLinearization({ order: [1] })).toEqual([]);
    expect(
      readLinearization([
        { partition: 'k1', order: [0, 4, 'x', 6] },
        { partition: 'k2', order: [] },
        { order: [2] },
        'junk',
      ]),
    ).toEqual([
      { partition: 'k1', ops: [0, 4, 6] },
      { partition: '', ops: [2] },
    ]);
  });

  it('keeps, per window, the points inside it and both ends of every segment crossing it', () => {
    const pts = [0, 10, 20, 30, 100, 200].map((pos, i) => ({ index: i, order: i + 1, pos }));
    const idx = (runs: ReturnType<typeof windowRuns>): number[][] => runs.map((r) => r.map((p) => p.index));
    expect(idx(windowRuns(pts, 15, 25))).toEqual([[1, 2, 3]]);
    // A segment that spans the whole window, with no point inside it.
    expect(idx(windowRuns(pts, 40, 90))).toEqual([[3, 4]]);
    expect(idx(windowRuns(pts, 300, 400))).toEqual([]);
    expect(idx(windowRuns(pts, -10, 500))).toEqual([[0, 1, 2, 3, 4, 5]]);
  });
});
