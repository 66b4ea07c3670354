import { existsSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { Command } from 'commander';
import { run } from '../../scenarios/run.js';
import { toScenarioYaml } from '../../scenarios/serialize.js';
import { shrink } from '../../scenarios/shrink.js';
import { formatDuration } from '../../sim/time.js';
import { ExitCode, UserError } from '../errors.js';
import { evidenceOf } from '../evidence.js';
import type { Cli } from '../io.js';
import { parsePositiveInt } from '../options.js';
import { displayPath } from '../paths.js';
import { readRunFolder } from '../run-folder.js';
import { quoteArg, RUN_UNITS } from '../write-run.js';

export function shrinkCommand(cli: Cli): Command {
  return new Command('shrink')
    .description("minimize a failing run's faults and workload; write the result as a scenario file")
    .argument('<run-folder>', 'a folder written by ensemble run or explore whose run failed')
    .option('--out <file>', 'where to write the scenario (default: <run-folder>/shrunk.yaml; must not exist)')
    .option('--max-runs <n>', 'at most this many trial runs', parsePositiveInt, 300)
    .option('--json', 'print one JSON document')
    .action((folder: string, flags: { out?: string; maxRuns: number; json?: boolean }) => {
      const { io } = cli;
      const saved = readRunFolder(folder, io.cwd);
      const out = resolve(io.cwd, flags.out ?? join(folder, 'shrunk.yaml'));
      const shown = displayPath(out, io.cwd);
      if (existsSync(out)) throw new UserError(`${shown} exists; choose another --out`);
      if (!existsSync(dirname(out))) throw new UserError(`--out ${shown}: no folder ${displayPath(dirname(out), io.cwd)} to write it in`);
      const original = run(saved.plan, { keepTrace: 0 });
      if (original.verdict !== 'violation') throw new UserError(`${folder}: the run's verdict is ${original.verdict}; only a failing run can be shrunk`);
      const outcome = shrink(saved.plan, saved.faults, original, {
        maxRuns: flags.maxRuns,
        onTrial: (n, faults, failed) => {
          if (!flags.json) io.stderr(`shrink: trial ${n}: ${faults} faults, ${failed ? 'still fails' : 'passes'}\n`);
        },
      });
      if (outcome.kind === 'not-reproduced') {
        if (flags.json) io.stdout(`${JSON.stringify({ shrunk: false, runs: outcome.runs, reason: outcome.reason })}\n`);
        else io.stdout(`could not shrink: ${outcome.reason}\n`);
        cli.exitCode = ExitCode.unknown;
        return;
      }
      const p = outcome.plan;
      const violation = outcome.result.violations[0]!;
      const evidence = evidenceOf(violation);
      const summary = [
        `Shrunk by ensemble shrink from ${folder} (seed ${p.seed}) in ${outcome.runs} runs${outcome.budgetExhausted ? ' (budget exhausted: a smaller one may exist)' : ''}.`,
        `faults ${outcome.from.faults} -> ${p.nemesis.script.length}, clients ${outcome.from.clients} -> ${p.workload.clients}, duration ${formatDuration(outcome.from.duration)} -> ${formatDuration(p.duration)}`,
        `It still fails: [${violation.check}] ${violation.message}`,
        ...(evidence.text ? [`  ${evidence.text}`] : []),
      ];
      // The file can move with its folder: it names itself by its own name.
      const header = [...summary, `Run it from this file's folder: npx ensemble run ${quoteArg(basename(out))}`].join('\n');
      try {
        writeFileSync(out, toScenarioYaml({ ...p, name: `${p.name}-shrunk`, expect: 'violation' }, header));
      } catch (error) {
        throw new UserError(`cannot write ${shown}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
      }
      const doc = {
        shrunk: true,
        runs: outcome.runs,
        budgetExhausted: outcome.budgetExhausted,
        faults: { before: outcome.from.faults, after: p.nemesis.script.length },
        clients: { before: outcome.from.clients, after: p.workload.clients },
        durationMs: { before: outcome.from.duration / 1000, after: p.duration / 1000 },
        violation: { ...violation, ...(evidence.text ? { evidence } : {}) },
        scenario: shown,
        run: `npx ensemble run ${quoteArg(shown)}`,
        units: RUN_UNITS,
      };
      if (flags.json) io.stdout(`${JSON.stringify(doc)}\n`);
      else io.stdout(`${summary.join('\n')}\n  scenario  ${shown}\n  run it    ${doc.run}\n`);
      cli.exitCode = ExitCode.ok;
    });
}
