import { writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join, relative } from 'node:path';
import { Command, InvalidArgumentError, Option } from 'commander';
import cliProgress from 'cli-progress';
import { loadScenario } from '../../scenarios/load.js';
import { REGISTRY } from '../../scenarios/registry.js';
import { ExitCode } from '../errors.js';
import type { Cli, Io } from '../io.js';
import { explorePool } from '../explore/pool.js';
import { exploreDocument, exploreTable } from '../explore/summary.js';
import { TRACE_LEVEL_CHOICES, parsePositiveInt, parseSeed } from '../options.js';
import type { RunPlan } from '../../scenarios/plan.js';
import { RunFolder, folderName } from '../output.js';
import { displayPath, scenarioArg } from '../paths.js';

interface ExploreFlags {
  readonly seeds?: number;
  readonly from?: number;
  readonly workers?: number;
  readonly swarm?: boolean;
  readonly shard?: { index: number; count: number };
  readonly keepGoing?: boolean;
  readonly out?: string;
  readonly protocol?: string;
  readonly mutant?: string[];
  readonly json?: boolean;
  readonly report?: boolean;
  readonly trace: RunPlan['trace'];
}

function parseShard(text: string): { index: number; count: number } {
  const m = /^(\d+)\/(\d+)$/.exec(text.trim());
  const index = Number(m?.[1]);
  const count = Number(m?.[2]);
  if (!m || count < 1 || index < 1 || index > count) throw new InvalidArgumentError(`expected i/n with 1 <= i <= n (e.g. 3/10), got "${text}"`);
  return { index, count };
}

const DEFAULT_SEEDS = 100;

