import { describe, expect, it } from 'vitest';
import { k8sView } from '../../viz/layout/k8s.js';
import { lifecycle, statusAt } from '../../viz/layout/lifecycle.js';
import { eraNameOf, eraOf, roleRank, roleSegments } from '../../viz/layout/roles.js';
import { diffState, indexStates, logOf, neighbourState, rebuildLog, stateAt } from '../../viz/layout/state.js';
import { trace } from './events.js';

const events = trace([
  [0, 'node.start', 'n1', { incarnation: 0 }],
  [0, 'replica.state', 'n1', { role: 'follower', era: 1, commit: 0, applied: 0, log: [] }],
  [5, 'node.timer', 'n1', { timer: 'election' }],
  [5, 'replica.state', 'n1', { role: 'candidate', era: 2, commit: 0, applied: 0, log: [] }],
  [6, 'replica.state', 'n1', { role: 'leader', era: 2, commit: 0, applied: 0, log: [{ era: 2, command: 'noop' }] }],
  [7, 'replica.state', 'n1', { role: 'leader', era: 2, commit: 1, applied: 1, log: [{ era: 2, command: 'noop' }] }],
  [8, 'node.pause', 'n2'],
  [9, 'node.crash', 'n1', { lostWrites: 0 }],
  [10, 'node.resume', 'n2', { deferred: 0 }],
  [11, 'node.restart', 'n1', { incarnation: 1 }],
  [11, 'replica.state', 'n1', { role: 'follower', era: 2, commit: 0, applied: 0, log: [{ era: 2, command: 'noop' }] }],
  [12, 'clock.skew', 'n2', { delta: 5 }],
]);

describe('lifecycle', () => {
  const { segments, glyphs } = lifecycle(events);

  it('finds down and paused stretches', () => {
    expect(segments.map((s) => [s.lane, s.status, s.start, s.end])).toEqual([
      ['n2', 'paused', 6, 8],
      ['n1', 'down', 7, 9],
    ]);
    expect(statusAt(segments, 'n1', 8)).toBe('down');
    expect(statusAt(segments, 'n1', 9)).toBe('up');
    expect(statusAt(segments, 'n2', 7)).toBe('paused');
  });

  it('puts a glyph on the lane for each node fault and timer, and none for state or start', () => {
    expect(glyphs.map((g) => `${g.lane}:${g.kind}`)).toEqual(['n1:timer', 'n2:pause', 'n1:crash', 'n2:resume', 'n1:restart', 'n2:clock']);
  });
});

describe('role strips', () => {
  it('start a segment on a role or term change, end it at a crash', () => {
    expect(roleSegments(events).map((s) => [s.role, s.era, s.start, s.end])).toEqual([
      ['follower', '1', 1, 3],
      ['candidate', '2', 3, 4],
      ['leader', '2', 4, 7],
      ['follower', '2', 10, 12],
    ]);
  });

  it('read the era, named as the run.protocol event says', () => {
    expect(eraOf({ era: 3 }, 'epoch')).toEqual({ field: 'epoch', value: '3' });
    expect(eraOf({ era: 3 })).toEqual({ field: 'era', value: '3' });
    expect(eraOf({ role: 'x' })).toBeUndefined();
    expect(eraOf({ era: 34, ballot: '2.n3' }, 'ballot')).toEqual({ field: 'ballot', value: '2.n3' });
    expect(eraNameOf(trace([[0, 'run.protocol', undefined, { name: 'zab', era: 'epoch' }]]))).toBe('epoch');
    expect(roleSegments(trace([[0, 'run.protocol', undefined, { name: 'zab', era: 'epoch' }], [1, 'replica.state', 'n1', { role: 'leader', era: 4, phase: 'discovery' }]]))).toMatchObject([{ role: 'leader', phase: 'discovery', era: '4', eraField: 'epoch' }]);
    expect(['leader', 'PRIMARY', 'candidate', 'backup', 'weird'].map(roleRank)).toEqual(['leader', 'leader', 'candidate', 'follower', 'other']);
  });
});

