/** The `kubernetes:` section: defaults, shorthands, and issues named by path. */
import { describe, expect, it } from 'vitest';
import { KUBERNETES } from '../../../protocols/k8s/index.js';
import { DEFAULT_TIMINGS } from '../../../protocols/k8s/timings.js';

const parse = (raw: unknown) => KUBERNETES.spec.parse(raw, { replicas: [] });
const issues = (raw: unknown) => {
  const r = parse(raw);
  return r.ok ? [] : r.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
};

describe('the kubernetes section', () => {
  it('expands a node count into default nodes, and a group list into named nodes with zones', () => {
    const a = parse({ nodes: 2 });
    expect(a.ok && a.value.nodes.map((n) => [n.name, n.capacity])).toEqual([
      ['node-1', { cpu: 4_000, memory: 8 * 2 ** 30, pods: 110 }],
      ['node-2', { cpu: 4_000, memory: 8 * 2 ** 30, pods: 110 }],
    ]);
    const b = parse({ nodes: [{ count: 2, cpu: '3500m', memory: '16Gi', zone: 'a', taints: [{ key: 'gpu', effect: 'NoSchedule' }] }, { name: 'edge', pods: 10, labels: { role: 'edge' } }] });
    expect(b.ok && b.value.nodes.map((n) => [n.name, n.capacity.cpu, n.labels, n.taints.length])).toEqual([
      ['node-1', 3_500, { 'topology.kubernetes.io/zone': 'a' }, 1],
      ['node-2', 3_500, { 'topology.kubernetes.io/zone': 'a' }, 1],
      ['edge', 4_000, { role: 'edge' }, 0],
    ]);
  });

  it('builds deployments with requests, scheduling terms and rollout settings', () => {
    const r = parse({
      nodes: 1,
      deployments: [
        {
          name: 'web',
          replicas: 4,
          cpu: '250m',
          memory: '64Mi',
          nodeSelector: { disk: 'ssd' },
          tolerations: [{ key: 'gpu', operator: 'Exists' }],
          spread: [{ maxSkew: 1, topologyKey: 'zone' }],
          affinity: { preferred: [{ weight: 5, match: [{ key: 'zone', operator: 'In', values: ['a'] }] }] },
          maxSurge: 1,
          maxUnavailable: '0%',
        },
      ],
      services: [{ name: 'web' }],
    });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const d = r.value.deployments[0]!;
    expect(d.template.spec.containers[0]).toEqual({ name: 'web', image: 'web:1', requests: { cpu: 250, memory: 64 * 2 ** 20 } });
    expect(d.template.spec.topologySpreadConstraints).toEqual([{ maxSkew: 1, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'DoNotSchedule', labelSelector: { matchLabels: { app: 'web' } } }]);
    expect(d.template.spec.affinity?.nodeAffinity?.preferred?.[0]?.preference.matchExpressions[0]?.key).toBe('topology.kubernetes.io/zone');
    expect([d.maxSurge, d.maxUnavailable]).toEqual([1, '0%']);
    expect(r.value.services).toEqual([{ name: 'web', selector: { app: 'web' } }]);
    expect(r.value.timings).toEqual(DEFAULT_TIMINGS);
  });

  it('schedules changes: a rollout bumps the image, a scale sets replicas', () => {
    const r = parse({ nodes: 1, deployments: [{ name: 'web', replicas: 2 }], changes: [{ at: '10s', deployment: 'web', rollout: true }, { at: '20s', deployment: 'web', replicas: 5 }], timings: { nodeMonitorGracePeriod: '5s', nodeLeaseRenewInterval: '1s', podStartup: { uniform: ['100ms', '300ms'] } } });
    expect(r.ok && r.value.changes).toEqual([
      { at: 10_000_000, deployment: 'web', image: 'web:2' },
      { at: 20_000_000, deployment: 'web', replicas: 5 },
    ]);
    expect(r.ok && [r.value.timings.nodeMonitorGracePeriod, r.value.timings.podStartup]).toEqual([5_000_000, { kind: 'uniform', min: 100_000, max: 300_000 }]);
  });

  it('names the field of every mistake', () => {
    expect(issues({})).toEqual(['nodes: expected a node count or a list of node groups, found nothing']);
    expect(issues({ nodes: 1, deployments: [{ name: 'web' }] })).toEqual(['deployments.0.replicas: expected a whole number of at least 0, found nothing']);
    expect(issues({ nodes: 0 })).toEqual(['nodes: expected a whole number of at least 1']);
    expect(issues({ nodes: [{ cpu: 'lots' }] })).toEqual(['nodes.0.cpu: expected a CPU quantity such as 4 or 3500m, found "lots"']);
    expect(issues({ nodes: 1, pods: 3 })).toEqual(['pods: unknown field']);
    expect(issues({ nodes: [{ taints: [{ key: 'a', effect: 'Sometimes' }] }] })).toEqual(['nodes.0.taints.0.effect: expected NoSchedule, PreferNoSchedule or NoExecute, found "Sometimes"']);
    expect(issues({ nodes: 1, deployments: [{ name: 'Web', replicas: 1 }] })[0]).toMatch(/^deployments\.0\.name: expected a lowercase name/);
    expect(issues({ nodes: 1, deployments: [{ name: 'web', replicas: 1, maxSurge: 0, maxUnavailable: 0 }] })).toEqual(['deployments.0.maxUnavailable: maxSurge and maxUnavailable cannot both be 0']);
    expect(issues({ nodes: 1, changes: [{ at: '1s', deployment: 'api', replicas: 2 }] })).toEqual(['changes.0.deployment: no deployment is named "api" (deployments: none)']);
    expect(issues({ nodes: 1, timings: { nodeMonitorGracePeriod: 40 } })).toEqual(['timings.nodeMonitorGracePeriod: expected a duration such as 250ms, 1.5s or 2m, found 40']);
    expect(issues({ nodes: 1, timings: { nodeLeaseRenewInterval: '1m' } })[0]).toMatch(/^timings.nodeLeaseRenewInterval: must be shorter than nodeMonitorGracePeriod/);
    expect(issues({ nodes: 1, services: [{ name: 'db' }] })).toEqual(['services.0.selector: give a selector (no deployment is named "db")']);
  });
});
