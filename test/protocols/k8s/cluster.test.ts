/**
 * Whole clusters on a Raft store, scaled down in time (a 4s grace period, 5s tolerations): a node
 * dies and its pods come back elsewhere; a rolling update completes under message loss; a burst of
 * pods on heterogeneous nodes keeps capacity and constraints; the store loses its leader in the
 * middle of a rollout. Every run must keep every invariant, and the store's history must stay
 * linearizable.
 */
import { describe, expect, it } from 'vitest';
import { isTerminal, type Pod } from '../../../protocols/k8s/objects.js';
import { check } from '../../../sim/check/index.js';
import { uniform } from '../../../sim/latency.js';
import { cluster, FAST, stored } from './harness.js';

const s = (n: number): number => n * 1_000_000;
const live = (pods: readonly Pod[]): Pod[] => pods.filter((p) => !isTerminal(p));

describe('a Kubernetes cluster on the store', () => {
  it('replaces the pods of a node that died, after the grace period and the toleration', () => {
    const c = cluster({ nodes: 4, deployments: [{ name: 'web', replicas: 8, cpu: '500m', memory: '256Mi' }], services: [{ name: 'web' }], timings: FAST }, { keep: 200_000 });
    c.world.at(s(5), () => c.world.crash('kubelet-2'));
    expect(c.judge(s(30), s(30))).toEqual([]);
    const events = c.world.trace.events();
    const evictions = events.filter((e) => e.kind === 'k8s.evict');
    expect(evictions.length).toBeGreaterThan(0);
    for (const e of evictions) {
      expect(e['name']).toBe('node-2');
      // Not before the last heartbeat (≤ 5s) + 4s grace + 5s toleration; not much after.
      expect(e.t).toBeGreaterThan(s(13));
      expect(e.t).toBeLessThan(s(18));
    }
    const pods = live(stored(c.world, 'Pod'));
    expect(pods).toHaveLength(8);
    expect(pods.every((p) => p.status.ready && p.spec.nodeName !== 'node-2')).toBe(true);
    const endpoints = stored(c.world, 'Endpoints')[0]!;
    expect(endpoints.addresses.map((a) => a.pod).sort()).toEqual(pods.map((p) => p.metadata.name).sort());
    expect(check(c.world.history.ops, { model: 'znode' }).verdict).toBe('linearizable');
  });

  for (const protocol of ['zab', 'paxos']) {
    it(`runs on ${protocol} too: a node dies, its pods come back elsewhere, a rollout completes`, () => {
      const c = cluster({ nodes: 3, deployments: [{ name: 'web', replicas: 4, cpu: '500m', memory: '256Mi' }], timings: FAST, changes: [{ at: '12s', deployment: 'web', rollout: true }] }, { protocol, seed: 3 });
      c.world.at(s(3), () => c.world.crash('kubelet-1'));
      expect(c.judge(s(25), s(25))).toEqual([]);
      const pods = live(stored(c.world, 'Pod'));
      expect(pods.map((p) => [p.spec.containers[0]!.image, p.status.ready])).toEqual(Array(4).fill(['web:2', true]));
      expect(pods.some((p) => p.spec.nodeName === 'node-1')).toBe(false);
    });
  }

  it('completes a rolling update under message loss, duplication and reordering', () => {
    const c = cluster(
      { nodes: 5, deployments: [{ name: 'web', replicas: 10, cpu: '300m', memory: '128Mi', maxSurge: 2, maxUnavailable: 1 }], services: [{ name: 'web' }], timings: FAST, changes: [{ at: '8s', deployment: 'web', rollout: true }] },
      { seed: 7, network: { latency: uniform(500, 3_000), drop: 0.02, duplicate: 0.01, reorder: 0.02 }, keep: 200_000 },
    );
    expect(c.judge(s(40), s(40))).toEqual([]);
    const pods = live(stored(c.world, 'Pod'));
    expect(pods).toHaveLength(10);
    expect(new Set(pods.map((p) => p.spec.containers[0]!.image))).toEqual(new Set(['web:2']));
    expect(pods.every((p) => p.status.ready)).toBe(true);
    const rss = stored(c.world, 'ReplicaSet').map((rs) => [rs.spec.template.spec.containers[0]!.image, rs.spec.replicas]);
    expect(rss.sort()).toEqual([
      ['web:1', 0],
      ['web:2', 10],
    ]);
    expect(check(c.world.history.ops, { model: 'znode' }).verdict).toBe('linearizable');
  });

  it('places a burst of pods on heterogeneous nodes within capacity, taints, selectors and spread', () => {
    const c = cluster(
      {
        nodes: [
          { count: 4, cpu: 4, memory: '8Gi', zone: 'a' },
          { count: 4, cpu: 2, memory: '4Gi', zone: 'b', labels: { disk: 'ssd' } },
          { count: 3, cpu: 8, memory: '16Gi', zone: 'c', taints: [{ key: 'gpu', value: 'true', effect: 'NoSchedule' }] },
          { count: 1, cpu: 16, memory: '32Gi', zone: 'c', taints: [{ key: 'dedicated', effect: 'NoExecute' }] },
        ],
        deployments: [
          { name: 'spread', replicas: 24, cpu: '400m', memory: '512Mi', affinity: { required: [[{ key: 'zone', operator: 'In', values: ['a', 'b'] }]] }, spread: [{ maxSkew: 1, topologyKey: 'zone' }] },
          { name: 'gpu', replicas: 12, cpu: '1500m', memory: '2Gi', nodeSelector: { 'topology.kubernetes.io/zone': 'c' }, tolerations: [{ key: 'gpu', operator: 'Exists', effect: 'NoSchedule' }] },
          { name: 'fast', replicas: 10, cpu: '300m', memory: '256Mi', affinity: { required: [[{ key: 'disk', operator: 'In', values: ['ssd'] }]] }, spread: [{ maxSkew: 2, topologyKey: 'hostname' }] },
          { name: 'bulk', replicas: 60, cpu: '250m', memory: '256Mi', priority: -1 },
        ],
        timings: FAST,
      },
      { seed: 11, keep: 400_000 },
    );
    expect(c.judge(s(20), s(20))).toEqual([]);
    const nodes = new Map(stored(c.world, 'Node').map((n) => [n.metadata.name, n]));
    const all = stored(c.world, 'Pod');
    // No kubelet had to refuse a pod: the scheduler never overcommitted a node.
    expect(all.filter((p) => p.status.phase === 'Failed')).toEqual([]);
    const pods = live(all);
    const app = (p: Pod): string => p.metadata.labels!['app']!;
    const zone = (p: Pod): string => nodes.get(p.spec.nodeName!)!.metadata.labels!['topology.kubernetes.io/zone']!;
    const placed = pods.filter((p) => p.spec.nodeName !== undefined);
    for (const p of placed) {
      const n = nodes.get(p.spec.nodeName!)!;
      if (app(p) === 'gpu') expect(zone(p)).toBe('c');
      if (app(p) === 'fast') expect(n.metadata.labels!['disk']).toBe('ssd');
      if (app(p) === 'spread') expect(['a', 'b']).toContain(zone(p));
      if (app(p) !== 'gpu') expect(n.spec.taints.some((t) => t.key === 'gpu')).toBe(false);
      expect(n.spec.taints.some((t) => t.key === 'dedicated')).toBe(false);
    }
    for (const [name, n] of nodes) {
      const on = placed.filter((p) => p.spec.nodeName === name);
      const cpu = on.reduce((sum, p) => sum + p.spec.containers[0]!.requests.cpu!, 0);
      expect(cpu).toBeLessThanOrEqual(n.status.allocatable.cpu);
    }
    const spreadZones = placed.filter((p) => app(p) === 'spread').map(zone);
    expect(Math.abs(spreadZones.filter((z) => z === 'a').length - spreadZones.filter((z) => z === 'b').length)).toBeLessThanOrEqual(1);
    expect(placed.filter((p) => app(p) === 'gpu')).toHaveLength(12);
    // The demand is more than zones a and b hold: what does not fit waits, Pending.
    expect(pods.length - placed.length).toBeGreaterThan(0);
    expect(placed.length).toBeGreaterThan(60);
  });

  it('finishes a rollout through a store leader crash', () => {
    const c = cluster(
      { nodes: 4, deployments: [{ name: 'api', replicas: 8, cpu: '250m', memory: '128Mi' }], services: [{ name: 'api' }], timings: FAST, changes: [{ at: '6s', deployment: 'api', image: 'api:2' }] },
      { seed: 5, replicas: 5, keep: 200_000 },
    );
    c.world.at(s(6.05), () => c.nemesis.apply({ kind: 'crash', node: 'leader', restartAfter: s(3) }));
    c.world.at(s(7.5), () => c.nemesis.apply({ kind: 'crash', node: 'leader', restartAfter: s(2) }));
    expect(c.judge(s(25), s(30))).toEqual([]);
    expect(c.nemesis.applied.filter((f) => f.fault.kind === 'crash')).toHaveLength(2);
    const pods = live(stored(c.world, 'Pod'));
    expect(pods.map((p) => p.spec.containers[0]!.image)).toEqual(Array(8).fill('api:2'));
    expect(pods.every((p) => p.status.ready)).toBe(true);
    expect(check(c.world.history.ops, { model: 'znode' }).verdict).toBe('linearizable');
  });

  it('is deterministic: the same seed gives the same trace', () => {
    const hash = (seed: number): string => {
      const c = cluster({ nodes: 3, deployments: [{ name: 'web', replicas: 5 }], timings: FAST }, { seed, network: { latency: uniform(500, 2_000), drop: 0.01 } });
      c.world.at(s(3), () => c.world.crash('kubelet-1'));
      c.judge(s(10), s(10));
      return c.world.trace.hash;
    };
    expect(hash(1)).toBe(hash(1));
    expect(hash(1)).not.toBe(hash(2));
  });
});
