import { join } from 'node:path';
import { Command, Option } from 'commander';
import { loadScenario } from '../../scenarios/load.js';
import { REGISTRY } from '../../scenarios/registry.js';
import type { RunPlan } from '../../scenarios/plan.js';
import { swarmPlan } from '../../scenarios/swarm.js';
import type { Cli } from '../io.js';
import { TRACE_LEVEL_CHOICES, exitFor, parseSeed } from '../options.js';
import { RunFolder, folderName } from '../output.js';
import { displayPath, scenarioArg } from '../paths.js';
import { runSummary } from '../summary.js';
import { replayCommandFor, runInto, summaryDocument } from '../write-run.js';

export const DEFAULT_SCENARIO = 'showcase';

interface RunFlags {
  readonly seed?: number;
  readonly protocol?: string;
  readonly mutant?: string[];
  readonly swarm?: boolean;
  readonly out?: string;
  readonly json?: boolean;
  readonly trace?: RunPlan['trace'];
  readonly report?: boolean;
}

export function runCommand(cli: Cli): Command {
  return new Command('run')
    .description('run a scenario once: print a summary and write trace, history, result and report to a run folder')
    .argument('[scenario]', 'a scenario file, or the name of a shipped scenario (see `ensemble list`)', DEFAULT_SCENARIO)
    .option('--seed <n>', 'override the scenario seed', parseSeed)
    .addOption(new Option('--protocol <name>', "override the scenario's protocol").choices(REGISTRY.protocolNames))
    .option('--mutant <id...>', 'switch on a catalogued bug (repeatable)')
    .option('--swarm', "the fault mix and network explore --swarm draws from the seed (reproduces a swarm seed)")
    .option('--out <dir>', 'run folder (created; must be empty); default runs/<scenario>-<seed>, then -2, -3, ... if taken')
    .addOption(new Option('--trace <level>', 'how much the trace records').choices(TRACE_LEVEL_CHOICES))
    .option('--no-report', 'skip report.html')
    .option('--json', 'print one JSON document instead of the summary')
    .action((scenario: string, flags: RunFlags) => {
      const { io } = cli;
      const arg = scenarioArg(scenario, io.cwd);
      const loaded = loadScenario(
        arg.file,
        {
          ...(flags.seed === undefined ? {} : { seed: flags.seed }),
          ...(flags.protocol === undefined ? {} : { protocol: flags.protocol }),
          ...(flags.mutant === undefined ? {} : { mutants: flags.mutant }),
          ...(flags.trace === undefined ? {} : { trace: flags.trace }),
        },
        arg.shown,
      );
      const plan = flags.swarm ? swarmPlan(loaded, loaded.seed) : loaded;
      const folder = RunFolder.open(flags.out, `${folderName(plan.name)}-${plan.seed}${flags.swarm ? '-swarm' : ''}`, io.cwd);
      const replay = replayCommandFor(arg.ref, plan, { protocol: flags.protocol, mutants: flags.mutant, swarm: flags.swarm, trace: flags.trace });
      let written;
      try {
        written = runInto(folder, plan, arg.ref, replay, flags.report !== false);
      } catch (error) {
        folder.abandon();
        throw error;
      }
      const target = folder.commit();
      const out = displayPath(target, io.cwd);
      const report = flags.report === false ? undefined : displayPath(join(target, 'report.html'), io.cwd);
      if (flags.json) io.stdout(`${JSON.stringify({ ...summaryDocument(written.result, written.wallMs, replay), out, report: report ?? null })}\n`);
      else io.stdout(runSummary(written.result, written.wallMs, out, replay, report));
      cli.exitCode = exitFor(written.result.verdict);
    });
}
