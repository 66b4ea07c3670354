/**
 * The scheduler's plugins on the reference's worked example (protocols.md §5.2) and on cases derived
 * from Kubernetes' formulas: integer arithmetic, non-zero request defaults, normalisation, weights.
 */
import { describe, expect, it } from 'vitest';
import { balancedAllocation, balancedAllocationScore } from '../../../protocols/k8s/scheduler/balanced-allocation.js';
import { defaultNormalize, runCycle, selectHost, type Cycle, type NodeInfo } from '../../../protocols/k8s/scheduler/framework.js';
import { nodeAffinityFilter, nodeAffinityScore } from '../../../protocols/k8s/scheduler/node-affinity.js';
import { nodeUnschedulable } from '../../../protocols/k8s/scheduler/node-unschedulable.js';
import { DEFAULT_PROFILE } from '../../../protocols/k8s/scheduler/profile.js';
import { leastAllocated, leastRequestedScore, resourcesFit } from '../../../protocols/k8s/scheduler/resources-fit.js';
import { taintTolerationFilter, taintTolerationScore } from '../../../protocols/k8s/scheduler/taint-toleration.js';
import { spreadCounts, topologySpreadFilter, topologySpreadScore } from '../../../protocols/k8s/scheduler/topology-spread.js';
import { podNonZeroRequests, type Pod, type TopologySpreadConstraint } from '../../../protocols/k8s/objects.js';
import { GI, MI, info, node, pod } from './builders.js';

const cycle = (p: Pod, nodes: readonly NodeInfo[], defaultSpreadSelector?: Cycle['defaultSpreadSelector']): Cycle => ({ pod: p, nodes, defaultSpreadSelector });

/** Raw and normalised scores of a score plugin over `nodes`. */
function scores(plugin: typeof taintTolerationScore, c: Cycle): { raw: number[]; normalized: number[] } | undefined {
  const s = plugin.prepare(c, c.nodes);
  if (s === undefined) return undefined;
  const raw = c.nodes.map((n) => s.score(n));
  return { raw, normalized: s.normalize ? s.normalize(raw, c.nodes) : raw };
}

describe('NodeResourcesFit', () => {
  it('the worked example: node 4000m/8Gi, 1000m/2Gi used, pod 1000m/2Gi scores 50 (and BalancedAllocation 100)', () => {
    const n = info(node('n', { cpu: 4_000, memory: 8 * GI }), [pod('old', { cpu: 1_000, memory: 2 * GI, node: 'n' })]);
    const p = pod('new', { cpu: 1_000, memory: 2 * GI });
    expect(leastAllocated(n, podNonZeroRequests(p.spec))).toBe(50);
    expect(balancedAllocation(n, { cpu: 1_000, memory: 2 * GI })).toBe(100);
  });

  it('rounds each resource down, then the average down', () => {
    // cpu: (4000-100)*100/4000 = 97.5 -> 97; memory: (8Gi-200Mi)*100/8Gi = 97.55 -> 97.
    expect(leastAllocated(info(node('n')), podNonZeroRequests(pod('p').spec))).toBe(97);
    // cpu: (3000-1000)*100/3000 = 66.67 -> 66; memory: (8Gi-1Gi)*100/8Gi = 87.5 -> 87; (66+87)/2 = 76.5 -> 76.
    expect(leastAllocated(info(node('n', { cpu: 3_000 })), { cpu: 1_000, memory: GI })).toBe(76);
  });

  it('scores a request above what is allocatable 0, and skips a resource with nothing allocatable', () => {
    expect(leastRequestedScore(5_000, 4_000)).toBe(0);
    expect(leastRequestedScore(1, 0)).toBe(0);
    expect(leastAllocated(info(node('n', { memory: 0 })), { cpu: 1_000, memory: GI })).toBe(75);
  });

  it('counts a container without requests as 100m and 200Mi when scoring, not when filtering', () => {
    const n = info(node('n', { cpu: 1_000, memory: GI }), [pod('a', { node: 'n' }), pod('b', { node: 'n' })]);
    expect(n.requested).toEqual({ cpu: 0, memory: 0 });
    expect(n.nonZeroRequested).toEqual({ cpu: 200, memory: 400 * MI });
    // 1000m - 200m - 100m = 700m left: 70; memory (1024-400-200)/1024 = 41.4 -> 41; (70+41)/2 = 55.
    expect(leastAllocated(n, podNonZeroRequests(pod('p').spec))).toBe(55);
    expect(resourcesFit.prepare(cycle(pod('p', { cpu: 1_000 }), [n]))(n)).toBeUndefined();
  });

  it('filters on every resource and on the pod count, naming each shortfall', () => {
    const full = info(node('n', { cpu: 2_000, memory: 2 * GI, pods: 2 }), [pod('a', { cpu: 1_500, memory: GI, node: 'n' }), pod('b', { cpu: 0, memory: 512 * MI, node: 'n' })]);
    const status = resourcesFit.prepare(cycle(pod('p', { cpu: 600, memory: 600 * MI }), [full]))(full);
    expect(status).toEqual({ code: 'Unschedulable', reasons: ['Too many pods', 'Insufficient cpu', 'Insufficient memory'] });
    // Exactly what is left fits.
    const some = info(node('n', { cpu: 2_000 }), [pod('a', { cpu: 1_500, node: 'n' })]);
    expect(resourcesFit.prepare(cycle(pod('p', { cpu: 500 }), [some]))(some)).toBeUndefined();
    expect(resourcesFit.prepare(cycle(pod('p', { cpu: 501 }), [some]))(some)?.reasons).toEqual(['Insufficient cpu']);
  });
});

