/** The controllers' pure parts: slow start, expectations, deletion ranking, rollout arithmetic, zones. */
import { describe, expect, it } from 'vitest';
import { slowStartBatches } from '../../../protocols/k8s/controllers/batches.js';
import { Expectations } from '../../../protocols/k8s/controllers/expectations.js';
import { rankForDeletion } from '../../../protocols/k8s/controllers/ranking.js';
import { maxSurge, maxUnavailable, newRSNewReplicas, resolveFenceposts, scaleDownOld, scaledValue, type Strategy } from '../../../protocols/k8s/controllers/rolling.js';
import { templateHash } from '../../../protocols/k8s/controllers/template-hash.js';
import { allFullyDisrupted, evictionRate, zoneState } from '../../../protocols/k8s/controllers/zones.js';
import { DEFAULT_TIMINGS } from '../../../protocols/k8s/timings.js';
import { pod } from './builders.js';

describe('ReplicaSet controller', () => {
  it('creates in slow-start batches 1, 2, 4, ... the last one what remains', () => {
    expect(slowStartBatches(0)).toEqual([]);
    expect(slowStartBatches(1)).toEqual([1]);
    expect(slowStartBatches(10)).toEqual([1, 2, 4, 3]);
    expect(slowStartBatches(500)).toEqual([1, 2, 4, 8, 16, 32, 64, 128, 245]);
  });

  it('waits for its own creations and deletions to be seen, or for the expectations to expire', () => {
    const e = new Expectations(1_000);
    expect(e.satisfied('rs', 0)).toBe(true);
    e.expectCreations('rs', 2, 0);
    expect(e.satisfied('rs', 10)).toBe(false);
    e.creationObserved('rs');
    expect(e.satisfied('rs', 10)).toBe(false);
    e.creationObserved('rs');
    expect(e.satisfied('rs', 10)).toBe(true);
    e.expectDeletions('rs', ['a', 'b'], 100);
    e.deletionObserved('rs', 'a');
    e.deletionObserved('rs', 'x');
    expect(e.satisfied('rs', 200)).toBe(false);
    expect(e.satisfied('rs', 1_101)).toBe(true);
    e.deletionObserved('rs', 'b');
    expect(e.satisfied('rs', 200)).toBe(true);
  });

  it('deletes unassigned, then pending, then not ready, then doubled-up, then newest-ready, then newest pods first', () => {
    const pods = [
      pod('running-old', { node: 'n1', phase: 'Running', ready: true, readySince: 10, created: 1 }),
      pod('running-new', { node: 'n2', phase: 'Running', ready: true, readySince: 20, created: 2 }),
      pod('unassigned', { created: 0 }),
      pod('pending', { node: 'n1', phase: 'Pending', created: 3 }),
      pod('not-ready', { node: 'n2', phase: 'Running', ready: false, created: 4 }),
      pod('crowded', { node: 'n3', phase: 'Running', ready: true, readySince: 5, created: 0 }),
    ];
    const siblings = new Map([
      ['n1', 2],
      ['n2', 2],
      ['n3', 4],
    ]);
    expect(rankForDeletion(pods, siblings).map((p) => p.metadata.name)).toEqual(['unassigned', 'pending', 'not-ready', 'crowded', 'running-new', 'running-old']);
  });
});

