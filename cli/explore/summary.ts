import type { SeedOutcome } from './protocol.js';

/** The explore document: what `explore --json` prints, explore.json holds, and `merge` combines. */
export interface ExploreDocument {
  readonly scenario: string;
  readonly protocol: string;
  readonly mutants: readonly string[];
  readonly swarm: boolean;
  readonly shard: string | null;
  readonly seeds: number;
  readonly ok: number;
  readonly failures: readonly { readonly seed: number; readonly kind: string; readonly checks: readonly string[]; readonly folder: string | null }[];
  readonly unknown: number;
  readonly unknownSeeds: readonly { readonly seed: number; readonly reason: string }[];
  readonly stoppedEarly: boolean;
  readonly wallMs: number;
  readonly seedsPerSecond: number;
  readonly simulatedSecondsPerWallSecond: number;
}

export function exploreDocument(
  base: Pick<ExploreDocument, 'scenario' | 'protocol' | 'mutants' | 'swarm' | 'shard'>,
  outcomes: readonly SeedOutcome[],
  wallMs: number,
  stoppedEarly: boolean,
): ExploreDocument {
  const sorted = [...outcomes].sort((a, b) => a.seed - b.seed);
  const failures = sorted
    .filter((o) => o.verdict === 'violation')
    .map((o) => ({ seed: o.seed, kind: o.kinds.join('+'), checks: o.checks, folder: o.folder ?? null }));
  const unknownSeeds = sorted.filter((o) => o.verdict === 'unknown').map((o) => ({ seed: o.seed, reason: o.error ? `internal error: ${o.error.split('\n')[0]}` : (o.reason ?? 'unknown') }));
  const simulated = sorted.reduce((s, o) => s + o.simulatedMs, 0);
  return {
    ...base,
    seeds: sorted.length,
    ok: sorted.filter((o) => o.verdict === 'ok').length,
    failures,
    unknown: unknownSeeds.length,
    unknownSeeds,
    stoppedEarly,
    wallMs: Math.round(wallMs),
    seedsPerSecond: wallMs > 0 ? round((sorted.length * 1000) / wallMs) : 0,
    simulatedSecondsPerWallSecond: wallMs > 0 ? round(simulated / wallMs) : 0,
  };
}

export function exploreTable(doc: ExploreDocument): string {
  const lines = [
    `${doc.scenario}  (${doc.protocol}${doc.mutants.length ? `, mutants ${doc.mutants.join(' ')}` : ''}${doc.swarm ? ', swarm' : ''}${doc.shard ? `, shard ${doc.shard}` : ''})`,
    `  seeds      ${doc.seeds}${doc.stoppedEarly ? ' (stopped at the first failure; --keep-going runs them all)' : ''}`,
    `  ok         ${doc.ok}`,
    `  failures   ${doc.failures.length}`,
    `  unknown    ${doc.unknown}`,
    `  speed      ${doc.seedsPerSecond} seeds/s, ${doc.simulatedSecondsPerWallSecond}x real time`,
  ];
  if (doc.failures.length) {
    lines.push('', '  seed        kind               checks                      run folder');
    for (const f of doc.failures.slice(0, 30)) lines.push(`  ${String(f.seed).padEnd(11)} ${f.kind.padEnd(18)} ${f.checks.join(',').padEnd(27)} ${f.folder ?? '-'}`);
    if (doc.failures.length > 30) lines.push(`  ... ${doc.failures.length - 30} more in explore.json`);
  }
  for (const u of doc.unknownSeeds.slice(0, 10)) lines.push(`  seed ${u.seed}: unknown (${u.reason})`);
  return `${lines.join('\n')}\n`;
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}