describe('NodeResourcesBalancedAllocation', () => {
  it('is (1 - |f_cpu - f_mem| / 2) * 100 on actual requests, truncated', () => {
    // cpu 3000/4000 = 0.75, memory 2Gi/8Gi = 0.25: std 0.25 -> 75.
    const n = info(node('n'), [pod('a', { cpu: 2_000, memory: 2 * GI, node: 'n' })]);
    expect(balancedAllocation(n, { cpu: 1_000, memory: 0 })).toBe(75);
    // fractions 0.3 and 0.55: std 0.125 -> 87.5 -> 87.
    expect(balancedAllocation(info(node('n', { cpu: 10_000, memory: 100 * GI })), { cpu: 3_000, memory: 55 * GI })).toBe(87);
  });

  it('caps a fraction at 1', () => {
    // cpu 8000/4000 -> 1, memory 0: std 0.5 -> 50.
    expect(balancedAllocation(info(node('n')), { cpu: 8_000, memory: 0 })).toBe(50);
  });

  it('skips a pod that requests nothing', () => {
    expect(balancedAllocationScore.prepare(cycle(pod('p'), [info(node('n'))]), [])).toBeUndefined();
  });
});

describe('TaintToleration', () => {
  const tainted = (name: string, n: number) => info(node(name, { taints: Array.from({ length: n }, (_, i) => ({ key: `k${i}`, effect: 'PreferNoSchedule' as const })) }));

  it('filters a NoSchedule or NoExecute taint the pod does not tolerate', () => {
    const n = info(node('n', { taints: [{ key: 'gpu', value: 'yes', effect: 'NoSchedule' }] }));
    expect(taintTolerationFilter.prepare(cycle(pod('p'), [n]))(n)).toEqual({ code: 'UnschedulableAndUnresolvable', reasons: ['node(s) had untolerated taint {gpu: yes}'] });
    expect(taintTolerationFilter.prepare(cycle(pod('p', { spec: { tolerations: [{ key: 'gpu', operator: 'Exists' }] } }), [n]))(n)).toBeUndefined();
    expect(taintTolerationFilter.prepare(cycle(pod('p', { spec: { tolerations: [{ key: 'gpu', value: 'no' }] } }), [n]))(n)).toBeDefined();
    const soft = info(node('s', { taints: [{ key: 'x', effect: 'PreferNoSchedule' }] }));
    expect(taintTolerationFilter.prepare(cycle(pod('p'), [soft]))(soft)).toBeUndefined();
  });

  it('scores untolerated PreferNoSchedule taints in reverse: 100 - 100 * raw / max', () => {
    const c = cycle(pod('p'), [tainted('a', 0), tainted('b', 1), tainted('c', 2), tainted('d', 3)]);
    expect(scores(taintTolerationScore, c)).toEqual({ raw: [0, 1, 2, 3], normalized: [100, 67, 34, 0] });
    // Tolerating the PreferNoSchedule taint k0 (effect given or empty) removes it from the count.
    const tolerant = cycle(pod('p', { spec: { tolerations: [{ key: 'k0', operator: 'Exists' }] } }), c.nodes);
    expect(scores(taintTolerationScore, tolerant)!.raw).toEqual([0, 0, 1, 2]);
  });

  it('gives every node 100 when no node has such taints', () => {
    expect(scores(taintTolerationScore, cycle(pod('p'), [tainted('a', 0), tainted('b', 0)]))!.normalized).toEqual([100, 100]);
  });
});

