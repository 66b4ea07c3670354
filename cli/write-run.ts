import { writeFileSync } from 'node:fs';
import { relative } from 'node:path';
import type { ProtocolDefinition } from '../protocols/definition.js';
import type { RunPlan } from '../scenarios/plan.js';
import type { RunResult } from '../scenarios/result.js';
import { run } from '../scenarios/run.js';
import { LineWriter } from './lines.js';
import type { RunFolder } from './output.js';
import { VERSION } from './paths.js';
import { writeReport } from './report.js';

export interface WrittenRun {
  readonly result: RunResult;
  readonly wallMs: number;
}

/**
 * Runs `plan` and writes trace.jsonl, history.jsonl, result.json and report.html into the staging
 * folder. `protocols` are a library user's own, beside the built-in ones.
 */
export function runInto(folder: RunFolder, plan: RunPlan, scenarioFile: string, replay: string, report = true, protocols: readonly ProtocolDefinition[] = []): WrittenRun {
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
  writeFileSync(folder.file('result.json'), `${JSON.stringify(resultDocument(result, scenarioFile, wallMs, replay), null, 2)}\n`);
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
    violations: result.violations,
    replay,
  };
}

/** result.json: everything needed to understand and reproduce the run. */
export function resultDocument(result: RunResult, file: string, wallMs: number, replay: string) {
  return {
    ensembleVersion: VERSION,
    scenarioFile: relative(process.cwd(), file) || file,
    ...summaryDocument(result, wallMs, replay),
    traceDropped: result.traceDropped,
    faults: result.faults,
    plan: result.plan,
  };
}

export function replayCommandFor(file: string, plan: RunPlan, extra: { protocol?: string | undefined; mutants?: readonly string[] | undefined; swarm?: boolean } = {}): string {
  const parts = ['npx ensemble run', relative(process.cwd(), file) || file, `--seed ${plan.seed}`];
  if (extra.protocol) parts.push(`--protocol ${extra.protocol}`);
  for (const m of extra.mutants ?? []) parts.push(`--mutant ${m}`);
  return parts.join(' ');
}
