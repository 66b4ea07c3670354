/**
 * `simulate`: one call that runs a scenario (a shipped one by name, a file, or the scenario's fields
 * as an object, with a protocol of the user's own if they bring one) and returns the run result,
 * optionally writing the same run folder the CLI writes (trace, history, result, report.html).
 */
import { existsSync, writeFileSync } from 'node:fs';
import { relative } from 'node:path';
import type { ProtocolDefinition } from '../protocols/definition.js';
import { loadScenario, scenarioFromValue, type ScenarioOverrides } from '../scenarios/load.js';
import type { RunPlan } from '../scenarios/plan.js';
import { REGISTRY } from '../scenarios/registry.js';
import type { RunResult } from '../scenarios/result.js';
import { run } from '../scenarios/run.js';
import { toScenarioYaml } from '../scenarios/serialize.js';
import { RunFolder } from '../cli/output.js';
import { resolveScenario } from '../cli/paths.js';
import { runInto } from '../cli/write-run.js';

export interface SimulateOptions {
  /** A shipped scenario's name (`showcase`), a scenario file's path, or the scenario's fields as an object. */
  readonly scenario?: string | Readonly<Record<string, unknown>>;
  /** A resolved plan instead of a scenario (what the arbitraries produce). */
  readonly plan?: RunPlan;
  readonly seed?: number;
  /** Run the scenario under another protocol than the one it names. */
  readonly protocol?: string;
  /** Catalogued bugs to switch on, beside the scenario's own. */
  readonly mutants?: readonly string[];
  /** Protocols of your own, beside the built-in ones (see the README's "Bring your own protocol"). */
  readonly protocols?: readonly ProtocolDefinition[];
  /** Keep the run's trace in the result (it can be large). Default false. */
  readonly trace?: boolean;
  /**
   * Write the run folder: trace.jsonl, history.jsonl, result.json, report.html, and scenario.yaml,
   * the run as a scenario file to rerun. A path (which must not exist or be empty), or `true` for
   * the CLI's default place, `runs/<scenario>-<seed>` (suffixed -2, -3, ... if taken).
   */
  readonly out?: string | true;
  /** Step budget for the linearizability checker. */
  readonly checkBudget?: number;
}

export interface Simulation {
  readonly result: RunResult;
  /** How to run it again: a CLI command, or for a protocol of your own, the `simulate` call. */
  readonly replay: string;
  /** The run folder, when `out` was given. */
  readonly folder?: string;
  /** The report page, when `out` was given. */
  readonly reportPath?: string;
}

/** Runs a scenario; expected outcomes (violations, an undecided checker) are in `result.verdict`. */
export function simulate(options: SimulateOptions): Simulation {
  const plan = planOf(options);
  if (options.out === undefined) {
    const result = run(plan, {
      ...(options.trace ? {} : { keepTrace: 0 }),
      ...(options.protocols ? { protocols: options.protocols } : {}),
      ...(options.checkBudget === undefined ? {} : { checkBudget: options.checkBudget }),
    });
    return { result, replay: replayOf(plan, undefined, options.protocols) };
  }
  const folder = RunFolder.open(options.out === true ? undefined : options.out, `${plan.name}-${plan.seed}`);
  const scenarioFile = `${folder.target}/scenario.yaml`;
  const replay = replayOf(plan, scenarioFile, options.protocols);
  try {
    writeFileSync(folder.file('scenario.yaml'), toScenarioYaml(plan, `Rerun with: ${replay}`));
    const { result } = runInto(folder, plan, scenarioFile, replay, true, options.protocols);
    const target = folder.commit();
    return { result: options.trace ? result : { ...result, trace: [] }, replay, folder: target, reportPath: `${target}/report.html` };
  } catch (error) {
    folder.abandon();
    throw error;
  }
}

/** The plan a `simulate` call describes. Throws ScenarioError for a bad scenario. */
export function planOf(options: SimulateOptions): RunPlan {
  const overrides: ScenarioOverrides = {
    ...(options.seed === undefined ? {} : { seed: options.seed }),
    ...(options.protocol === undefined ? {} : { protocol: options.protocol }),
    ...(options.mutants === undefined ? {} : { mutants: options.mutants }),
    ...(options.protocols === undefined ? {} : { registry: REGISTRY.with(options.protocols) }),
  };
  if (options.plan !== undefined) {
    if (options.scenario !== undefined) throw new TypeError('simulate: give a scenario or a plan, not both');
    const p = options.plan;
    return {
      ...p,
      ...(overrides.seed === undefined ? {} : { seed: overrides.seed }),
      ...(overrides.protocol === undefined ? {} : { protocol: overrides.protocol }),
      ...(overrides.mutants === undefined ? {} : { mutants: [...new Set([...p.mutants, ...overrides.mutants])] }),
    };
  }
  const s = options.scenario;
  if (s === undefined) throw new TypeError('simulate: give a scenario (a name, a path or an object) or a plan');
  if (typeof s === 'string') {
    const file = resolveScenario(s);
    if (!existsSync(file)) throw new TypeError(`simulate: no scenario named or found at '${s}' (a shipped scenario's name, or a .yaml path)`);
    return loadScenario(file, overrides);
  }
  return scenarioFromValue(s, typeof s['name'] === 'string' ? s['name'] : 'scenario', overrides);
}

function replayOf(plan: RunPlan, file: string | undefined, protocols: readonly ProtocolDefinition[] | undefined): string {
  const own = protocols?.some((p) => p.name === plan.protocol) === true;
  const rel = file === undefined ? undefined : relative(process.cwd(), file);
  const where = file === undefined || rel === undefined ? undefined : rel.startsWith('..') || rel === '' ? file : rel;
  if (own || where === undefined) return `simulate({ ${where === undefined ? 'plan' : `scenario: '${where}'`}, seed: ${plan.seed}${own ? ', protocols: [yourProtocol]' : ''} })`;
  return `npx ensemble run ${where} --seed ${plan.seed}`;
}
