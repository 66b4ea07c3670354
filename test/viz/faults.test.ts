/** The nemesis lane and the fault list, from hand-written traces. */
import { describe, expect, it } from 'vitest';
import type { HistoryOp } from '../../sim/history.js';
import { timesOf } from '../../viz/layout/axis.js';
import { faultActions, faultLane } from '../../viz/layout/faults.js';
import { historyBars } from '../../viz/layout/history.js';
import { legibleOps, OP_BUDGET } from '../../viz/layout/window.js';
import { trace } from './events.js';

const uniform = (min: number, max: number) => ({ kind: 'uniform', min, max });
const PLAN = { network: { latency: uniform(1_000, 5_000), drop: 0.01 }, disk: { syncLatency: uniform(100, 1_000) } };

const events = trace([
  [0, 'node.start', 'n1'],
  [10, 'net.partition', undefined, { groups: [['n1'], ['n2', 'n3']] }],
  [20, 'node.crash', 'n2', { lostWrites: 0 }],
  [25, 'node.crash', 'n3', { lostWrites: 2 }],
  [30, 'net.heal', undefined],
  [35, 'node.restart', 'n2', { incarnation: 1 }],
  [40, 'clock.rate', 'n1', { rate: 1.5 }],
  [45, 'clock.skew', 'n2', { delta: -5_000 }],
  [50, 'disk.latency', 'n1', { latency: uniform(10_000, 20_000) }],
  [55, 'net.configure', undefined, { latency: uniform(1_000, 5_000), drop: 0.2, duplicate: 0, reorder: 0 }],
  [60, 'net.rule', undefined, { id: 'r', match: { from: 'n1', kind: 'pb.append' }, action: { kind: 'drop' } }],
  [62, 'node.timer', 'n1', { timer: 'election', forced: true }],
  [65, 'nemesis.skip', undefined, { fault: 'crash', target: 'leader', reason: 'no leader node' }],
  [70, 'disk.stall', 'n3', { until: 90 }],
  [80, 'net.cut', undefined, { from: ['n1'], to: ['n2'], oneWay: true }],
  [100, 'nemesis.quiesce', undefined],
  [100, 'net.heal', undefined],
  [100, 'net.configure', undefined, { latency: uniform(1_000, 5_000), drop: 0, duplicate: 0, reorder: 0 }],
  [100, 'disk.latency', 'n1', { latency: uniform(100, 1_000) }],
  [100, 'disk.latency', 'n2', { latency: uniform(100, 1_000) }],
  [100, 'clock.rate', 'n1', { rate: 1 }],
  [100, 'clock.rate', 'n2', { rate: 1 }],
  [100, 'net.unrule', undefined, { id: 'r' }],
  [100, 'node.restart', 'n3', { incarnation: 1 }],
  [110, 'node.timer', 'n1', { timer: 'tick' }],
]);

