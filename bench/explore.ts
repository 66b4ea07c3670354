import { join } from 'node:path';
import { explorePool } from '../cli/explore/pool.js';
import { PACKAGE_ROOT } from '../cli/paths.js';
import { loadScenario } from '../scenarios/load.js';

/** Seeds per second of `explore` on the primary-backup showcase with one worker and with two. */
export async function benchExplore(): Promise<Record<string, unknown>> {
  const file = join(PACKAGE_ROOT, 'scenarios', 'pb-showcase.yaml');
  const plan = loadScenario(file);
  const seeds = Array.from({ length: 120 }, (_, i) => 1_000 + i);
  const measure = async (workers: number) => {
    const r = await explorePool({ plan, scenarioFile: file, swarm: false, outDir: undefined, report: false, trace: 'none', overrides: {} }, { workers, seeds, stopOnFailure: false });
    return { workers, seeds: r.outcomes.length, wallMs: Math.round(r.wallMs), seedsPerSecond: Math.round((r.outcomes.length * 100_000) / r.wallMs) / 100 };
  };
  await measure(2); // warm the file cache and the JIT paths of worker start-up
  const one = await measure(1);
  const two = await measure(2);
  return { scenario: plan.name, oneWorker: one, twoWorkers: two, speedup: Math.round((two.seedsPerSecond / one.seedsPerSecond) * 100) / 100 };
}
