import { relative } from 'node:path';
import { Command, Option } from 'commander';
import { loadScenario } from '../../scenarios/load.js';
import { REGISTRY } from '../../scenarios/registry.js';
import type { RunPlan } from '../../scenarios/plan.js';
import { TRACE_LEVEL_CHOICES, exitFor, parseSeed } from '../options.js';
import { RunFolder } from '../output.js';
import { displayPath, resolveScenario } from '../paths.js';
import { runSummary } from '../summary.js';
import { replayCommandFor, runInto, summaryDocument } from '../write-run.js';

export const DEFAULT_SCENARIO = 'showcase';

interface RunFlags {
  readonly seed?: number;
  readonly protocol?: string;
  readonly mutant?: string[];
  readonly out?: string;
  readonly json?: boolean;
  readonly trace?: RunPlan['trace'];
  readonly report?: boolean;
}

export function runCommand(): Command {
  return new Command('run')
    .description('run a scenario once: print a summary and write trace, history, result and report to a run folder')
    .argument('[scenario]', 'a scenario file, or the name of a shipped scenario (see `ensemble list`)', DEFAULT_SCENARIO)
    .option('--seed <n>', 'override the scenario seed', parseSeed)
    .addOption(new Option('--protocol <name>', "override the scenario's protocol").choices(REGISTRY.protocolNames))
    .option('--mutant <id...>', 'switch on a catalogued bug (repeatable)')
    .option('--out <dir>', 'run folder (created; must be empty); default runs/<scenario>-<seed>')
    .addOption(new Option('--trace <level>', 'how much the trace records').choices(TRACE_LEVEL_CHOICES))
    .option('--no-report', 'skip report.html')
    .option('--json', 'print one JSON document instead of the summary')
    .action((scenario: string, flags: RunFlags) => {
      const file = resolveScenario(scenario);
      const plan = loadScenario(file, {
        ...(flags.seed === undefined ? {} : { seed: flags.seed }),
        ...(flags.protocol === undefined ? {} : { protocol: flags.protocol }),
        ...(flags.mutant === undefined ? {} : { mutants: flags.mutant }),
        ...(flags.trace === undefined ? {} : { trace: flags.trace }),
      });
      const folder = RunFolder.open(flags.out, `${plan.name}-${plan.seed}`);
      const replay = replayCommandFor(file, plan, { protocol: flags.protocol, mutants: flags.mutant });
      let written;
      try {
        written = runInto(folder, plan, file, replay, flags.report !== false);
      } catch (error) {
        folder.abandon();
        throw error;
      }
      const out = displayPath(folder.commit());
      if (flags.json) process.stdout.write(`${JSON.stringify({ ...summaryDocument(written.result, written.wallMs, replay), out })}\n`);
      else process.stdout.write(runSummary(written.result, written.wallMs, out, replay));
      process.exitCode = exitFor(written.result.verdict);
    });
}
