/**
 * Each invariant on hand-written fact streams: it reports what breaks it, and stays silent where the
 * facts leave a doubt (a span that may hold the change the violation would need).
 */
import { describe, expect, it } from 'vitest';
import { K8S_CHECKS } from '../../../protocols/k8s/index.js';
import type { TraceCheck } from '../../../sim/checks/index.js';
import type { TraceEvent } from '../../../sim/trace.js';

type Ev = { readonly t?: number; readonly kind: string; readonly node?: string; readonly [k: string]: unknown };

function judge(name: string, events: readonly Ev[], run = { duration: 100, end: 200 }): string[] {
  const check: TraceCheck = K8S_CHECKS[name]!();
  events.forEach((e, seq) => check.observe({ seq, t: e.t ?? seq, ...e } as TraceEvent));
  return check.finish({ history: [], ...run }).map((v) => v.message);
}

const node = (name: string, o: { cpu?: number; memory?: number; pods?: number; labels?: Record<string, string>; taints?: unknown[] } = {}): Ev => ({
  kind: 'k8s.node-start',
  name,
  cpu: o.cpu ?? 4_000,
  memory: o.memory ?? 8_000,
  pods: o.pods ?? 110,
  labels: { 'kubernetes.io/hostname': name, ...(o.labels ?? {}) },
  taints: o.taints ?? [],
});
const pod = (name: string, o: { cpu?: number; owner?: string; labels?: Record<string, string>; at?: number; spread?: unknown[]; nodeSelector?: Record<string, string>; tolerations?: unknown[] } = {}): Ev => ({
  kind: 'k8s.pod',
  pod: name,
  ...(o.owner ? { owner: o.owner } : {}),
  labels: o.labels ?? {},
  requests: { cpu: o.cpu ?? 1_000, memory: 100 },
  priority: 0,
  ...(o.nodeSelector ? { nodeSelector: o.nodeSelector } : {}),
  tolerations: o.tolerations ?? [],
  spread: o.spread ?? [],
  lo: o.at ?? 1,
  hi: o.at ?? 1,
});
const bind = (p: string, n: string, lo: number, hi = lo): Ev => ({ kind: 'k8s.bind', pod: p, name: n, lo, hi });
const del = (p: string, lo: number, hi = lo): Ev => ({ kind: 'k8s.pod-delete', pod: p, reason: 'scale-down', lo, hi });

describe('capacity', () => {
  it('reports a node whose bound pods request more than it has', () => {
    const v = judge('k8s-capacity', [node('n', { cpu: 3_000 }), pod('a', { cpu: 2_000 }), pod('b', { cpu: 2_000 }), bind('a', 'n', 10), bind('b', 'n', 12), { kind: 'k8s.pod-phase', pod: 'b', phase: 'Failed', ready: false, reason: 'OutOfcpu', lo: 14, hi: 14 }]);
    expect(v).toEqual(['node n over capacity once b was bound at position 12: cpu 4000m > 3000m; its kubelet refused b (OutOfcpu)']);
  });

  it('counts pods, and frees what a deletion or failure before the binding freed', () => {
    expect(judge('k8s-capacity', [node('n', { pods: 1 }), pod('a'), pod('b'), bind('a', 'n', 10), bind('b', 'n', 12)])).toEqual(['node n over capacity once b was bound at position 12: 2 pods > 1']);
    expect(judge('k8s-capacity', [node('n', { cpu: 3_000 }), pod('a', { cpu: 2_000 }), pod('b', { cpu: 2_000 }), bind('a', 'n', 10), del('a', 11), bind('b', 'n', 12)])).toEqual([]);
  });

  it('gives the benefit of the doubt: a deletion that may have come first, a binding that may have come later', () => {
    const base = [node('n', { cpu: 3_000 }), pod('a', { cpu: 2_000 }), pod('b', { cpu: 2_000 })];
    expect(judge('k8s-capacity', [...base, bind('a', 'n', 10), del('a', 11, 20), bind('b', 'n', 12)])).toEqual([]);
    expect(judge('k8s-capacity', [...base, bind('a', 'n', 10), del('a', 13), bind('b', 'n', 12)])).toHaveLength(1);
  });
});

