import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command } from 'commander';
import type { Linearization } from '../../sim/check/index.js';
import type { HistoryOp } from '../../sim/history.js';
import { checkHistory } from '../../scenarios/linearizable.js';
import type { RunPlan } from '../../scenarios/plan.js';
import { REGISTRY } from '../../scenarios/registry.js';
import type { TraceEvent } from '../../sim/trace.js';
import { buildReport } from '../../viz/build.js';
import { UserError } from '../errors.js';
import { displayPath } from '../paths.js';
import { readRunFolder } from '../run-folder.js';

/** Builds (or rebuilds) the viewer page of a saved run from its files. */
export function viewCommand(): Command {
  return new Command('view')
    .description("write a saved run's viewer page (report.html) from its trace, history and result")
    .argument('<run-folder>', 'a folder written by ensemble run or explore')
    .option('--out <file>', 'where to write the page (default: <run-folder>/report.html)')
    .action((folder: string, flags: { out?: string }) => {
      const saved = readRunFolder(folder);
      const doc = JSON.parse(readFileSync(join(folder, 'result.json'), 'utf8')) as Record<string, unknown>;
      const history = readJsonLines<HistoryOp>(join(folder, 'history.jsonl'));
      const trace = readJsonLines<TraceEvent>(join(folder, 'trace.jsonl'));
      const out = flags.out ?? join(folder, 'report.html');
      writeFileSync(
        out,
        buildReport({
          plan: saved.plan,
          verdict: saved.verdict,
          ...(typeof doc['reason'] === 'string' ? { reason: doc['reason'] } : {}),
          violations: (doc['violations'] as []) ?? [],
          seed: saved.seed,
          traceHash: saved.traceHash,
          // wall time is the CLI's measurement, not part of the run: leave it out so the page is a function of the run
          stats: withoutWallTime(doc['stats']),
          history,
          trace,
          traceDropped: typeof doc['traceDropped'] === 'number' ? doc['traceDropped'] : 0,
          ...linearizationOf(saved.plan, saved.verdict, history),
          replayCommand: typeof doc['replay'] === 'string' ? doc['replay'] : `npx ensemble replay ${folder}`,
          ensembleVersion: saved.ensembleVersion,
        }),
      );
      process.stdout.write(`${displayPath(out)}\n`);
    });
}

/** The order the checker finds for a passing run's history (the run's own page has it too). */
function linearizationOf(plan: RunPlan, verdict: string, history: readonly HistoryOp[]): { linearization?: readonly Linearization[] } {
  const protocol = REGISTRY.protocol(plan.protocol);
  const workload = protocol && REGISTRY.workload(protocol, plan.workload.kind);
  if (verdict !== 'ok' || !workload || !plan.checks.includes('linearizable')) return {};
  const outcome = checkHistory(history, workload.model, plan.consistency);
  return outcome.kind === 'ok' ? { linearization: outcome.linearization } : {};
}

function readJsonLines<T>(file: string): T[] {
  if (!existsSync(file)) throw new UserError(`${file}: missing; the run folder needs its trace.jsonl and history.jsonl`);
  const out: T[] = [];
  readFileSync(file, 'utf8')
    .split('\n')
    .forEach((line, i) => {
      if (line.trim() === '') return;
      try {
        out.push(JSON.parse(line) as T);
      } catch {
        throw new UserError(`${file}:${i + 1}: not a JSON object (the file is corrupt)`);
      }
    });
  return out;
}

function withoutWallTime(stats: unknown): object {
  if (typeof stats !== 'object' || stats === null) return {};
  const { wallMs: _wallMs, ...rest } = stats as Record<string, unknown>;
  return rest;
}
