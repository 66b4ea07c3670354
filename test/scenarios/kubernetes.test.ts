/**
 * A scenario's `kubernetes:` section: validated with the file's lines like every other field, its
 * actors in groups the nemesis can aim at, its checks and mutant offered, and a store-ordering
 * protocol required under it.
 */
import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../scenarios/load.js';
import { plannedGroups } from '../../scenarios/groups.js';
import { run } from '../../scenarios/run.js';
import { rejection as error } from '../support/rejection.js';

const base = `protocol: raft
duration: 6s
settle: 3s
workload: { clients: 1, rate: 5/s }
kubernetes:
  nodes: 2
  deployments: [{ name: web, replicas: 2, cpu: 250m, memory: 64Mi }]
  timings: { nodeMonitorGracePeriod: 4s, nodeLeaseRenewInterval: 1s, defaultTolerationSeconds: 5, relistEvery: 10s, resyncEvery: 5s }
`;

describe('the kubernetes section', () => {
  it('adds the control plane’s groups, checks and mutant', () => {
    const plan = parseScenario(base, 'k.yaml');
    expect(plannedGroups(plan).map((g) => `${g.name}:${g.ids.join(',')}`)).toEqual(['replica:n1,n2,n3', 'client:c1', 'kubelet:kubelet-1,kubelet-2', 'scheduler:scheduler', 'controller-manager:controller-manager', 'kubectl:kubectl']);
    expect(plan.checks).toEqual(expect.arrayContaining(['k8s-capacity', 'k8s-binding', 'k8s-convergence', 'k8s-rollout', 'k8s-eviction']));
    expect(parseScenario(`${base}mutants: [K2]\n`, 'k.yaml').mutants).toEqual(['K2']);
    expect(error(`protocol: raft\nmutants: [K2]\n`)).toMatch(/mutants\[0\]: protocol 'raft' has no mutant 'K2'/);
  });

  it('names the file, line and field of a bad cluster', () => {
    expect(error(base.replace('replicas: 2, cpu: 250m', 'replicas: 2, cpu: lots'))).toMatch(/^bad\.yaml:7: kubernetes\.deployments\[0\]\.cpu: /);
    expect(error(base.replace('nodes: 2', 'nodes: -1'))).toMatch(/^bad\.yaml:6: kubernetes\.nodes: /);
    expect(error(base.replace('protocol: raft', 'protocol: primary-backup'))).toMatch(/^bad\.yaml:5: kubernetes: the control plane keeps its objects in the store, which protocol 'primary-backup' does not order/);
    expect(error(`protocol: raft\ncluster: { nodes: 2 }\n`)).toMatch(/unknown field 'cluster' \(a Kubernetes control plane is declared as kubernetes:\)/);
  });

  it('lets faults aim at its actors by name and by group, and restarts them when the faults end', () => {
    const plan = parseScenario(`${base}nemesis:\n  - { at: 1s, crash: kubelet-2 }\n  - { at: 2s, pause: { random-of: scheduler }, resume-after: 500ms }\n  - { at: 2s, skew: { node: controller-manager, by: 1s } }\n`, 'k.yaml');
    const result = run(plan, { keepTrace: 0 });
    expect(result.faults.map((f) => `${f.fault.kind} ${(f.fault as { node?: string }).node ?? ''}`.trim())).toEqual(expect.arrayContaining(['crash kubelet-2', 'pause scheduler', 'skew controller-manager']));
    expect(result.undone.some((f) => f.fault.kind === 'restart' && (f.fault as { node: string }).node === 'kubelet-2')).toBe(true);
    expect(error(`${base}nemesis:\n  - { at: 1s, crash: kubelet-9 }\n`)).toMatch(/unknown node 'kubelet-9' \(this scenario has replicas n1\.\.n3, kubelet kubelet-1, kubelet-2, scheduler scheduler,/);
    expect(error(`${base}nemesis:\n  - { at: 1s, crash: { random-of: pods } }\n`)).toMatch(/unknown group 'pods' \(expected replica, client, kubelet, scheduler, controller-manager, kubectl\)/);
  });
});