describe('binding', () => {
  it('reports a pod bound twice', () => {
    expect(judge('k8s-binding', [node('n1'), node('n2'), pod('a'), bind('a', 'n1', 5), bind('a', 'n2', 7)])).toEqual(['pod a bound twice: to n1, then to n2']);
  });

  it('reports a binding against the node selector or the node’s own taints', () => {
    expect(judge('k8s-binding', [node('n', { labels: { disk: 'hdd' } }), pod('a', { nodeSelector: { disk: 'ssd' } }), bind('a', 'n', 5)])[0]).toMatch(/nodeSelector/);
    const tainted = node('n', { taints: [{ key: 'gpu', effect: 'NoSchedule' }] });
    expect(judge('k8s-binding', [tainted, pod('a'), bind('a', 'n', 5)])[0]).toMatch(/taint gpu:NoSchedule is not tolerated/);
    expect(judge('k8s-binding', [tainted, pod('a', { tolerations: [{ key: 'gpu', operator: 'Exists' }] }), bind('a', 'n', 5)])).toEqual([]);
  });

  it('reports a spread constraint certainly broken at the binding, and only then', () => {
    const spread = [{ maxSkew: 1, topologyKey: 'zone', whenUnsatisfiable: 'DoNotSchedule', labelSelector: { matchLabels: { app: 'w' } } }];
    const w = { labels: { app: 'w' }, spread };
    const nodes = [node('a1', { labels: { zone: 'a' } }), node('b1', { labels: { zone: 'b' } })];
    const decided = (p: string, n: string): Ev => ({ kind: 'k8s.schedule', pod: p, decision: { node: n, feasible: 2, skipped: [], nodes: [{ node: 'a1' }, { node: 'b1' }] }, spread: [], assumed: true });
    const pods = [pod('p1', w), pod('p2', w), pod('p3', w), decided('p1', 'a1'), decided('p2', 'b1'), decided('p3', 'a1')];
    // p3 joins p1 in zone a while zone b is still empty: skew 1 + 1 − 0 = 2.
    expect(judge('k8s-binding', [...nodes, ...pods, bind('p1', 'a1', 10), bind('p3', 'a1', 12), bind('p2', 'b1', 14)])).toEqual([expect.stringMatching(/^pod p3 .*spreading over zone was skewed 2 > maxSkew 1/)]);
    // With p2 in zone b first, p3's skew is 1; with p2's binding possibly first, it may have been 1: no report.
    expect(judge('k8s-binding', [...nodes, ...pods, bind('p1', 'a1', 10), bind('p2', 'b1', 11), bind('p3', 'a1', 12)])).toEqual([]);
    expect(judge('k8s-binding', [...nodes, ...pods, bind('p1', 'a1', 10), bind('p3', 'a1', 12), bind('p2', 'b1', 0, 14)])).toEqual([]);
    // A node the scheduler's snapshot did not have is no domain to it.
    const blind = (p: string): Ev => ({ kind: 'k8s.schedule', pod: p, decision: { node: 'a1', feasible: 1, skipped: [], nodes: [{ node: 'a1' }] }, spread: [], assumed: true });
    expect(judge('k8s-binding', [...nodes, pod('p1', w), pod('p3', w), blind('p1'), blind('p3'), bind('p1', 'a1', 10), bind('p3', 'a1', 12)])).toEqual([]);
  });
});