describe('NodeAffinity', () => {
  const zone = (name: string, z: string, disk?: string) => info(node(name, { labels: { zone: z, ...(disk ? { disk } : {}) } }));

  it('filters on nodeSelector and on required terms (ORed; requirements ANDed)', () => {
    const nodes = [zone('a', 'z1', 'ssd'), zone('b', 'z2', 'hdd'), zone('c', 'z3')];
    const sel = pod('p', { spec: { nodeSelector: { disk: 'ssd' } } });
    expect(nodes.map((n) => nodeAffinityFilter.prepare(cycle(sel, nodes))(n) === undefined)).toEqual([true, false, false]);
    const terms = pod('p', {
      spec: {
        affinity: {
          nodeAffinity: {
            required: [
              { matchExpressions: [{ key: 'zone', operator: 'In', values: ['z1', 'z2'] }, { key: 'disk', operator: 'NotIn', values: ['ssd'] }] },
              { matchExpressions: [{ key: 'disk', operator: 'DoesNotExist' }] },
            ],
          },
        },
      },
    });
    expect(nodes.map((n) => nodeAffinityFilter.prepare(cycle(terms, nodes))(n) === undefined)).toEqual([false, true, true]);
  });

  it('compares Gt and Lt as integers', () => {
    const big = info(node('big', { labels: { cores: '64' } }));
    const small = info(node('small', { labels: { cores: '8' } }));
    const p = pod('p', { spec: { affinity: { nodeAffinity: { required: [{ matchExpressions: [{ key: 'cores', operator: 'Gt', values: ['16'] }] }] } } } });
    expect([big, small].map((n) => nodeAffinityFilter.prepare(cycle(p, [big, small]))(n) === undefined)).toEqual([true, false]);
  });

  it('scores the summed weights of matching preferred terms, normalised by the largest', () => {
    const nodes = [zone('a', 'z1', 'ssd'), zone('b', 'z2', 'ssd'), zone('c', 'z2')];
    const p = pod('p', {
      spec: {
        affinity: {
          nodeAffinity: {
            preferred: [
              { weight: 30, preference: { matchExpressions: [{ key: 'zone', operator: 'In', values: ['z1'] }] } },
              { weight: 10, preference: { matchExpressions: [{ key: 'disk', operator: 'Exists' }] } },
            ],
          },
        },
      },
    });
    expect(scores(nodeAffinityScore, cycle(p, nodes))).toEqual({ raw: [40, 10, 0], normalized: [100, 25, 0] });
    expect(nodeAffinityScore.prepare(cycle(pod('q'), nodes), nodes)).toBeUndefined();
  });
});