describe('state at the cursor', () => {
  const index = indexStates(events);

  it('finds the latest and previous state of a node', () => {
    expect(stateAt(index, 'n1', 4)).toEqual({ current: 4, previous: 3 });
    expect(stateAt(index, 'n1', 0)).toEqual({ current: undefined, previous: undefined });
    expect(stateAt(index, 'n2', 11)).toEqual({ current: undefined, previous: undefined });
    expect(neighbourState(index, 'n1', 4, 1)).toBe(5);
    expect(neighbourState(index, 'n1', 4, -1)).toBe(3);
  });

  it('says which fields changed', () => {
    const rows = diffState(events[4], events[5]!);
    expect(rows.filter((r) => r.change !== 'same').map((r) => [r.field, r.before, r.value])).toEqual([
      ['commit', 0, 1],
      ['applied', 0, 1],
    ]);
    expect(diffState(undefined, events[1]!).every((r) => r.change === 'same')).toBe(true);
    expect(diffState(events[1], { seq: 9, t: 0, kind: 'replica.state', role: 'x' }).find((r) => r.field === 'era')?.change).toBe('removed');
  });

  it('reads a log as entries or as a length, with commit and applied', () => {
    expect(logOf(events[5]!)).toEqual({ entries: [{ index: 1, era: '2', text: '"noop"' }], length: 1, commit: 1, applied: 1 });
    expect(logOf({ role: 'backup', log: 12 })).toEqual({ entries: undefined, length: 12, commit: undefined, applied: undefined });
    expect(logOf({ role: 'x' })).toBeUndefined();
  });
});

describe('logs reported as deltas (Raft)', () => {
  const deltas = trace([
    [0, 'replica.state', 'n1', { role: 'follower', era: 0, last: 0, full: true, log: { from: 1, eras: [] }, snap: { index: 0, era: 0 } }],
    [1, 'replica.state', 'n1', { role: 'leader', era: 2, last: 3, commit: 1, log: { from: 1, eras: [1, 2, 2] } }],
    [2, 'replica.state', 'n1', { role: 'follower', era: 3, last: 2, log: { from: 2, eras: [3] } }],
    [3, 'replica.state', 'n2', { role: 'follower', era: 3, last: 0 }],
    [4, 'replica.state', 'n1', { role: 'follower', era: 3, last: 4, log: { from: 3, eras: [3, 3] }, snap: { index: 1, era: 1 } }],
    [5, 'node.crash', 'n1'],
    [6, 'replica.state', 'n1', { role: 'follower', era: 3, last: 4, full: true, log: { from: 4, eras: [3] }, snap: { index: 3, era: 3 } }],
  ]);
  const index = indexStates(deltas);

  it('replays appends, truncations, snapshots and full restatements', () => {
    expect(rebuildLog(deltas, index, 'n1', 1)).toEqual({ first: 1, eras: [1, 2, 2] });
    expect(rebuildLog(deltas, index, 'n1', 2)).toEqual({ first: 1, eras: [1, 3] });
    expect(rebuildLog(deltas, index, 'n1', 4)).toEqual({ first: 2, eras: [3, 3, 3] });
    expect(rebuildLog(deltas, index, 'n1', 6)).toEqual({ first: 4, eras: [3] });
    expect(rebuildLog(deltas, index, 'n2', 6)).toBeUndefined();
  });

  it('shows rebuilt entries with their terms, and the length from `last`', () => {
    const view = logOf(deltas[4]!, rebuildLog(deltas, index, 'n1', 4));
    expect(view?.entries?.map((e) => [e.index, e.era])).toEqual([
      [2, '3'],
      [3, '3'],
      [4, '3'],
    ]);
    expect(view?.length).toBe(4);
    expect(logOf(deltas[3]!)).toMatchObject({ entries: undefined, length: 0 });
  });
});

describe('kubernetes view', () => {
  it('is absent without k8s events', () => {
    expect(k8sView(events)).toBeUndefined();
  });

  it('counts kinds and follows lease holders', () => {
    const k = trace([
      [0, 'k8s.leader', 'sched-1', { lease: 'scheduler', holder: 'sched-1' }],
      [1, 'k8s.bind', 'sched-1', { pod: 'web-1' }],
      [2, 'k8s.leader', 'sched-2', { lease: 'scheduler', holder: 'sched-2' }],
    ]);
    const view = k8sView(k);
    expect(view?.kinds).toEqual([
      ['k8s.bind', 1],
      ['k8s.leader', 2],
    ]);
    expect(view?.leases.map((l) => [l.holder, l.start, l.end])).toEqual([
      ['sched-1', 0, 2],
      ['sched-2', 2, 3],
    ]);
  });
});