describe('convergence', () => {
  const rs = (name: string, replicas: number, at: number, hash = 'h1'): Ev => ({ kind: 'k8s.replicas', rs: name, deployment: 'd', replicas, hash, lo: at, hi: at });
  const dep = (replicas: number, hash: string, at: number): Ev => ({ kind: 'k8s.deployment', deployment: 'd', replicas, maxSurge: 1, maxUnavailable: 1, hash, lo: at, hi: at });

  it('reports a ReplicaSet whose active pods are not its desired count', () => {
    const events = [dep(3, 'h1', 1), rs('rs1', 3, 2), pod('a', { owner: 'rs1', at: 3 }), pod('b', { owner: 'rs1', at: 4 }), pod('c', { owner: 'rs1', at: 5 }), del('c', 9)];
    expect(judge('k8s-convergence', events)).toEqual(['ReplicaSet rs1 did not converge: 2 active pods, 3 desired']);
    expect(judge('k8s-convergence', [...events, pod('d', { owner: 'rs1', at: 10 })])).toEqual([]);
  });

  it('takes the last census as the truth about which pods exist', () => {
    const events = [dep(1, 'h1', 1), rs('rs1', 1, 2), pod('a', { owner: 'rs1', at: 3 }), pod('b', { owner: 'rs1', at: 4 }), { kind: 'k8s.census', at: 8, pods: ['b'] }];
    expect(judge('k8s-convergence', events)).toEqual([]);
  });

  it('reports a Deployment whose rollout did not finish', () => {
    const events = [dep(2, 'h1', 1), rs('old', 2, 2, 'h1'), dep(2, 'h2', 5), rs('new', 2, 6, 'h2'), rs('old', 1, 7, 'h1')];
    expect(judge('k8s-convergence', events)).toContain('Deployment d did not finish: ReplicaSet old (old) desires 1, not 0');
  });

  it('judges nothing without a settle period', () => {
    expect(judge('k8s-convergence', [rs('rs1', 3, 2)], { duration: 100, end: 100 })).toEqual([]);
  });
});

describe('rollout', () => {
  const dep = (hash: string, at: number): Ev => ({ kind: 'k8s.deployment', deployment: 'd', replicas: 2, maxSurge: 1, maxUnavailable: 0, hash, lo: at, hi: at });
  const rs = (name: string, replicas: number, at: number, hash: string): Ev => ({ kind: 'k8s.replicas', rs: name, deployment: 'd', replicas, hash, lo: at, hi: at });
  const ready = (p: string, r: boolean, at: number): Ev => ({ kind: 'k8s.pod-phase', pod: p, phase: 'Running', ready: r, lo: at, hi: at });
  const start = [dep('h1', 1), rs('old', 2, 2, 'h1'), pod('o1', { owner: 'old', at: 3 }), pod('o2', { owner: 'old', at: 4 }), ready('o1', true, 5), ready('o2', true, 6), dep('h2', 10)];

  it('reports a surge above replicas + maxSurge in desired counts', () => {
    expect(judge('k8s-rollout', [...start, rs('new', 2, 11, 'h2')])[0]).toMatch(/desire 4 pods, above replicas 2 \+ maxSurge 1/);
    expect(judge('k8s-rollout', [...start, rs('new', 1, 11, 'h2'), rs('old', 1, 12, 'h1'), rs('new', 2, 13, 'h2')])).toEqual([]);
  });

  it('reports availability below replicas − maxUnavailable during a rollout, in runs without node faults', () => {
    const broken = [...start, rs('new', 1, 11, 'h2'), pod('n1', { owner: 'new', at: 12 }), del('o1', 13)];
    expect(judge('k8s-rollout', broken)[0]).toMatch(/only 1 pods were available at position 13, below replicas 2 − maxUnavailable 0/);
    expect(judge('k8s-rollout', [...broken, { kind: 'node.crash', node: 'kubelet-1' }])).toEqual([]);
    expect(judge('k8s-rollout', [...start, rs('new', 1, 11, 'h2'), pod('n1', { owner: 'new', at: 12 }), ready('n1', true, 13), del('o1', 14)])).toEqual([]);
  });
});

