import { describe, expect, it } from 'vitest';
import { indexAtTime, indexOfSeq, lowerBound, positions, timesOf, upperBound } from '../../viz/layout/axis.js';
import { kindColors } from '../../viz/layout/colors.js';
import { formatHash, parseHash } from '../../viz/layout/hash.js';
import { assignLanes } from '../../viz/layout/lanes.js';
import { nextIn, nextOnLane, stepCursor } from '../../viz/layout/nav.js';
import { layoutRows } from '../../viz/layout/rows.js';
import { MARK_BUDGET, densities, legibleBudget, planWindow } from '../../viz/layout/window.js';
import { trace } from './events.js';

const events = trace([
  [0, 'node.start', 'n1'],
  [0, 'node.start', 'n2'],
  [5, 'node.timer', 'n1'],
  [5, 'node.timer', 'n2'],
  [9, 'node.timer', 'n1'],
  [100, 'node.crash', 'n2'],
]);

describe('axis', () => {
  it('spaces events evenly in order mode and by time in time mode, with room after the last', () => {
    expect([...positions(events, 'order')]).toEqual([0, 1, 2, 3, 4, 5, 6]);
    const time = positions(events, 'time');
    expect([...time.subarray(0, 6)]).toEqual([0, 0, 5, 5, 9, 100]);
    expect(time[6]).toBeGreaterThan(100);
  });

  it('searches sorted positions and times', () => {
    const t = timesOf(events);
    expect(lowerBound(t, 5)).toBe(2);
    expect(upperBound(t, 5)).toBe(4);
    expect(indexAtTime(t, 6)).toBe(4);
    expect(indexOfSeq(events, 3)).toBe(3);
    expect(indexOfSeq(events, 99)).toBe(5);
  });
});

describe('windows', () => {
  const pos = positions(events, 'order');

  it('draw marks one by one within the budget and aggregate beyond it', () => {
    expect(planWindow(pos, events.length, 1, 3, 10)).toEqual({ lo: 1, hi: 4, count: 3, aggregate: false });
    expect(planWindow(pos, events.length, 0, 6, 4).aggregate).toBe(true);
    expect(legibleBudget(1_000_000)).toBe(MARK_BUDGET);
    expect(legibleBudget(0)).toBeGreaterThan(0);
  });

  it('count events per lane per bucket, every event in the window exactly once', () => {
    const plan = planWindow(pos, events.length, 0, 6, 1);
    const lanes = new Int32Array([0, 0, 0, 1, 1, 1]);
    const counts = densities(lanes, 2, pos, plan, 0, 6, 3);
    expect([...counts]).toEqual([2, 1, 0, 0, 1, 2]);
    expect(counts.reduce((a, b) => a + b, 0)).toBe(events.length);
  });
});

describe('navigation', () => {
  const lanes = new Int32Array([0, 1, 0, 1, 0, 1]);

  it('steps, clamped to the trace', () => {
    expect(stepCursor(0, -1, 6)).toBe(0);
    expect(stepCursor(5, 1, 6)).toBe(5);
    expect(stepCursor(2, 1, 6)).toBe(3);
  });

  it('moves along one lane, and among faults, staying put at the ends', () => {
    expect(nextOnLane(lanes, 1, 1, 1)).toBe(3);
    expect(nextOnLane(lanes, 1, 5, 1)).toBe(5);
    expect(nextOnLane(lanes, 0, 4, -1)).toBe(2);
    const faults = new Int32Array([2, 5]);
    expect(nextIn(faults, 2, 1)).toBe(5);
    expect(nextIn(faults, 2, -1)).toBe(2);
    expect(nextIn(faults, 3, -1)).toBe(2);
  });
});

describe('URL hash', () => {
  it('round-trips the cursor, lane, selection, axis and window', () => {
    const state = { seq: 42, lane: 'n 2&x', selection: { kind: 'op', index: 7 }, axis: 'time', window: [10.5, 2000] } as const;
    expect(parseHash(formatHash(state))).toEqual(state);
    expect(parseHash('#sel=msg:3')).toEqual({ selection: { kind: 'msg', id: 3 } });
    expect(formatHash({})).toBe('');
  });

  it('ignores what it cannot read', () => {
    expect(parseHash('#e=-1&sel=op:x&axis=log&win=5~1&lane=')).toEqual({});
    expect(parseHash('garbage')).toEqual({});
  });
});

describe('rows', () => {
  it('stack the nemesis row, the lane groups and the history, hiding clients on request', () => {
    const lanes = assignLanes(
      trace([
        [0, 'node.start', 'n1'],
        [0, 'net.send', 'c1', { id: 0, to: 'n1', msg: 'client.request' }],
      ]),
    );
    const all = layoutRows(lanes, { showClients: true, opRows: 2, leases: 0 });
    expect(all.sections.map((s) => s.title)).toEqual(['replicas', 'clients', 'client history']);
    expect(all.laneY.get('n1')).toBeLessThan(all.laneY.get('c1') as number);
    expect(all.historyY).toBeGreaterThan(all.laneY.get('c1') as number);
    const noClients = layoutRows(lanes, { showClients: false, opRows: 2, leases: 0 });
    expect(noClients.laneY.has('c1')).toBe(false);
    expect(noClients.height).toBeLessThan(all.height);
  });
});

describe('colours', () => {
  it('depend on the set of kinds, not their order', () => {
    const a = kindColors(['raft.append', 'raft.vote', 'client.request']);
    const b = kindColors(['client.request', 'raft.vote', 'raft.append', 'raft.vote']);
    expect([...a]).toEqual([...b]);
    expect(new Set([...a.values()]).size).toBe(3);
  });
});
