import { describe, expect, it } from 'vitest';
import { assignLanes } from '../../viz/layout/lanes.js';
import { inFlightAt, pairMessages } from '../../viz/layout/messages.js';
import { bandAt, partitionBands } from '../../viz/layout/partitions.js';
import { trace } from './events.js';

describe('lanes', () => {
  it('groups replicas, k8s components and clients by what they do, in natural order', () => {
    const events = trace([
      [0, 'replica.state', 'n10', { role: 'follower' }],
      [0, 'node.start', 'n2'],
      [1, 'net.send', 'c1', { id: 0, to: 'n2', msg: 'client.request' }],
      [2, 'k8s.bind', 'scheduler', { pod: 'web-1' }],
      [3, 'net.deliver', 'n1', { id: 9, from: 'x', msg: 'm' }],
    ]);
    expect(assignLanes(events).map((l) => `${l.group}:${l.id}`)).toEqual(['replica:n1', 'replica:n2', 'replica:n10', 'replica:x', 'k8s:scheduler', 'client:c1']);
  });
});

describe('message arrows', () => {
  const events = trace([
    [0, 'net.send', 'n1', { id: 1, to: 'n2', msg: 'a' }],
    [0, 'net.send', 'n1', { id: 2, to: 'n3', msg: 'a' }],
    [0, 'net.duplicate', 'n1', { id: 2, to: 'n3' }],
    [10, 'net.send', 'n2', { id: 3, to: 'n1', msg: 'b' }],
    [10, 'net.drop', 'n1', { id: 3, from: 'n2', msg: 'b', reason: 'loss' }],
    [12, 'net.deliver', 'n2', { id: 1, from: 'n1', msg: 'a' }],
    [13, 'net.deliver', 'n3', { id: 2, from: 'n1', msg: 'a' }],
    [14, 'net.deliver', 'n3', { id: 2, from: 'n1', msg: 'a' }],
    [15, 'net.send', 'n3', { id: 4, to: 'n1', msg: 'c' }],
    [16, 'net.hold', 'n3', { id: 4, to: 'n1', msg: 'c', bucket: 'b' }],
    [20, 'net.deliver', 'n1', { id: 99, from: 'n9', msg: 'z' }],
    [200, 'net.send', 'n1', { id: 5, to: 'n2', msg: 'a' }],
    [300, 'net.deliver', 'n2', { id: 5, from: 'n1', msg: 'a' }],
    [400, 'net.send', 'n1', { id: 6, to: 'n2', msg: 'a' }],
    [400, 'net.send', 'n1', { id: 7, to: 'n3', msg: 'a' }],
    [410, 'net.deliver', 'n2', { id: 6, from: 'n1', msg: 'a' }],
    [411, 'net.deliver', 'n3', { id: 7, from: 'n1', msg: 'a' }],
  ]);
  const { arrows, orphans } = pairMessages(events);

  it('pairs each send with its ends, duplicates after their original, in send order', () => {
    expect(arrows.map((a) => [a.id, a.status, a.send, a.end])).toEqual([
      [1, 'delivered', 0, 5],
      [2, 'delivered', 1, 6],
      [2, 'duplicate', 1, 7],
      [3, 'dropped', 3, 4],
      [4, 'in-flight', 8, -1],
      [5, 'delivered', 11, 12],
      [6, 'delivered', 13, 15],
      [7, 'delivered', 14, 16],
    ]);
    expect(arrows.find((a) => a.status === 'dropped')?.reason).toBe('loss');
    expect(orphans).toBe(1);
  });

  it('marks held messages and ones far slower than the median as delayed', () => {
    expect(arrows.filter((a) => a.delayed).map((a) => a.id)).toEqual([4, 5]);
  });

  it('every end is after its send', () => {
    for (const a of arrows) if (a.end >= 0) expect(a.end).toBeGreaterThan(a.send);
  });

  it('lists what is in flight at an event', () => {
    expect(inFlightAt(arrows, 4).map((a) => `${a.id}:${a.status}`)).toEqual(['1:delivered', '2:delivered', '2:duplicate']);
    expect(inFlightAt(arrows, 10).map((a) => a.id)).toEqual([4]);
  });
});

describe('partition bands', () => {
  const lanes = ['n1', 'n2', 'n3', 'c1'];
  const events = trace([
    [0, 'node.start', 'n1'],
    [10, 'net.partition', undefined, { groups: [['n1'], ['n2', 'n3']] }],
    [20, 'net.send', 'n1', { id: 1, to: 'n2', msg: 'a' }],
    [30, 'net.heal', undefined],
    [40, 'net.cut', undefined, { from: ['n1'], to: ['n3'], oneWay: true }],
    [50, 'net.cut', undefined, { from: ['n2'], to: ['n3'], oneWay: false }],
    [60, 'net.partition', undefined, { groups: [['n1', 'n2', 'n3']] }],
  ]);
  const bands = partitionBands(events, lanes);

  it('shades each side of a partition apart, leaving bridging nodes out', () => {
    expect(bands[0]).toMatchObject({ start: 1, end: 3, groups: [['n1'], ['n2', 'n3']], label: 'n1 | n2 n3' });
    expect(bands[0]?.blocked).toHaveLength(4);
  });

  it('follows cuts as they add up, one-way ones as arrows', () => {
    expect(bands[1]).toMatchObject({ start: 4, end: 5, label: 'n1 ↛ n3', blocked: [['n1', 'n3']] });
    expect(bands[2]).toMatchObject({ start: 5, end: 6 });
    expect(bands[2]?.blocked).toEqual([
      ['n1', 'n3'],
      ['n2', 'n3'],
      ['n3', 'n2'],
    ]);
  });

  it('ends when the network is whole again, even by a one-group partition', () => {
    expect(bands).toHaveLength(3);
    expect(bandAt(bands, 2)?.label).toBe('n1 | n2 n3');
    expect(bandAt(bands, 3)).toBeUndefined();
  });
});

describe('lanes in a trace without messages', () => {
  it('take nodes that emit no protocol state for clients', () => {
    const events = trace([
      [0, 'node.start', 'c1'],
      [0, 'node.start', 'n1'],
      [0, 'replica.state', 'n1', { role: 'leader' }],
      [1, 'node.timer', 'c1', { timer: 'think' }],
    ]);
    expect(assignLanes(events).map((l) => `${l.group}:${l.id}`)).toEqual(['replica:n1', 'client:c1']);
  });
});
