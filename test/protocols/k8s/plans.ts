/**
 * Random clusters, workloads and faults for the property suites: the shape of the cluster, the
 * Deployments on it, the changes the operator makes, and a script of faults aimed at the kubelets,
 * the control plane's actors and the store's replicas.
 */
import fc from 'fast-check';
import type { Fault, ScheduledFault } from '../../../sim/nemesis.js';
import { uniform } from '../../../sim/latency.js';
import { check } from '../../../sim/check/index.js';
import { cluster, FAST } from './harness.js';

const S = 1_000_000;

export interface ClusterPlan {
  readonly protocol: string;
  readonly seed: number;
  readonly kubernetes: Record<string, unknown>;
  readonly faults: readonly ScheduledFault[];
  readonly drop: number;
}

const nodeGroup = fc.record({
  count: fc.integer({ min: 1, max: 3 }),
  cpu: fc.constantFrom(2, 4, 8),
  memory: fc.constantFrom('4Gi', '8Gi', '16Gi'),
  zone: fc.constantFrom('a', 'b', 'c'),
  special: fc.boolean(),
});

const deployment = (i: number) =>
  fc.record({
    replicas: fc.integer({ min: 1, max: 8 }),
    cpu: fc.constantFrom('100m', '250m', '500m', '1'),
    memory: fc.constantFrom('128Mi', '256Mi', '1Gi'),
    tolerate: fc.boolean(),
    spread: fc.option(fc.record({ maxSkew: fc.integer({ min: 1, max: 2 }), hard: fc.boolean(), key: fc.constantFrom('zone', 'hostname') }), { nil: undefined }),
    zone: fc.option(fc.constantFrom('a', 'b', 'c'), { freq: 4, nil: undefined }),
    maxSurge: fc.constantFrom<number | string>(1, '25%', 0),
    maxUnavailable: fc.constantFrom<number | string>(1, '25%', 0),
  }).map((d) => ({
    name: `app${i}`,
    replicas: d.replicas,
    cpu: d.cpu,
    memory: d.memory,
    ...(d.tolerate ? { tolerations: [{ key: 'special', operator: 'Exists' }] } : {}),
    ...(d.spread ? { spread: [{ maxSkew: d.spread.maxSkew, topologyKey: d.spread.key, whenUnsatisfiable: d.spread.hard ? 'DoNotSchedule' : 'ScheduleAnyway' }] } : {}),
    ...(d.zone ? { nodeSelector: { 'topology.kubernetes.io/zone': d.zone } } : {}),
    maxSurge: d.maxSurge,
    maxUnavailable: d.maxSurge === 0 && d.maxUnavailable === 0 ? 1 : d.maxUnavailable,
  }));

/** A fault at a time in [1s, until), aimed at the cluster's actors. */
function faultArb(kubelets: number, until: number): fc.Arbitrary<ScheduledFault> {
  const kubelet = fc.integer({ min: 1, max: kubelets }).map((i) => `kubelet-${i}`);
  const control = fc.constantFrom('scheduler', 'controller-manager');
  const lasting = fc.integer({ min: 1, max: 12 }).map((n) => n * S);
  const fault: fc.Arbitrary<Fault> = fc.oneof(
    fc.record({ node: kubelet, restartAfter: lasting }).map((f): Fault => ({ kind: 'crash', ...f })),
    fc.record({ node: kubelet, healAfter: lasting }).map((f): Fault => ({ kind: 'isolate', ...f })),
    fc.record({ node: control, restartAfter: lasting }).map((f): Fault => ({ kind: 'crash', ...f })),
    fc.record({ node: control, resumeAfter: lasting }).map((f): Fault => ({ kind: 'pause', ...f })),
    fc.record({ node: fc.constantFrom<'leader' | 'follower'>('leader', 'follower'), restartAfter: lasting }).map((f): Fault => ({ kind: 'crash', ...f })),
    fc.record({ node: fc.constant('leader' as const), healAfter: lasting }).map((f): Fault => ({ kind: 'isolate', ...f })),
    fc.record({ node: control, delta: fc.integer({ min: -3, max: 3 }).map((n) => n * S) }).map((f): Fault => ({ kind: 'skew', ...f })),
  );
  return fc.record({ at: fc.integer({ min: 1, max: until / S - 1 }).map((n) => n * S), fault });
}

export function planArb(o: { readonly maxFaults: number; readonly until: number; readonly protocols: readonly string[] }): fc.Arbitrary<ClusterPlan> {
  return fc
    .record({
      protocol: fc.constantFrom(...o.protocols),
      seed: fc.integer({ min: 1, max: 2 ** 31 - 1 }),
      groups: fc.array(nodeGroup, { minLength: 1, maxLength: 3 }),
      deployments: fc.integer({ min: 1, max: 3 }).chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => deployment(i)))),
      rollout: fc.option(fc.integer({ min: 3, max: 15 }), { nil: undefined }),
      scale: fc.option(fc.record({ at: fc.integer({ min: 3, max: 18 }), replicas: fc.integer({ min: 0, max: 10 }) }), { nil: undefined }),
      drop: fc.constantFrom(0, 0, 0.01, 0.03),
    })
    .chain((r) => {
      const kubelets = r.groups.reduce((n, g) => n + g.count, 0);
      return fc.array(faultArb(kubelets, o.until), { maxLength: o.maxFaults }).map((faults) => ({ r, faults }));
    })
    .map(({ r, faults }) => {
      const changes = [
        ...(r.rollout === undefined ? [] : [{ at: `${r.rollout}s`, deployment: 'app0', rollout: true }]),
        ...(r.scale === undefined ? [] : [{ at: `${r.scale.at}s`, deployment: 'app0', replicas: r.scale.replicas }]),
      ].sort((a, b) => parseInt(a.at) - parseInt(b.at));
      return {
        protocol: r.protocol,
        seed: r.seed,
        drop: r.drop,
        faults: [...faults].sort((a, b) => a.at - b.at),
        kubernetes: {
          nodes: r.groups.map((g) => ({ count: g.count, cpu: g.cpu, memory: g.memory, zone: g.zone, ...(g.special ? { taints: [{ key: 'special', effect: 'NoSchedule' }] } : {}) })),
          deployments: r.deployments,
          timings: FAST,
          changes,
        },
      };
    });
}

/** Runs a plan: faults until `until`, then `settle` more; returns every problem found. */
export function runPlan(plan: ClusterPlan, until: number, settle: number): string[] {
  const c = cluster(plan.kubernetes, { protocol: plan.protocol, seed: plan.seed, network: { latency: uniform(500, 2_500), drop: plan.drop, duplicate: plan.drop / 2, reorder: plan.drop } });
  c.nemesis.schedule(plan.faults);
  const problems = c.judge(until, until + settle).map((v) => `${v.check}: ${v.message}`);
  const lin = check(c.world.history.ops, { model: 'znode', budget: { steps: 3_000_000 } });
  if (lin.verdict === 'not-linearizable') problems.push('linearizable: the store history is not linearizable');
  return problems;
}