describe('the nemesis lane', () => {
  const lane = faultLane(events, PLAN);
  const span = (row: string, label: string) => lane.spans.find((s) => s.row === row && s.label === label);

  it('has a bar for every fault kind, from when it began to when it was undone', () => {
    expect(span('partition', 'n1 | n2 n3')).toMatchObject({ start: 1, end: 4, point: false, undoneAtEnd: false });
    expect(span('crash', 'n2')).toMatchObject({ start: 2, end: 5, undoneAtEnd: false });
    expect(span('clock', 'n1 clock ×1.5')).toMatchObject({ start: 6, end: 20, undoneAtEnd: true });
    expect(span('clock', 'n2 skew −5ms')).toMatchObject({ start: 7, point: true });
    expect(span('disk', 'n1 fsync 10ms–20ms')).toMatchObject({ start: 8, end: 18, undoneAtEnd: true });
    expect(span('network', 'drop 0.2')).toMatchObject({ start: 9, end: 17, undoneAtEnd: true });
    expect(span('messages', 'drop pb.append n1→*')).toMatchObject({ start: 10, end: 22, undoneAtEnd: true });
    expect(span('timer', 'n1 election fired')).toMatchObject({ start: 11, point: true });
    expect(span('crash', 'crash skipped: no leader node')).toMatchObject({ start: 12, point: true });
    expect(span('disk', 'n3 disk stalled')).toMatchObject({ start: 13, end: 15 });
    expect(span('partition', 'n1 ↛ n2')).toMatchObject({ start: 14, end: 16, undoneAtEnd: true });
  });

  it('takes the end of the faults as an end only: what it resets that was never changed is no fault', () => {
    expect(lane.quiesce).toBe(15);
    expect(lane.spans.filter((s) => s.start >= 15)).toEqual([]);
    expect(lane.spans.some((s) => s.label.startsWith('n2 fsync'))).toBe(false);
    // a crash still standing at the end is undone there, with the writes it lost
    expect(span('crash', 'n3 (lost 2 unsynced writes)')).toMatchObject({ start: 3, end: 23, undoneAtEnd: true });
  });

  it('splits a row where faults of one kind overlap, and lists only the rows it uses', () => {
    expect([span('crash', 'n2')?.sub, span('crash', 'n3 (lost 2 unsynced writes)')?.sub]).toEqual([0, 1]);
    expect(lane.rows).toEqual([
      { row: 'partition', subs: 1 },
      { row: 'crash', subs: 2 },
      { row: 'clock', subs: 2 },
      { row: 'disk', subs: 2 },
      { row: 'network', subs: 1 },
      { row: 'messages', subs: 1 },
      { row: 'timer', subs: 1 },
    ]);
  });

  it('reads a trace without a plan or with odd fields without throwing', () => {
    const odd = trace([
      [0, 'net.partition', undefined, { groups: 'n1' }],
      [1, 'node.crash', undefined, {}],
      [2, 'clock.rate', 'n1', { rate: 'fast' }],
      [3, 'net.rule', undefined, { action: 7 }],
      [4, 'disk.stall', 'n1', {}],
    ]);
    expect(faultLane(odd, 'not a plan').spans.length).toBeGreaterThan(0);
  });
});

describe('the fault list', () => {
  const times = timesOf(events);

  it('reads the nemesis record, finds each action on the axis, and keeps the end-of-run undo apart', () => {
    const actions = faultActions(
      [
        { at: 20, fault: { kind: 'crash', node: 'n2' } },
        { at: 25, fault: { kind: 'crash', node: 'n3' } },
        { at: 55, fault: { kind: 'network', settings: { latency: uniform(1_000, 5_000), drop: 0.2, duplicate: 0, reorder: 0 } } },
        { at: 'later', fault: { kind: 'crash' } },
      ],
      [{ at: 100, fault: { kind: 'restart', node: 'n3' } }],
      events,
      times,
      PLAN,
    );
    expect(actions).toEqual([
      { at: 20, label: 'crash n2', index: 2, undo: false },
      { at: 25, label: 'crash n3', index: 3, undo: false },
      { at: 55, label: 'network drop 0.2', index: 9, undo: false },
      { at: 100, label: 'restart n3', index: 23, undo: true },
    ]);
    expect(faultActions(undefined, 'x', events, times)).toEqual([]);
  });
});

describe('client history rows', () => {
  it('are one per client, named like the client lanes, when the history names the clients', () => {
    const history: HistoryOp[] = [
      { index: 0, process: 0, client: 'c2', type: 'invoke', f: 'read', time: 1 },
      { index: 1, process: 0, client: 'c2', type: 'info', f: 'read', time: 2 },
      { index: 2, process: 1, client: 'c10', type: 'invoke', f: 'read', time: 3 },
      { index: 3, process: 2, client: 'c2', type: 'invoke', f: 'write', value: 1, time: 4 },
      { index: 4, process: 2, client: 'c2', type: 'ok', f: 'write', value: 1, time: 5 },
    ];
    const t = trace(history.map((op) => [op.time, `client.${op.type}`, undefined, { index: op.index }] as const));
    const layout = historyBars(history, t, timesOf(t));
    expect(layout.rowNames).toEqual(['c2', 'c10']);
    expect(layout.bars.map((b) => [b.index, b.client, b.row])).toEqual([
      [0, 'c2', 0],
      [2, 'c10', 1],
      [3, 'c2', 0],
    ]);
    // without client names, processes are packed and named as before
    const anonymous = historyBars(history.map(({ client: _c, ...op }) => op), t, timesOf(t));
    expect(anonymous.rowNames[0]).toMatch(/^p0/);
  });

  it('aggregate when there are more ops than their rows can show as boxes', () => {
    expect(legibleOps(1_000, 6)).toBe(1_200);
    expect(legibleOps(100_000, 6)).toBe(OP_BUDGET);
    expect(legibleOps(0, 0)).toBeGreaterThan(0);
  });
});
