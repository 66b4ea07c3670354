import { join } from 'node:path';
import { explorePool } from '../cli/explore/pool.js';
import { PACKAGE_ROOT } from '../cli/paths.js';
import { loadScenario } from '../scenarios/load.js';

/**
 * Seeds per second of `explore` with one worker and with two, on a Raft scenario (about 0.1 s of
 * wall time per seed) over 200 seeds: long enough that each worker's one-time start-up and JIT
 * warm-up (about a second: every worker compiles the code again) is amortized, as in any real
 * exploration. Short runs of a few seconds measure mostly that warm-up.
 */
export async function benchExplore(): Promise<Record<string, unknown>> {
  const file = join(PACKAGE_ROOT, 'scenarios', 'raft-leader-isolated.yaml');
  const plan = loadScenario(file);
  const seeds = Array.from({ length: 200 }, (_, i) => 1_000 + i);
  const measure = async (workers: number) => {
    const r = await explorePool(
      { plan, scenarioFile: file, swarm: false, outDir: undefined, report: false, trace: 'none', overrides: {} },
      { workers, seeds, stopOnFailure: false },
    );
    return { workers, seeds: r.outcomes.length, wallMs: Math.round(r.wallMs), seedsPerSecond: Math.round((r.outcomes.length * 100_000) / r.wallMs) / 100 };
  };
  const one = await measure(1);
  const two = await measure(2);
  return { scenario: plan.name, oneWorker: one, twoWorkers: two, speedup: Math.round((two.seedsPerSecond / one.seedsPerSecond) * 100) / 100 };
}
