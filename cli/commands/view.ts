import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Command } from 'commander';
import { HistoryError, parseJsonHistory } from '../../sim/check/index.js';
import type { Linearization } from '../../sim/check/index.js';
import type { HistoryOp } from '../../sim/history.js';
import { checkHistory } from '../../scenarios/linearizable.js';
import type { RunPlan } from '../../scenarios/plan.js';
import { REGISTRY } from '../../scenarios/registry.js';
import type { TraceEvent } from '../../sim/trace.js';
import { buildReport } from '../../viz/build.js';
import { UserError } from '../errors.js';
import type { Cli } from '../io.js';
import { displayPath } from '../paths.js';
import { parseJsonText, readRunFolder } from '../run-folder.js';
import { replayCommandFor } from '../write-run.js';

/** Builds (or rebuilds) the viewer page of a saved run from its files. */
export function viewCommand(cli: Cli): Command {
  return new Command('view')
    .description("write a saved run's viewer page (report.html) from its trace, history and result")
    .argument('<run-folder>', 'a folder written by ensemble run or explore')
    .option('--out <file>', 'where to write the page (default: <run-folder>/report.html)')
    .option('--json', 'print one JSON document')
    .action((folder: string, flags: { out?: string; json?: boolean }) => {
      const { io } = cli;
      const saved = readRunFolder(folder, io.cwd);
      const history = readHistory(saved.path, folder);
      const trace = readTrace(join(saved.path, 'trace.jsonl'), join(folder, 'trace.jsonl'));
      const out = resolve(io.cwd, flags.out ?? join(folder, 'report.html'));
      if (existsSync(out) && statSync(out).isDirectory()) throw new UserError(`--out ${flags.out ?? out}: is a folder; give the page's file name`);
      const replayCommand = saved.replay ?? (saved.scenarioFile ? replayCommandFor(saved.scenarioFile, saved.plan) : `npx ensemble replay ${folder}`);
      writeOrRefuse(
        out,
        buildReport({
          plan: saved.plan,
          verdict: saved.verdict,
          ...(saved.reason === undefined ? {} : { reason: saved.reason }),
          violations: saved.violations,
          seed: saved.seed,
          traceHash: saved.traceHash,
          // wall time is the CLI's measurement, not part of the run: leave it out so the page is a function of the run
          stats: withoutWallTime(saved.stats),
          faults: saved.faults,
          undone: saved.undone,
          history,
          trace,
          traceDropped: saved.traceDropped,
          ...linearizationOf(saved.plan, saved.verdict, history),
          replayCommand,
          ensembleVersion: saved.ensembleVersion,
        }),
      );
      const shown = displayPath(out, io.cwd);
      if (flags.json) io.stdout(`${JSON.stringify({ report: shown, scenario: saved.plan.name, seed: saved.seed, verdict: saved.verdict, events: trace.length, ops: history.length })}\n`);
      else io.stdout(`wrote ${shown}: the viewer page of ${saved.plan.name}, seed ${saved.seed} (${saved.verdict}; ${trace.length.toLocaleString('en-US')} events, ${history.length.toLocaleString('en-US')} history entries). Open it in a browser.\n`);
    });
}

/** The order the checker finds for a passing run's history (the run's own page has it too). */
function linearizationOf(plan: RunPlan, verdict: string, history: readonly HistoryOp[]): { linearization?: readonly Linearization[] } {
  const protocol = REGISTRY.protocol(plan.protocol);
  const workload = protocol && REGISTRY.workload(protocol, plan.workload.kind);
  if (verdict !== 'ok' || !workload || !plan.checks.includes('linearizable')) return {};
  try {
    const outcome = checkHistory(history, workload.model, plan.consistency);
    return outcome.kind === 'ok' ? { linearization: outcome.linearization } : {};
  } catch (error) {
    // A history the model cannot read: the page is still worth having, without the order.
    if (error instanceof HistoryError) return {};
    throw error;
  }
}

/** history.jsonl through the checker's own reader (shape and nesting checked), with the fields the page needs. */
function readHistory(path: string, folder: string): HistoryOp[] {
  const shown = join(folder, 'history.jsonl');
  const file = join(path, 'history.jsonl');
  if (!existsSync(file)) throw new UserError(`${shown}: missing; the run folder needs its trace.jsonl and history.jsonl`);
  let events;
  try {
    events = parseJsonHistory(readFileSync(file, 'utf8'), shown);
  } catch (error) {
    if (error instanceof HistoryError) throw new UserError(error.message);
    throw error;
  }
  return events.map((e, i) => {
    if (typeof e.index !== 'number' || typeof e.time !== 'number') throw new UserError(`${shown}:${e.line ?? i + 1}: expected "index" and "time" numbers, as ensemble run writes them`);
    const { line: _line, ...op } = e;
    return op as HistoryOp;
  });
}

function readTrace(file: string, shown: string): TraceEvent[] {
  if (!existsSync(file)) throw new UserError(`${shown}: missing; the run folder needs its trace.jsonl and history.jsonl`);
  const out: TraceEvent[] = [];
  readFileSync(file, 'utf8')
    .split('\n')
    .forEach((line, i) => {
      if (line.trim() === '') return;
      const e = parseJsonText(line, shown, i + 1) as Partial<TraceEvent> | null;
      if (typeof e !== 'object' || e === null || Array.isArray(e) || typeof e.seq !== 'number' || typeof e.t !== 'number' || typeof e.kind !== 'string') {
        throw new UserError(`${shown}:${i + 1}: expected an event object with seq, t and kind, as ensemble run writes them`);
      }
      out.push(e as TraceEvent);
    });
  return out;
}

/** Writes the page; a place it cannot be written (no such folder, no permission) is bad input. */
function writeOrRefuse(path: string, text: string): void {
  try {
    writeFileSync(path, text);
  } catch (error) {
    throw new UserError(`cannot write ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
}

function withoutWallTime(stats: Readonly<Record<string, unknown>>): object {
  const { wallMs: _wallMs, ...rest } = stats;
  return rest;
}