export function exploreCommand(cli: Cli): Command {
  return new Command('explore')
    .description('run many seeds of a scenario in parallel; save the failing ones')
    .argument('<scenario>', 'a scenario file or the name of a shipped scenario')
    .option('--seeds <n>', `how many seeds to run (default ${DEFAULT_SEEDS})`, parsePositiveInt)
    .option('--from <seed>', "first seed (default: the scenario's seed)", parseSeed)
    .option('--workers <n>', 'worker threads (default: one per core)', parsePositiveInt)
    .option('--swarm', 'randomize the fault mix and the network per seed')
    .option('--shard <i/n>', 'run only the i-th of n slices of the seed range (for batch systems)', parseShard)
    .option('--keep-going', 'run every seed instead of stopping at the first failure')
    .option('--out <dir>', 'folder for explore.json and failing runs (default runs/<scenario>-explore)')
    .addOption(new Option('--protocol <name>', "override the scenario's protocol").choices(REGISTRY.protocolNames))
    .option('--mutant <id...>', 'switch on a catalogued bug (repeatable)')
    .option('--no-report', 'skip report.html in failing run folders')
    .addOption(new Option('--trace <level>', 'trace level of failing run folders (full adds message bodies; a message storm can make that gigabytes)').choices(TRACE_LEVEL_CHOICES).default('messages'))
    .option('--json', 'print one JSON document')
    .action(async (scenario: string, flags: ExploreFlags) => {
      const { io } = cli;
      const arg = scenarioArg(scenario, io.cwd);
      const plan = loadScenario(
        arg.file,
        {
          ...(flags.protocol === undefined ? {} : { protocol: flags.protocol }),
          ...(flags.mutant === undefined ? {} : { mutants: flags.mutant }),
        },
        arg.shown,
      );
      const count = flags.seeds ?? DEFAULT_SEEDS;
      const from = flags.from ?? plan.seed;
      const all = Array.from({ length: count }, (_, i) => from + i);
      const seeds = flags.shard ? all.filter((_, i) => i % flags.shard!.count === flags.shard!.index - 1) : all;
      const workers = Math.max(1, Math.min(flags.workers ?? availableParallelism(), seeds.length));
      // Say what was chosen for the user: the defaults decide how long this takes.
      const defaults = [flags.seeds === undefined ? `the default --seeds ${DEFAULT_SEEDS}` : '', flags.from === undefined ? `from the scenario's seed ${from}` : ''].filter((x) => x !== '');
      const chosen = [
        `${seeds.length} seed${seeds.length === 1 ? '' : 's'}${flags.shard ? ` (shard ${flags.shard.index}/${flags.shard.count} of ${count})` : ''}, ${from}..${from + count - 1}${defaults.length ? ` (${defaults.join(', ')})` : ''}`,
        `on ${workers} worker${workers === 1 ? '' : 's'}`,
        flags.keepGoing ? 'running them all' : 'stopping at the first failure',
      ];
      io.stderr(`explore: ${chosen.join(', ')}\n`);
      const folder = RunFolder.open(flags.out, `${folderName(plan.name)}-explore${flags.shard ? `-shard${flags.shard.index}of${flags.shard.count}` : ''}`, io.cwd);
      const progress = new Progress(seeds.length, io, io.interactive && !flags.json);
      let doc;
      try {
        const pool = await explorePool(
          { plan, scenarioFile: arg.ref, swarm: flags.swarm ?? false, outDir: folder.staging, report: flags.report !== false, trace: flags.trace, overrides: { protocol: flags.protocol, mutants: flags.mutant } },
          {
            workers,
            seeds,
            stopOnFailure: !flags.keepGoing,
            onOutcome: (o, done) => progress.update(done, o.verdict),
          },
        );
        progress.stop();
        doc = exploreDocument(
          { scenario: plan.name, protocol: plan.protocol, mutants: plan.mutants, swarm: flags.swarm ?? false, shard: flags.shard ? `${flags.shard.index}/${flags.shard.count}` : null },
          pool.outcomes,
          pool.wallMs,
          pool.stoppedEarly,
        );
      } catch (error) {
        progress.stop();
        folder.abandon();
        throw error;
      }
      // Failing runs were written inside the staging folder: explore.json names them relative to
      // itself (so the folder can move), the printed summary from the working folder.
      const target = displayPath(folder.target, io.cwd);
      const inside = (f: string | null) => (f === null ? null : relative(folder.staging, f));
      const saved = { ...doc, failures: doc.failures.map((f) => ({ ...f, folder: inside(f.folder) })) };
      writeFileSync(folder.file('explore.json'), `${JSON.stringify(saved, null, 2)}\n`);
      folder.commit();
      const shown = { ...doc, failures: saved.failures.map((f) => ({ ...f, folder: f.folder === null ? null : displayPath(join(folder.target, f.folder), io.cwd) })) };
      if (flags.json) io.stdout(`${JSON.stringify({ ...shown, out: target })}\n`);
      else io.stdout(`${exploreTable(shown)}  output     ${target}\n`);
      cli.exitCode = shown.failures.length ? ExitCode.violation : shown.unknown ? ExitCode.unknown : ExitCode.ok;
    });
}

/** A progress bar on a terminal; plain lines every tenth otherwise (on stderr, so --json keeps stdout to itself). */
class Progress {
  private readonly bar: cliProgress.SingleBar | undefined;
  private failures = 0;
  private lastTenth = 0;

  constructor(
    private readonly total: number,
    private readonly io: Io,
    showBar: boolean,
  ) {
    if (showBar) {
      this.bar = new cliProgress.SingleBar(
        { format: 'exploring [{bar}] {value}/{total} seeds | {failures} failing | {eta_formatted} left', stream: process.stderr, hideCursor: true },
        cliProgress.Presets.shades_classic,
      );
      this.bar.start(total, 0, { failures: 0 });
    }
  }

  update(done: number, verdict: string): void {
    if (verdict === 'violation') this.failures++;
    if (this.bar) {
      this.bar.update(done, { failures: this.failures });
      return;
    }
    const tenth = Math.floor((done * 10) / this.total);
    if (tenth > this.lastTenth) {
      this.lastTenth = tenth;
      this.io.stderr(`explore: ${done}/${this.total} seeds, ${this.failures} failing\n`);
    }
  }

  stop(): void {
    this.bar?.stop();
  }
}
