import { writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { Command, InvalidArgumentError, Option } from 'commander';
import cliProgress from 'cli-progress';
import { loadScenario } from '../../scenarios/load.js';
import { REGISTRY } from '../../scenarios/registry.js';
import { ExitCode } from '../errors.js';
import { explorePool } from '../explore/pool.js';
import { exploreDocument, exploreTable } from '../explore/summary.js';
import { TRACE_LEVEL_CHOICES, parsePositiveInt, parseSeed } from '../options.js';
import type { RunPlan } from '../../scenarios/plan.js';
import { RunFolder } from '../output.js';
import { displayPath, resolveScenario } from '../paths.js';

interface ExploreFlags {
  readonly seeds: number;
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

export function exploreCommand(): Command {
  return new Command('explore')
    .description('run many seeds of a scenario in parallel; save the failing ones')
    .argument('<scenario>', 'a scenario file or the name of a shipped scenario')
    .option('--seeds <n>', 'how many seeds to run', parsePositiveInt, 100)
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
      const file = resolveScenario(scenario);
      const plan = loadScenario(file, {
        ...(flags.protocol === undefined ? {} : { protocol: flags.protocol }),
        ...(flags.mutant === undefined ? {} : { mutants: flags.mutant }),
      });
      const from = flags.from ?? plan.seed;
      const all = Array.from({ length: flags.seeds }, (_, i) => from + i);
      const seeds = flags.shard ? all.filter((_, i) => i % flags.shard!.count === flags.shard!.index - 1) : all;
      const folder = RunFolder.open(flags.out, `${plan.name}-explore${flags.shard ? `-shard${flags.shard.index}of${flags.shard.count}` : ''}`);
      const progress = new Progress(seeds.length, !flags.json);
      let doc;
      try {
        const pool = await explorePool(
          { plan, scenarioFile: file, swarm: flags.swarm ?? false, outDir: folder.staging, report: flags.report !== false, trace: flags.trace, overrides: { protocol: flags.protocol, mutants: flags.mutant } },
          {
            workers: flags.workers ?? availableParallelism(),
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
      // failing runs were written inside the staging folder; name them where they will end up
      const target = displayPath(folder.target);
      const final = { ...doc, failures: doc.failures.map((f) => ({ ...f, folder: f.folder ? f.folder.replace(folder.staging, target) : null })) };
      writeFileSync(folder.file('explore.json'), `${JSON.stringify(final, null, 2)}\n`);
      folder.commit();
      if (flags.json) process.stdout.write(`${JSON.stringify({ ...final, out: target })}\n`);
      else process.stdout.write(`${exploreTable(final)}  output     ${target}\n`);
      process.exitCode = final.failures.length ? ExitCode.violation : final.unknown ? ExitCode.unknown : ExitCode.ok;
    });
}

/** A progress bar on a terminal; plain lines every tenth otherwise; nothing for --json on stdout (it goes to stderr). */
class Progress {
  private readonly bar: cliProgress.SingleBar | undefined;
  private failures = 0;
  private lastTenth = 0;

  constructor(
    private readonly total: number,
    private readonly visible: boolean,
  ) {
    if (process.stderr.isTTY && visible) {
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
      process.stderr.write(`explore: ${done}/${this.total} seeds, ${this.failures} failing\n`);
    }
  }

  stop(): void {
    this.bar?.stop();
  }
}
