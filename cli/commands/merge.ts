import { existsSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { Command } from 'commander';
import { z } from 'zod';
import { ExitCode, UserError } from '../errors.js';
import type { Cli } from '../io.js';
import { displayPath } from '../paths.js';
import { readJsonFile } from '../run-folder.js';
import { firstIssue } from '../saved-plan.js';
import { type ExploreDocument, exploreTable } from '../explore/summary.js';

const exploreFile = z.looseObject({
  scenario: z.string(),
  protocol: z.string(),
  mutants: z.array(z.string()),
  swarm: z.boolean(),
  shard: z.string().nullable().optional(),
  seeds: z.number().int().nonnegative(),
  ok: z.number().int().nonnegative(),
  failures: z.array(z.looseObject({ seed: z.number().int().nonnegative(), kind: z.string(), checks: z.array(z.string()), folder: z.string().nullable() })),
  unknown: z.number().int().nonnegative(),
  unknownSeeds: z.array(z.looseObject({ seed: z.number().int().nonnegative(), reason: z.string() })).optional(),
  stoppedEarly: z.boolean().optional(),
  wallMs: z.number().nonnegative(),
  seedsPerSecond: z.number().nonnegative(),
  simulatedSecondsPerWallSecond: z.number().nonnegative().optional(),
});

/** Combines the explore.json of several shards into one summary. */
export function mergeCommand(cli: Cli): Command {
  return new Command('merge')
    .description("combine the results of explore shards (their folders or explore.json files)")
    .argument('<shards...>', 'explore output folders or explore.json files')
    .option('--json', 'print one JSON document')
    .action((shards: string[], flags: { json?: boolean }) => {
      const { io } = cli;
      const docs = shards.map((s) => readShard(s, io.cwd));
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
      io.stdout(flags.json ? `${JSON.stringify(merged)}\n` : exploreTable(merged));
      cli.exitCode = merged.failures.length ? ExitCode.violation : merged.unknown ? ExitCode.unknown : ExitCode.ok;
    });
}

/**
 * One shard's explore.json, checked field by field. Its failing runs' folders are named relative
 * to the explore.json (older ones: to where explore ran); merged, they are named from here.
 */
function readShard(arg: string, cwd: string): ExploreDocument {
  const path = resolve(cwd, arg);
  let file = path;
  let shown = arg;
  try {
    if (statSync(path).isDirectory()) {
      file = join(path, 'explore.json');
      shown = join(arg, 'explore.json');
    }
  } catch {
    throw new UserError(`${arg}: no such file or folder`);
  }
  const parsed = exploreFile.safeParse(readJsonFile(file, shown, `${shown}: missing; give an explore output folder or its explore.json`));
  if (!parsed.success) throw new UserError(`${shown}: ${firstIssue(parsed.error, '')} (not an explore.json as ensemble explore writes it)`);
  const d = parsed.data;
  const base = dirname(file);
  return {
    scenario: d.scenario,
    protocol: d.protocol,
    mutants: d.mutants,
    swarm: d.swarm,
    shard: d.shard ?? null,
    seeds: d.seeds,
    ok: d.ok,
    failures: d.failures.map((f) => ({ seed: f.seed, kind: f.kind, checks: f.checks, folder: f.folder === null ? null : shownFolder(f.folder, base, cwd) })),
    unknown: d.unknown,
    unknownSeeds: (d.unknownSeeds ?? []).map((u) => ({ seed: u.seed, reason: u.reason })),
    stoppedEarly: d.stoppedEarly ?? false,
    wallMs: d.wallMs,
    seedsPerSecond: d.seedsPerSecond,
    simulatedSecondsPerWallSecond: d.simulatedSecondsPerWallSecond ?? 0,
  };
}

/** A failing run's folder from an explore.json: relative to it when it is there, else as written. */
function shownFolder(folder: string, base: string, cwd: string): string {
  const inside = resolve(base, folder);
  return existsSync(inside) ? displayPath(inside, cwd) : folder;
}