describe('PodTopologySpread', () => {
  const app = { app: 'web' };
  const spread = (maxSkew: number, topologyKey: string, extra: Partial<TopologySpreadConstraint> = {}): TopologySpreadConstraint => ({ maxSkew, topologyKey, whenUnsatisfiable: 'DoNotSchedule', labelSelector: { matchLabels: app }, ...extra });
  const inZone = (name: string, z: string | undefined, running: number) =>
    info(node(name, { labels: z === undefined ? {} : { zone: z } }), Array.from({ length: running }, (_, i) => pod(`${name}-${i}`, { labels: app, node: name })));

  it('filters by skew = matching in the domain + self − global minimum', () => {
    const nodes = [inZone('a1', 'a', 2), inZone('b1', 'b', 0), inZone('b2', 'b', 1)];
    const p = pod('p', { labels: app, spec: { topologySpreadConstraints: [spread(1, 'zone')] } });
    expect(spreadCounts(p, nodes)).toEqual([{ topologyKey: 'zone', maxSkew: 1, counts: { a: 2, b: 1 }, globalMin: 1, selfMatch: 1 }]);
    const filter = topologySpreadFilter.prepare(cycle(p, nodes));
    // zone a: 2 + 1 - 1 = 2 > 1; zone b: 1 + 1 - 1 = 1.
    expect(nodes.map((n) => filter(n)?.code)).toEqual(['Unschedulable', undefined, undefined]);
  });

  it('refuses a node without the topology key outright, and counts only nodes that have it', () => {
    const nodes = [inZone('a1', 'a', 1), inZone('x', undefined, 5)];
    const p = pod('p', { labels: app, spec: { topologySpreadConstraints: [spread(1, 'zone')] } });
    const filter = topologySpreadFilter.prepare(cycle(p, nodes));
    expect(filter(nodes[0]!)).toBeUndefined();
    expect(filter(nodes[1]!)?.code).toBe('UnschedulableAndUnresolvable');
  });

  it('takes the global minimum as 0 when there are fewer domains than minDomains', () => {
    const nodes = [inZone('a1', 'a', 1), inZone('b1', 'b', 1)];
    const p = pod('p', { labels: app, spec: { topologySpreadConstraints: [spread(1, 'zone', { minDomains: 3 })] } });
    // Without minDomains the skew would be 1 + 1 - 1 = 1; with it, 1 + 1 - 0 = 2.
    expect(nodes.map((n) => topologySpreadFilter.prepare(cycle(p, nodes))(n)?.code)).toEqual(['Unschedulable', 'Unschedulable']);
  });

  it('counts only nodes the pod could go to by its node affinity', () => {
    const nodes = [info(node('a1', { labels: { zone: 'a', pool: 'x' } })), info(node('b1', { labels: { zone: 'b', pool: 'y' } }), [pod('q', { labels: app, node: 'b1' })])];
    const p = pod('p', { labels: app, spec: { nodeSelector: { pool: 'y' }, topologySpreadConstraints: [spread(1, 'zone')] } });
    // Zone a is not eligible, so the minimum is zone b's own 1: 1 + 1 - 1 = 1, allowed.
    expect(spreadCounts(p, nodes)[0]!.counts).toEqual({ b: 1 });
    expect(topologySpreadFilter.prepare(cycle(p, nodes))(nodes[1]!)).toBeUndefined();
  });

  it('scores by count · ln(domains + 2) + (maxSkew − 1), rounded, normalised as 100 · (max + min − raw) / max', () => {
    const nodes = [inZone('a', 'z', 2), inZone('b', 'z', 1), inZone('c', 'z', 0)];
    const p = pod('p', { labels: app, spec: { topologySpreadConstraints: [{ ...spread(1, 'kubernetes.io/hostname'), whenUnsatisfiable: 'ScheduleAnyway' }] } });
    // ln(3 + 2) = 1.609: raw round(2 · 1.609) = 3, round(1.609) = 2, 0.
    expect(scores(topologySpreadScore, cycle(p, nodes))).toEqual({ raw: [3, 2, 0], normalized: [0, 33, 100] });
  });

  it('uses the system defaults (hostname maxSkew 3, zone maxSkew 5) for a pod with no constraints and a selector', () => {
    const nodes = [inZone('a', 'z1', 2), inZone('b', 'z1', 0), inZone('c', undefined, 0)];
    const withZoneKey = nodes.map((n) => ({ ...n, node: { ...n.node, metadata: { ...n.node.metadata, labels: { ...n.node.metadata.labels, ...(n.node.metadata.labels?.['zone'] ? { 'topology.kubernetes.io/zone': n.node.metadata.labels['zone']! } : {}) } } } }));
    const p = pod('p', { labels: app });
    expect(topologySpreadScore.prepare(cycle(p, withZoneKey), withZoneKey)).toBeUndefined();
    const s = scores(topologySpreadScore, cycle(p, withZoneKey, { matchLabels: app }))!;
    // hostname weight ln(3+2): a 2·1.609+2 = 5.22, b 0+2 = 2, c 2; zone weight ln(1+2) = 1.099 for z1 (count 2): +2.197+4.
    expect(s.raw).toEqual([Math.round(2 * Math.log(5) + 2 + 2 * Math.log(3) + 4), Math.round(2 + 2 * Math.log(3) + 4), 2]);
    expect(s.normalized[2]).toBe(100);
  });
});