describe('eviction', () => {
  const S = 1_000_000;
  const config: Ev = { kind: 'k8s.config', grace: 4 * S, startupGrace: 6 * S, monitorPeriod: S, evictionRate: 0.1, secondaryEvictionRate: 0.01, unhealthyZoneThreshold: 0.55, largeClusterSizeThreshold: 50 };
  const beat = (n: string, seq: number, t: number, at = seq): Ev[] => [
    { t, kind: 'k8s.heartbeat-sent', name: n, seq },
    { t: t + 1_000, kind: 'k8s.heartbeat', name: n, seq, lo: at, hi: at },
  ];
  const marked = (t: number, at: number): Ev => ({ t, kind: 'k8s.node-ready', node: 'controller-manager', name: 'n', status: 'Unknown', grace: 4 * S, at });
  const evict = (t: number): Ev => ({ t, kind: 'k8s.evict', node: 'controller-manager', pod: 'a', name: 'n', taint: 'node.kubernetes.io/unreachable', tolerationSeconds: 5, grace: 4 * S });
  const tolerating = pod('a', { tolerations: [{ key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 5 }] });
  const base: Ev[] = [{ t: 0, ...config }, { t: 0, ...node('n') }, { t: 0, ...node('m') }, { t: 0, ...tolerating }, { t: 1, ...bind('a', 'n', 5) }, ...beat('n', 1, S, 10)];
  /** Node m stays alive, so its zone is not disrupted. */
  const keepAlive = (until: number): Ev[] => Array.from({ length: until / S }, (_, i) => beat('m', i + 1, i * S)).flat();
  const sorted = (events: Ev[]): Ev[] => [...events].sort((a, b) => (a.t ?? 0) - (b.t ?? 0));
  const run = { duration: 20 * S, end: 20 * S };

  it('reports a node marked Unknown within the grace period of a heartbeat the store had', () => {
    // The heartbeat sent at 1s reached the store (position 10) before the controller's read (20).
    expect(judge('k8s-eviction', sorted([...base, marked(3 * S, 20)]), run)).toEqual([expect.stringMatching(/node n marked Ready=Unknown though a heartbeat sent 2\.000s before/)]);
    expect(judge('k8s-eviction', sorted([...base, marked(5.5 * S, 20)]), run)).toEqual([]);
    // A heartbeat the controller's read could not have seen does not count against it.
    expect(judge('k8s-eviction', sorted([...base, marked(3 * S, 9)]), run)).toEqual([]);
  });

  it('reports an eviction before the toleration has passed since the node was marked', () => {
    expect(judge('k8s-eviction', sorted([...base, marked(5.5 * S, 20), evict(8 * S)]), run)).toEqual([expect.stringMatching(/pod a evicted from n 2\.500s early/)]);
    expect(judge('k8s-eviction', sorted([...base, marked(5.5 * S, 20), evict(10.6 * S), { t: 10.7 * S, ...del('a', 30) }]), run)).toEqual([]);
    expect(judge('k8s-eviction', sorted([...base, evict(10.6 * S)]), run)).toEqual(['pod a evicted from n, which was never marked not ready']);
  });

  it('lets a controller manager whose clock was moved decide by its own clock', () => {
    expect(judge('k8s-eviction', sorted([...base, { t: 2 * S, kind: 'clock.skew', node: 'controller-manager' }, marked(3 * S, 20), evict(4 * S)]), run)).toEqual([]);
  });

  it('reports a pod never evicted from a node silent for good, when nothing else was faulted', () => {
    const long = { duration: 40 * S, end: 40 * S };
    expect(judge('k8s-eviction', sorted([...base, ...keepAlive(40 * S)]), long)).toEqual([expect.stringMatching(/pod a was never evicted from n/)]);
    expect(judge('k8s-eviction', sorted([...base, ...keepAlive(40 * S), { t: 20 * S, ...del('a', 9) }]), long)).toEqual([]);
    // The store or the controller manager was faulted: it may rightly be late.
    expect(judge('k8s-eviction', sorted([...base, ...keepAlive(40 * S), { t: 2 * S, kind: 'node.crash', node: 'n1' }]), long)).toEqual([]);
    // A zone where every node is silent is fully disrupted: Kubernetes evicts nothing there.
    expect(judge('k8s-eviction', sorted([...base, ...beat('m', 1, S)]), long)).toEqual([]);
  });
});
