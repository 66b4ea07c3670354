/**
 * Measures the control plane at the issue's size: 50 nodes, 1,000 pods, a 5-replica Raft store,
 * Kubernetes' default timings. Not a test (no `.test.ts`): compile and run it with
 *
 *   npx tsc -p tsconfig.json --outDir /tmp/k8s-measure; cp package.json /tmp/k8s-measure/;
 *   ln -sf "$PWD/node_modules" /tmp/k8s-measure/node_modules; node /tmp/k8s-measure/test/protocols/k8s/measure.js
 *
 * It prints simulated seconds per wall second, events per second, and the virtual time at which the
 * last of the 1,000 pods was bound (and Running), with the trace at level `state` and every
 * control-plane check subscribed, as a run would have them; then the same without trace or checks.
 */
import { performance } from 'node:perf_hooks';
import { check } from '../../../sim/check/index.js';
import type { TraceLevel } from '../../../sim/trace.js';
import { cluster } from './harness.js';

const SPEC = {
  nodes: [
    { count: 25, cpu: 16, memory: '64Gi', zone: 'a' },
    { count: 25, cpu: 16, memory: '64Gi', zone: 'b' },
  ],
  deployments: [
    { name: 'web', replicas: 500, cpu: '500m', memory: '512Mi', spread: [{ maxSkew: 1, topologyKey: 'zone' }] },
    { name: 'batch', replicas: 500, cpu: '250m', memory: '256Mi' },
  ],
  services: [{ name: 'web' }],
};
const UNTIL = 120_000_000;

function measure(trace: TraceLevel): void {
  const c = cluster(SPEC, { seed: 1, replicas: 5, trace });
  const bound = new Set<string>();
  const running = new Set<string>();
  let allBound = 0;
  let allRunning = 0;
  let created = 0;
  c.world.trace.subscribe((e) => {
    const pod = e['pod'] as string | undefined;
    if (e.kind === 'k8s.deployment' && created === 0) created = e.t;
    if (e.kind === 'k8s.bind' && pod !== undefined && !bound.has(pod)) {
      bound.add(pod);
      if (bound.size === 1_000) allBound = e.t;
    }
    if (e.kind === 'k8s.pod-phase' && e['ready'] === true && pod !== undefined && !running.has(pod)) {
      running.add(pod);
      if (running.size === 1_000) allRunning = e.t;
    }
  });
  const t0 = performance.now();
  const violations = c.judge(UNTIL, UNTIL);
  const wall = (performance.now() - t0) / 1_000;
  const stats = c.world.stats;
  console.log(`trace ${trace}: ${UNTIL / 1e6}s simulated in ${wall.toFixed(2)}s wall = ${(UNTIL / 1e6 / wall).toFixed(1)} simulated s per wall s; ${stats.events} events = ${Math.round(stats.events / wall)} events/s; ${stats.messagesSent} messages; history ${c.world.history.ops.length} ops`);
  if (trace !== 'none') {
    console.log(`  deployments created at ${(created / 1e6).toFixed(3)}s; all 1,000 pods bound by ${(allBound / 1e6).toFixed(3)}s, all Running and Ready by ${(allRunning / 1e6).toFixed(3)}s; violations: ${violations.length}`);
    const t1 = performance.now();
    const lin = check(c.world.history.ops, { model: 'znode', budget: { steps: 20_000_000 } });
    console.log(`  linearizability of the store history: ${lin.verdict} in ${((performance.now() - t1) / 1_000).toFixed(2)}s`);
  }
}

measure('state');
measure('none');
