import { uniform } from '../sim/latency.js';
import { RANDOM_FAULT_KINDS, type RandomFaultKind } from '../sim/nemesis.js';
import { Rng } from '../sim/rng.js';
import type { RunPlan } from './plan.js';

/**
 * Swarm testing: each seed gets its own fault mix and network, drawn from the seed, so that a
 * large exploration covers many configurations instead of many runs of one (FoundationDB and
 * TigerBeetle do the same). The scripted nemesis is kept; the random mode is replaced.
 */
export function swarmPlan(plan: RunPlan, seed: number): RunPlan {
  const rng = Rng.fromSeed(seed).fork('swarm');
  const faults = RANDOM_FAULT_KINDS.filter(() => rng.chance(0.4));
  const chosen: RandomFaultKind[] = faults.length ? faults : [rng.pick(RANDOM_FAULT_KINDS)];
  const everyMs = rng.pick([200, 500, 1_000, 3_000]);
  const lastMs = rng.pick([100, 500, 2_000]);
  // A write takes several one-way trips; keep the slowest trip well inside the client's timeout so a
  // swarm network slows the system down without making every operation time out.
  const ceiling = Math.max(200, Math.floor(plan.workload.timeout / 8));
  const minLatency = Math.min(rng.pick([100, 1_000, 5_000]), ceiling);
  return {
    ...plan,
    seed,
    network: {
      ...plan.network,
      latency: uniform(minLatency, Math.min(ceiling, minLatency * rng.pick([2, 5, 20]))),
      drop: rng.pick([0, 0, 0.01, 0.05]),
      duplicate: rng.pick([0, 0, 0.01, 0.05]),
      reorder: rng.pick([0, 0, 0.05, 0.2]),
    },
    nemesis: {
      script: plan.nemesis.script,
      random: {
        every: uniform(everyMs * 500, everyMs * 1_500),
        duration: uniform(lastMs * 500, lastMs * 1_500),
        faults: chosen,
      },
    },
  };
}
