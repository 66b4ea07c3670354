/**
 * The Kubernetes control plane at the issue's size: 50 nodes in two zones and 1,000 pods (half with
 * a zone spread constraint) on a 5-replica Raft store, Kubernetes' default timings, 60 simulated
 * seconds. Figures: simulated seconds and events per wall second (with the trace and every check,
 * as a run has them, and without), and the virtual time at which the last pod was bound.
 */
import { scenarioFromValue } from '../scenarios/load.js';
import { run } from '../scenarios/run.js';
import type { TraceEvent } from '../sim/trace.js';

const SCENARIO = {
  name: 'bench-k8s',
  protocol: 'raft',
  replicas: 5,
  duration: '60s',
  settle: '5s',
  network: { latency: { uniform: ['100us', '1ms'] } },
  workload: { kind: 'znode', clients: 1, rate: '5/s', keys: 2 },
  kubernetes: {
    nodes: [
      { count: 25, cpu: 16, memory: '64Gi', zone: 'a' },
      { count: 25, cpu: 16, memory: '64Gi', zone: 'b' },
    ],
    deployments: [
      { name: 'web', replicas: 500, cpu: '500m', memory: '512Mi', spread: [{ maxSkew: 1, topologyKey: 'zone' }] },
      { name: 'batch', replicas: 500, cpu: '250m', memory: '256Mi' },
    ],
    services: [{ name: 'web' }],
  },
};

export async function benchK8s(): Promise<Record<string, unknown>> {
  const measure = (trace: 'state' | 'none') => {
    const base = scenarioFromValue(SCENARIO, 'bench-k8s');
    // Convergence is judged after grace + toleration + relist (minutes at default timings): not here.
    const checks = trace === 'none' ? [] : base.checks.filter((c) => c !== 'linearizable' && c !== 'k8s-convergence' && c !== 'liveness');
    let lastBind = 0;
    let binds = 0;
    const started = performance.now(); // wall-clock: benchmark timing
    const sink = (line: string): void => {
      if (!line.includes('"kind":"k8s.bind"') || !line.includes('"node":"scheduler"')) return;
      binds++;
      lastBind = (JSON.parse(line) as TraceEvent).t;
    };
    const r = run({ ...base, trace, checks }, { keepTrace: 0, ...(trace === 'none' ? {} : { traceSink: sink }) });
    const wall = (performance.now() - started) / 1000; // wall-clock: benchmark timing
    if (r.violations.length) throw new Error(`bench-k8s found a problem: ${r.violations[0]!.message}`);
    return {
      simulatedSecondsPerSecond: Math.round((r.stats.simulatedMs / 1000 / wall) * 100) / 100,
      eventsPerSecond: Math.round(r.stats.events / wall),
      events: r.stats.events,
      ...(trace === 'none' ? {} : { podsBound: binds, lastBindVirtualSeconds: Math.round(lastBind / 10_000) / 100 }),
    };
  };
  return { tracedWithChecks: measure('state'), untraced: measure('none') };
}
