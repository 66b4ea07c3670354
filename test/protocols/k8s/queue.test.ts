/** The scheduling queue, the assume cache, and the taint and label matching rules they rely on. */
import { describe, expect, it } from 'vitest';
import { anyTermMatches, selectorMatches } from '../../../protocols/k8s/labels.js';
import { SchedulerCache } from '../../../protocols/k8s/scheduler/cache.js';
import { SchedulingQueue } from '../../../protocols/k8s/scheduler/queue.js';
import { matchingTolerations, minTolerationSeconds, tolerates, withDefaultTolerations } from '../../../protocols/k8s/taints.js';
import { node, pod } from './builders.js';

describe('scheduling queue', () => {
  it('pops by priority, then first come', () => {
    const q = new SchedulingQueue({ initial: 1_000, max: 10_000 });
    q.add('low-1', 0, 1);
    q.add('high', 10, 5);
    q.add('low-2', 0, 2);
    q.add('low-1', 0, 9);
    expect([q.pop(10)?.name, q.pop(10)?.name, q.pop(10)?.name, q.pop(10)]).toEqual(['high', 'low-1', 'low-2', undefined]);
  });

  it('parks an unschedulable pod until the cluster changes, then backs it off 1s, 2s, 4s ... up to the maximum', () => {
    const q = new SchedulingQueue({ initial: 1_000, max: 5_000 });
    q.add('p', 0, 0);
    let p = q.pop(0)!;
    q.park(p, 0);
    expect(q.pop(10_000)).toBeUndefined();
    q.moveAll(500);
    expect(q.pop(500)).toBeUndefined();
    expect(q.nextBackoff()).toBe(1_000);
    p = q.pop(1_000)!;
    expect(p.name).toBe('p');
    q.park(p, 1_000);
    q.moveAll(1_000);
    expect(q.nextBackoff()).toBe(3_000);
    p = q.pop(3_000)!;
    q.park(p, 3_000);
    q.moveAll(3_000);
    expect(q.nextBackoff()).toBe(7_000);
    p = q.pop(7_000)!;
    q.park(p, 7_000);
    q.moveAll(7_000);
    expect(q.nextBackoff()).toBe(12_000);
  });

  it('flushes pods parked too long, and forgets removed ones', () => {
    const q = new SchedulingQueue({ initial: 1, max: 1 });
    q.add('a', 0, 0);
    q.add('b', 0, 0);
    q.park(q.pop(0)!, 0);
    q.remove('b');
    q.flush(50, 100);
    expect(q.pop(50)).toBeUndefined();
    q.flush(100, 100);
    expect(q.pop(100)?.name).toBe('a');
    expect(q.size).toBe(0);
  });
});

describe('scheduler cache', () => {
  it('counts assumed pods until the binding is seen or fails', () => {
    const c = new SchedulerCache();
    c.setNode(node('n1', { cpu: 2_000 }));
    const p = pod('p', { cpu: 1_500 });
    c.assume(p, 'n1');
    expect(c.snapshot()[0]!.requested.cpu).toBe(1_500);
    expect(c.isAssumed('p')).toBe(true);
    c.forget('p');
    expect(c.snapshot()[0]!.requested.cpu).toBe(0);
    c.assume(p, 'n1');
    c.addPod({ ...p, spec: { ...p.spec, nodeName: 'n1' } });
    expect(c.isAssumed('p')).toBe(false);
    c.forget('p');
    expect(c.snapshot()[0]!.pods.map((x) => x.metadata.name)).toEqual(['p']);
    c.removePod('p');
    expect(c.snapshot()[0]!.pods).toEqual([]);
  });

  it('keeps its snapshot sorted by node name, and rebuilds only what changed', () => {
    const c = new SchedulerCache();
    c.setNode(node('b'));
    c.setNode(node('a'));
    const first = c.snapshot();
    expect(first.map((i) => i.node.metadata.name)).toEqual(['a', 'b']);
    expect(c.snapshot()).toBe(first);
    c.addPod(pod('x', { node: 'a', cpu: 10 }));
    const second = c.snapshot();
    expect(second).not.toBe(first);
    expect(second[1]).toBe(first[1]);
  });
});

describe('taints and tolerations', () => {
  const taint = { key: 'k', value: 'v', effect: 'NoExecute' as const };

  it('match by key, value (Equal) or any value (Exists), and effect (empty matches all)', () => {
    expect(tolerates({ key: 'k', value: 'v' }, taint)).toBe(true);
    expect(tolerates({ key: 'k', value: 'w' }, taint)).toBe(false);
    expect(tolerates({ key: 'k', operator: 'Exists' }, taint)).toBe(true);
    expect(tolerates({ key: 'k', operator: 'Exists', effect: 'NoSchedule' }, taint)).toBe(false);
    expect(tolerates({ operator: 'Exists' }, taint)).toBe(true);
    expect(tolerates({ key: 'other', operator: 'Exists' }, taint)).toBe(false);
  });

  it('give a pod the default not-ready and unreachable tolerations unless it has them', () => {
    expect(withDefaultTolerations(undefined).map((t) => [t.key, t.tolerationSeconds])).toEqual([
      ['node.kubernetes.io/not-ready', 300],
      ['node.kubernetes.io/unreachable', 300],
    ]);
    const own = withDefaultTolerations([{ key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 30 }], 300);
    expect(own.map((t) => [t.key, t.tolerationSeconds])).toEqual([
      ['node.kubernetes.io/unreachable', 30],
      ['node.kubernetes.io/not-ready', 300],
    ]);
    expect(withDefaultTolerations([{ operator: 'Exists' }])).toHaveLength(1);
  });

  it('keep a pod on a NoExecute-tainted node for the smallest tolerationSeconds in use', () => {
    const taints = [taint, { key: 'j', effect: 'NoExecute' as const }];
    expect(matchingTolerations(taints, [{ key: 'k', operator: 'Exists' }]).all).toBe(false);
    const m = matchingTolerations(taints, [
      { key: 'k', operator: 'Exists', tolerationSeconds: 60 },
      { key: 'j', operator: 'Exists', tolerationSeconds: 20 },
    ]);
    expect(minTolerationSeconds(m.used)).toBe(20);
    expect(minTolerationSeconds(matchingTolerations([taint], [{ operator: 'Exists' }]).used)).toBe(Infinity);
    expect(minTolerationSeconds(matchingTolerations([taint], [{ operator: 'Exists', tolerationSeconds: -5 }]).used)).toBe(0);
  });
});

describe('labels', () => {
  it('select by matchLabels and matchExpressions; an empty selector selects all', () => {
    expect(selectorMatches({}, { a: '1' })).toBe(true);
    expect(selectorMatches({ matchLabels: { a: '1' }, matchExpressions: [{ key: 'b', operator: 'NotIn', values: ['2'] }] }, { a: '1', b: '3' })).toBe(true);
    expect(selectorMatches({ matchExpressions: [{ key: 'b', operator: 'Exists' }] }, { a: '1' })).toBe(false);
  });

  it('never match an empty node selector term', () => {
    expect(anyTermMatches([{ matchExpressions: [] }], { a: '1' })).toBe(false);
  });
});
