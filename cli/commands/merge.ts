import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { statSync } from 'node:fs';
import { Command } from 'commander';
import { ExitCode, UserError } from '../errors.js';
import { type ExploreDocument, exploreTable } from '../explore/summary.js';

/** Combines the explore.json of several shards into one summary. */
export function mergeCommand(): Command {
  return new Command('merge')
    .description("combine the results of explore shards (their folders or explore.json files)")
    .argument('<shards...>', 'explore output folders or explore.json files')
    .option('--json', 'print one JSON document')
    .action((shards: string[], flags: { json?: boolean }) => {
      const docs = shards.map(readShard);
      const first = docs[0]!;
      for (const [i, d] of docs.entries()) {
        if (d.scenario !== first.scenario || d.protocol !== first.protocol || d.swarm !== first.swarm || d.mutants.join() !== first.mutants.join()) {
          throw new UserError(`${shards[i]}: explores ${d.scenario}/${d.protocol}${d.swarm ? '/swarm' : ''}, but ${shards[0]} explores ${first.scenario}/${first.protocol}${first.swarm ? '/swarm' : ''}; merge shards of one exploration`);
        }
      }
      const wallMs = Math.max(...docs.map((d) => d.wallMs));
      const seeds = docs.reduce((s, d) => s + d.seeds, 0);
      const merged: ExploreDocument = {
        scenario: first.scenario,
        protocol: first.protocol,
        mutants: first.mutants,
        swarm: first.swarm,
        shard: `${docs.length} shards`,
        seeds,
        ok: docs.reduce((s, d) => s + d.ok, 0),
        failures: docs.flatMap((d) => d.failures).sort((a, b) => a.seed - b.seed),
        unknown: docs.reduce((s, d) => s + d.unknown, 0),
        unknownSeeds: docs.flatMap((d) => d.unknownSeeds).sort((a, b) => a.seed - b.seed),
        stoppedEarly: docs.some((d) => d.stoppedEarly),
        wallMs,
        // shards run side by side: throughput adds up
        seedsPerSecond: Math.round(docs.reduce((s, d) => s + d.seedsPerSecond, 0) * 100) / 100,
        simulatedSecondsPerWallSecond: Math.round(docs.reduce((s, d) => s + d.simulatedSecondsPerWallSecond, 0) * 100) / 100,
      };
      process.stdout.write(flags.json ? `${JSON.stringify(merged)}\n` : exploreTable(merged));
      process.exitCode = merged.failures.length ? ExitCode.violation : merged.unknown ? ExitCode.unknown : ExitCode.ok;
    });
}

function readShard(path: string): ExploreDocument {
  let file = path;
  try {
    if (statSync(path).isDirectory()) file = join(path, 'explore.json');
  } catch {
    throw new UserError(`${path}: no such file or folder`);
  }
  let doc: unknown;
  try {
    doc = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new UserError(`${file}: cannot read an explore result (${(error as Error).message})`);
  }
  const d = doc as Partial<ExploreDocument>;
  for (const field of ['scenario', 'protocol', 'seeds', 'ok', 'failures', 'unknown', 'wallMs', 'seedsPerSecond'] as const) {
    if (d[field] === undefined) throw new UserError(`${file}: field '${field}' is missing: not an explore.json`);
  }
  return d as ExploreDocument;
}
