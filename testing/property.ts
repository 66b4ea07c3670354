/**
 * A property over many runs, for a test suite (vitest, or any runner that reports a thrown error):
 * every run fast-check draws must satisfy `holds` (by default: the verdict is ok). On failure,
 * fast-check shrinks the run, the shrunk run is written as a run folder (its scenario file, trace,
 * history and report), and the error says everything needed to reproduce it: the fast-check seed,
 * the run's seed, the shrunk fault schedule as a scenario a person can read, the replay command and
 * the report's path. A fixed `seed` makes a CI run draw the same cases every time.
 */
import fc from 'fast-check';
import type { ProtocolDefinition } from '../protocols/definition.js';
import type { RunPlan } from '../scenarios/plan.js';
import type { RunResult } from '../scenarios/result.js';
import { run } from '../scenarios/run.js';
import { toScenarioYaml } from '../scenarios/serialize.js';
import { simulate } from './simulate.js';

export interface PropertyOptions {
  /** Runs to draw. Default 100. */
  readonly numRuns?: number;
  /** fast-check's seed: the same seed draws the same runs. Default: fast-check's global setting. */
  readonly seed?: number;
  /** Protocols of your own the runs use. */
  readonly protocols?: readonly ProtocolDefinition[];
  /**
   * What every run must satisfy: true, or false / a message when it does not. Default: the verdict
   * is `ok` (no violation, and the checker decided).
   */
  readonly holds?: (result: RunResult) => boolean | string;
  /** Where the failing run's folder goes (must not exist or be empty). Default `runs/<scenario>-<seed>`, as the CLI's runs. */
  readonly out?: string;
}

/** Thrown when a property fails: its message is the reproduction; its fields, the same as values. */
export class PropertyFailure extends Error {
  constructor(
    message: string,
    /** The shrunk failing run. */
    readonly plan: RunPlan,
    readonly result: RunResult,
    readonly replay: string,
    readonly reportPath: string | undefined,
    /** fast-check's seed and shrink path: `fc.assert(..., { seed, path })` replays the draw. */
    readonly fastCheck: { readonly seed: number; readonly path: string | undefined; readonly runs: number },
  ) {
    super(message);
    this.name = 'PropertyFailure';
  }
}

/** Asserts that every run `plans` draws satisfies `options.holds`; throws a PropertyFailure otherwise. */
export function assertRuns(plans: fc.Arbitrary<RunPlan>, options: PropertyOptions = {}): void {
  const holds = options.holds ?? ((r: RunResult) => r.verdict === 'ok' || describe(r));
  const protocols = options.protocols ?? [];
  const details = fc.check(
    fc.property(plans, (plan) => {
      const verdict = holds(run(plan, { keepTrace: 0, protocols }));
      return verdict === true;
    }),
    { numRuns: options.numRuns ?? 100, ...(options.seed === undefined ? {} : { seed: options.seed }) },
  );
  if (!details.failed) return;
  if (details.counterexample === null) throw details.errorInstance ?? new Error('assertRuns: the property failed without a counterexample');
  const plan = details.counterexample[0];
  const sim = simulate({ plan, protocols, out: options.out ?? true });
  const verdict = holds(sim.result);
  const why = verdict === true ? 'passed when run again (is `holds` deterministic?)' : verdict === false ? describe(sim.result) : verdict;
  const faults = plan.nemesis.script.length;
  const message = [
    `property failed after ${details.numRuns} run(s), shrunk ${details.numShrinks} time(s): ${why}`,
    `  fast-check seed ${details.seed}${details.counterexamplePath ? `, path "${details.counterexamplePath}"` : ''}`,
    `  run seed        ${plan.seed}`,
    `  scenario        ${sim.folder}/scenario.yaml (${faults} scripted fault${faults === 1 ? '' : 's'})`,
    `  replay          ${sim.replay}`,
    `  report          ${sim.reportPath}`,
    '--- scenario.yaml ---',
    toScenarioYaml(plan).trimEnd(),
  ].join('\n');
  throw new PropertyFailure(message, plan, sim.result, sim.replay, sim.reportPath, { seed: details.seed, path: details.counterexamplePath ?? undefined, runs: details.numRuns });
}

/** One line on what a run found. */
export function describe(result: RunResult): string {
  if (result.verdict === 'unknown') return `unknown: ${result.reason}`;
  if (result.verdict === 'ok') return 'ok';
  const v = result.violations[0]!;
  return `${result.violations.length} violation(s); first ${v.check}${v.at === undefined ? '' : ` at ${v.at / 1000}ms`}: ${v.message}`;
}