describe('Deployment rolling update', () => {
  const s = (replicas: number, surge: number | string = '25%', unavailable: number | string = '25%'): Strategy => ({ replicas, maxSurge: surge, maxUnavailable: unavailable });

  it('rounds maxSurge up and maxUnavailable down, and never lets both be 0', () => {
    expect(scaledValue('25%', 10, true)).toBe(3);
    expect(scaledValue('25%', 10, false)).toBe(2);
    expect(resolveFenceposts(s(10))).toEqual({ surge: 3, unavailable: 2 });
    expect(resolveFenceposts(s(3))).toEqual({ surge: 1, unavailable: 0 });
    expect(resolveFenceposts(s(1, 0, '25%'))).toEqual({ surge: 0, unavailable: 1 });
    expect(maxUnavailable(s(2, 0, 5))).toBe(2);
    expect(maxUnavailable(s(0))).toBe(0);
    expect(maxSurge(s(4, 1, 0))).toBe(1);
  });

  it('grows the new ReplicaSet up to replicas + maxSurge in all, never past replicas', () => {
    const old = { name: 'old', replicas: 10, available: 10 };
    expect(newRSNewReplicas(s(10), [old, { name: 'new', replicas: 0, available: 0 }], { name: 'new', replicas: 0, available: 0 })).toBe(3);
    expect(newRSNewReplicas(s(10), [{ ...old, replicas: 8 }, { name: 'new', replicas: 3, available: 3 }], { name: 'new', replicas: 3, available: 3 })).toBe(5);
    expect(newRSNewReplicas(s(10), [{ ...old, replicas: 0 }, { name: 'new', replicas: 9, available: 9 }], { name: 'new', replicas: 9, available: 9 })).toBe(10);
    expect(newRSNewReplicas(s(10), [old, { name: 'new', replicas: 3, available: 0 }], { name: 'new', replicas: 3, available: 0 })).toBe(3);
  });

  it('shrinks old ReplicaSets only as far as availability allows', () => {
    // 10 replicas, maxUnavailable 2: minAvailable 8. Old 10 (all available) + new 3 (none available yet).
    const newRS = { name: 'new', replicas: 3, available: 0 };
    // maxScaledDown = 13 - 8 - 3 = 2; available 10 - 8 = 2.
    expect(scaleDownOld(s(10), [{ name: 'old', replicas: 10, available: 10 }], newRS)).toEqual([{ name: 'old', from: 10, to: 8, why: 'rolling' }]);
    // Once the new pods are available, the old ones go faster.
    expect(scaleDownOld(s(10), [{ name: 'old', replicas: 8, available: 8 }], { name: 'new', replicas: 5, available: 5 })).toEqual([{ name: 'old', from: 8, to: 3, why: 'rolling' }]);
    // Nothing available to spare: nothing.
    expect(scaleDownOld(s(10), [{ name: 'old', replicas: 8, available: 8 }], { name: 'new', replicas: 5, available: 0 })).toEqual([]);
  });

  it('cleans up unavailable old pods first, oldest ReplicaSet first', () => {
    const old = [
      { name: 'v1', replicas: 2, available: 0 },
      { name: 'v2', replicas: 8, available: 8 },
    ];
    // maxScaledDown = 13 - 8 - 0 = 5: v1's 2 unavailable go first; then available 11 - 8 = 3 from v2.
    expect(scaleDownOld(s(10), old, { name: 'v3', replicas: 3, available: 3 })).toEqual([
      { name: 'v1', from: 2, to: 0, why: 'unhealthy' },
      { name: 'v2', from: 8, to: 5, why: 'rolling' },
    ]);
  });

  it('never grows an old ReplicaSet whose status still counts pods it is scaling away', () => {
    // v1 was scaled down to 1 but its status still says 2 available.
    const steps = scaleDownOld(s(3, 1, 1), [{ name: 'v1', replicas: 1, available: 2 }], { name: 'v2', replicas: 3, available: 2 });
    expect(steps.every((step) => step.to < step.from)).toBe(true);
  });

  it('names each template by a stable hash in the safe alphabet', () => {
    const t = { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'web:1', requests: { cpu: 100 } }] } };
    expect(templateHash(t)).toBe(templateHash(JSON.parse(JSON.stringify(t))));
    expect(templateHash(t)).not.toBe(templateHash({ ...t, spec: { containers: [{ name: 'web', image: 'web:2', requests: { cpu: 100 } }] } }));
    expect(templateHash(t)).toMatch(/^[bcdfghjklmnpqrstvwxz2456789]+$/);
  });
});

describe('node lifecycle zones', () => {
  it('classifies zones and picks their eviction rates', () => {
    expect(zoneState(3, 0, 0.55)).toBe('Normal');
    expect(zoneState(0, 2, 0.55)).toBe('FullDisruption');
    expect(zoneState(2, 2, 0.55)).toBe('Normal');
    expect(zoneState(2, 3, 0.55)).toBe('PartialDisruption');
    expect(evictionRate('Normal', 10, DEFAULT_TIMINGS)).toBe(0.1);
    expect(evictionRate('PartialDisruption', 10, DEFAULT_TIMINGS)).toBe(0);
    expect(evictionRate('PartialDisruption', 60, DEFAULT_TIMINGS)).toBe(0.01);
    expect(evictionRate('FullDisruption', 10, DEFAULT_TIMINGS)).toBe(0.1);
    expect(allFullyDisrupted(['FullDisruption', 'FullDisruption'])).toBe(true);
    expect(allFullyDisrupted(['FullDisruption', 'Normal'])).toBe(false);
    expect(allFullyDisrupted([])).toBe(false);
  });
});
