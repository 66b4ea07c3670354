import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command } from 'commander';
import { run } from '../../scenarios/run.js';
import { toScenarioYaml } from '../../scenarios/serialize.js';
import { shrink } from '../../scenarios/shrink.js';
import type { ScheduledFault } from '../../sim/nemesis.js';
import { formatDuration } from '../../sim/time.js';
import { ExitCode, UserError } from '../errors.js';
import { parsePositiveInt } from '../options.js';
import { displayPath } from '../paths.js';
import { readRunFolder } from '../run-folder.js';

export function shrinkCommand(): Command {
  return new Command('shrink')
    .description("minimize a failing run's faults and workload; write the result as a scenario file")
    .argument('<run-folder>', 'a folder written by ensemble run or explore whose run failed')
    .option('--out <file>', 'where to write the scenario (default: <run-folder>/shrunk.yaml; must not exist)')
    .option('--max-runs <n>', 'at most this many trial runs', parsePositiveInt, 300)
    .option('--json', 'print one JSON document')
    .action((folder: string, flags: { out?: string; maxRuns: number; json?: boolean }) => {
      const saved = readRunFolder(folder);
      const out = flags.out ?? join(folder, 'shrunk.yaml');
      if (existsSync(out)) throw new UserError(`${out} exists; choose another --out`);
      const original = run(saved.plan, { keepTrace: 0 });
      if (original.verdict !== 'violation') throw new UserError(`${folder}: the run's verdict is ${original.verdict}; only a failing run can be shrunk`);
      const outcome = shrink(saved.plan, saved.faults as readonly ScheduledFault[], original, {
        maxRuns: flags.maxRuns,
        onTrial: (n, faults, failed) => {
          if (!flags.json) process.stderr.write(`shrink: trial ${n}: ${faults} faults, ${failed ? 'still fails' : 'passes'}\n`);
        },
      });
      if (outcome.kind === 'not-reproduced') {
        if (flags.json) process.stdout.write(`${JSON.stringify({ shrunk: false, runs: outcome.runs, reason: outcome.reason })}\n`);
        else process.stdout.write(`could not shrink: ${outcome.reason}\n`);
        process.exitCode = ExitCode.unknown;
        return;
      }
      const p = outcome.plan;
      const violation = outcome.result.violations[0]!;
      const header = [
        `Shrunk by ensemble shrink from ${folder} (seed ${p.seed}) in ${outcome.runs} runs${outcome.budgetExhausted ? ' (budget exhausted: a smaller one may exist)' : ''}.`,
        `faults ${outcome.from.faults} -> ${p.nemesis.script.length}, clients ${outcome.from.clients} -> ${p.workload.clients}, duration ${formatDuration(outcome.from.duration)} -> ${formatDuration(p.duration)}`,
        `It still fails: [${violation.check}] ${violation.message}`,
        `Run it: npx ensemble run ${out}`,
      ].join('\n');
      writeFileSync(out, toScenarioYaml({ ...p, name: `${p.name}-shrunk`, expect: 'violation' }, header));
      const doc = {
        shrunk: true,
        runs: outcome.runs,
        budgetExhausted: outcome.budgetExhausted,
        faults: { before: outcome.from.faults, after: p.nemesis.script.length },
        clients: { before: outcome.from.clients, after: p.workload.clients },
        durationMs: { before: outcome.from.duration / 1000, after: p.duration / 1000 },
        violation,
        scenario: displayPath(out),
      };
      if (flags.json) process.stdout.write(`${JSON.stringify(doc)}\n`);
      else process.stdout.write(`${header}\n  scenario  ${displayPath(out)}\n`);
      process.exitCode = ExitCode.ok;
    });
}
