/**
 * K2 (protocols.md §5.6): the scheduler skips the assume step. Two pods that each fit a node but not
 * together are queued back to back while the watch events that would show the first one bound are
 * delayed: the correct scheduler counts its assumption and leaves the second pending; the mutant
 * binds both, the capacity invariant reports the node overcommitted, and the kubelet refuses the
 * second (OutOfcpu).
 */
import { describe, expect, it } from 'vitest';
import { cluster, FAST, stored } from './harness.js';

const s = (n: number): number => n * 1_000_000;

function k2(mutants: readonly string[]) {
  const c = cluster({ nodes: [{ cpu: 4, memory: '8Gi' }], deployments: [{ name: 'big', replicas: 2, cpu: 3, memory: '1Gi' }], timings: FAST }, { mutants, keep: 100_000 });
  // Delay every data-change event to the scheduler (a binding is one) for the first five seconds.
  c.world.addRule({ id: 'slow-binds', match: { to: 'scheduler', kind: 'store.watch', where: (m) => (m as { type?: string }).type === 'NodeDataChanged' }, action: { kind: 'hold', bucket: 'binds' } });
  c.world.at(s(5), () => {
    c.world.removeRule('slow-binds');
    c.world.release('binds');
  });
  return { c, violations: c.judge(s(15), s(20)) };
}

describe('mutant K2: the scheduler skips the assume step', () => {
  it('the correct scheduler leaves the second pod pending', () => {
    const { c, violations } = k2([]);
    expect(violations).toEqual([]);
    const pods = stored(c.world, 'Pod');
    expect(pods.map((p) => p.status.phase).sort()).toEqual(['Pending', 'Running']);
    expect(c.world.trace.events().filter((e) => e.kind === 'k8s.reject')).toEqual([]);
  });

  it('the mutant overcommits the node, and the capacity invariant says so', () => {
    const { c, violations } = k2(['K2']);
    expect(violations.map((v) => v.check)).toContain('k8s-capacity');
    expect(violations.find((v) => v.check === 'k8s-capacity')!.message).toMatch(/node node-1 over capacity once .* was bound at position \d+: cpu 6000m > 4000m; its kubelet refused .* \(OutOfcpu\)/);
    expect(c.world.trace.events().some((e) => e.kind === 'k8s.reject')).toBe(true);
  });
});
