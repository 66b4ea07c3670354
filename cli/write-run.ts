import { writeFileSync } from 'node:fs';
import type { ProtocolDefinition } from '../protocols/definition.js';
import type { RunPlan } from '../scenarios/plan.js';
import type { RunResult } from '../scenarios/result.js';
import { run } from '../scenarios/run.js';
import { evidenceOf } from './evidence.js';
import { LineWriter } from './lines.js';
import type { RunFolder } from './output.js';
import { VERSION } from './paths.js';
import { writeReport } from './report.js';

export interface WrittenRun {
  readonly result: RunResult;
  readonly wallMs: number;
}

/**
 * The units of every number in the run documents whose name does not say its unit. Every JSON
 * document the CLI writes about a run carries this, so nobody has to guess that `at: 2213418`
 * means 2.2 seconds.
 */
export const RUN_UNITS = {
  time: 'microseconds of virtual time: every at, time, callTime, retTime, calledAt and returnedAt, and the plan\'s durations, latencies and *After fields',
  ms: 'fields ending in Ms are milliseconds (simulatedMs virtual time, wallMs wall-clock time)',
} as const;

/**
 * Runs `plan` and writes trace.jsonl, history.jsonl, result.json and report.html into the staging
 * folder. `protocols` are a library user's own, beside the built-in ones.
 */
export function runInto(folder: RunFolder, plan: RunPlan, scenarioRef: string, replay: string, report = true, protocols: readonly ProtocolDefinition[] = []): WrittenRun {
  const trace = new LineWriter(folder.file('trace.jsonl'));
  let result: RunResult;
  let wallMs: number;
  try {
    const started = performance.now(); // wall-clock: the CLI reports wall time
    result = run(plan, { traceSink: trace.line, protocols });
    wallMs = performance.now() - started; // wall-clock: the CLI reports wall time
  } finally {
    trace.close();
  }
  const history = new LineWriter(folder.file('history.jsonl'));
  for (const op of result.history) history.line(JSON.stringify(op));
  history.close();
  writeFileSync(folder.file('result.json'), `${JSON.stringify(resultDocument(result, scenarioRef, wallMs, replay), null, 2)}\n`);
  if (report) writeReport(folder.file('report.html'), result, replay, VERSION);
  return { result, wallMs };
}

/** The machine-readable summary `run --json` prints. */
export function summaryDocument(result: RunResult, wallMs: number, replay: string) {
  return {
    verdict: result.verdict,
    ...(result.verdict === 'unknown' ? { reason: result.reason } : {}),
    scenario: result.plan.name,
    protocol: result.plan.protocol,
    seed: result.seed,
    mutants: result.plan.mutants,
    expect: result.plan.expect ?? null,
    traceHash: result.traceHash,
    stats: { ...result.stats, wallMs: Math.round(wallMs * 1000) / 1000 },
    violations: result.violations.map((v) => {
      const evidence = evidenceOf(v);
      return { ...v, ...(evidence.text ? { evidence } : {}) };
    }),
    replay,
    units: RUN_UNITS,
  };
}

/** result.json: everything needed to understand and reproduce the run. */
export function resultDocument(result: RunResult, scenarioRef: string, wallMs: number, replay: string) {
  return {
    ensembleVersion: VERSION,
    scenarioFile: scenarioRef,
    ...summaryDocument(result, wallMs, replay),
    traceDropped: result.traceDropped,
    faults: result.faults,
    undone: result.undone,
    plan: result.plan,
  };
}

/** The flags that changed a scenario's plan on the command line. */
export interface PlanFlags {
  readonly protocol?: string | undefined;
  readonly mutants?: readonly string[] | undefined;
  readonly swarm?: boolean | undefined;
  /** A trace level other than the scenario's (what the trace hash covers depends on it). */
  readonly trace?: RunPlan['trace'] | undefined;
}

/**
 * The command that reproduces a run: `run` with the scenario (a shipped one by name, a file by its
 * path), the seed and every flag that changed the plan, so it works after the printing command
 * ends and wherever its output folder is moved.
 */
export function replayCommandFor(scenarioRef: string, plan: RunPlan, extra: PlanFlags = {}): string {
  const parts = ['npx ensemble run', quoteArg(scenarioRef), `--seed ${plan.seed}`];
  if (extra.swarm) parts.push('--swarm');
  if (extra.trace) parts.push(`--trace ${extra.trace}`);
  if (extra.protocol) parts.push(`--protocol ${quoteArg(extra.protocol)}`);
  for (const m of extra.mutants ?? []) parts.push(`--mutant ${quoteArg(m)}`);
  return parts.join(' ');
}

/** An argument as a POSIX shell reads it back: bare when safe, single-quoted otherwise. */
export function quoteArg(arg: string): string {
  return /^[A-Za-z0-9_./:=@%+-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}
