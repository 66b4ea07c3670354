import { join } from 'node:path';
import type { RunPlan } from '../../scenarios/plan.js';
import { run } from '../../scenarios/run.js';
import { swarmPlan } from '../../scenarios/swarm.js';
import { RunFolder } from '../output.js';
import { replayCommandFor, runInto } from '../write-run.js';
import type { SeedOutcome, WorkerSetup } from './protocol.js';

export function planForSeed(setup: Pick<WorkerSetup, 'plan' | 'swarm'>, seed: number): RunPlan {
  return setup.swarm ? swarmPlan(setup.plan, seed) : { ...setup.plan, seed };
}

/**
 * Runs one seed without keeping its trace (fast), and if it fails, runs it again (identically:
 * same seed) with the full trace into a run folder of its own.
 */
export function exploreSeed(setup: WorkerSetup, seed: number): SeedOutcome {
  const plan = planForSeed(setup, seed);
  const started = performance.now(); // wall-clock: explore reports seeds per second
  const result = run({ ...plan, trace: plan.checks.some((c) => c !== 'linearizable' && c !== 'liveness') ? 'state' : 'none' }, { keepTrace: 0 });
  const wallMs = performance.now() - started; // wall-clock: explore reports seeds per second
  let folder: string | undefined;
  if (result.verdict !== 'ok' && setup.outDir !== undefined) {
    const f = RunFolder.open(join(setup.outDir, `seed-${seed}`), `seed-${seed}`, setup.outDir);
    // `run --swarm` draws the same fault mix and network from the seed: the command carries all it needs
    const replay = replayCommandFor(setup.scenarioFile, plan, { ...setup.overrides, swarm: setup.swarm, ...(setup.trace === plan.trace ? {} : { trace: setup.trace }) });
    runInto(f, { ...plan, trace: setup.trace }, setup.scenarioFile, replay, setup.report);
    folder = f.commit();
  }
  return {
    seed,
    verdict: result.verdict,
    kinds: [...new Set(result.violations.map((v) => v.kind))],
    checks: [...new Set(result.violations.map((v) => v.check))],
    ...(result.verdict === 'unknown' ? { reason: result.reason } : {}),
    traceHash: result.traceHash,
    events: result.stats.events,
    simulatedMs: result.stats.simulatedMs,
    wallMs,
    ...(folder === undefined ? {} : { folder }),
  };
}