describe('NodeUnschedulable', () => {
  it('keeps pods off a cordoned node unless they tolerate it', () => {
    const n = info(node('n', { unschedulable: true }));
    expect(nodeUnschedulable.prepare(cycle(pod('p'), [n]))(n)?.reasons).toEqual(['node(s) were unschedulable']);
    expect(nodeUnschedulable.prepare(cycle(pod('p', { spec: { tolerations: [{ key: 'node.kubernetes.io/unschedulable', operator: 'Exists', effect: 'NoSchedule' }] } }), [n]))(n)).toBeUndefined();
  });
});

describe('the scheduling cycle', () => {
  it('normalises with integer division', () => {
    expect(defaultNormalize([1, 2, 3], false)).toEqual([33, 66, 100]);
    expect(defaultNormalize([0, 0], false)).toEqual([0, 0]);
    expect(defaultNormalize([0, 0], true)).toEqual([100, 100]);
  });

  it('weighs every plugin (TaintToleration 3, NodeAffinity 2, PodTopologySpread 2, the resources 1) and picks the best total', () => {
    const nodes = [info(node('a', { taints: [{ key: 't', effect: 'PreferNoSchedule' }] })), info(node('b'))];
    const d = runCycle(DEFAULT_PROFILE, cycle(pod('p', { cpu: 1_000, memory: GI }), nodes), () => 0);
    expect(d.node).toBe('b');
    const b = d.nodes.find((n) => n.node === 'b')!;
    expect(b.scores!['TaintToleration']).toEqual({ raw: 0, normalized: 100, weighted: 300 });
    expect(b.scores!['NodeResourcesFit']).toEqual({ raw: 81, normalized: 81, weighted: 81 });
    expect(b.total).toBe(300 + 81 + b.scores!['NodeResourcesBalancedAllocation']!.weighted);
    expect(d.skipped).toEqual(['NodeAffinity', 'PodTopologySpread']);
    expect(d.nodes.find((n) => n.node === 'a')!.scores!['TaintToleration']!.weighted).toBe(0);
  });

  it('reports the first filter that refused each node, and no node when none is feasible', () => {
    const nodes = [info(node('a', { cpu: 500 })), info(node('b', { taints: [{ key: 'x', effect: 'NoExecute' }] }))];
    const d = runCycle(DEFAULT_PROFILE, cycle(pod('p', { cpu: 1_000 }), nodes), () => 0);
    expect(d.node).toBeUndefined();
    expect(d.nodes.map((n) => n.filter?.plugin)).toEqual(['NodeResourcesFit', 'TaintToleration']);
  });

  it('does not score when one node is feasible', () => {
    const d = runCycle(DEFAULT_PROFILE, cycle(pod('p', { cpu: 1_000 }), [info(node('a', { cpu: 500 })), info(node('b'))]), () => 0);
    expect(d).toMatchObject({ node: 'b', feasible: 1 });
    expect(d.nodes[1]!.scores).toBeUndefined();
  });

  it('breaks ties uniformly by reservoir sampling from the random stream', () => {
    expect(selectHost([5, 9, 9, 3, 9], () => 0.99)).toBe(1);
    expect(selectHost([5, 9, 9, 3, 9], () => 0)).toBe(4);
    const counts = [0, 0, 0];
    let x = 12_345;
    const random = () => ((x = (Math.imul(x, 1_103_515_245) + 12_345) >>> 0) / 2 ** 32);
    for (let i = 0; i < 3_000; i++) counts[selectHost([7, 7, 7], random)]!++;
    for (const c of counts) expect(c).toBeGreaterThan(850);
  });
});
