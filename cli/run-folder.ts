import { readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import { checkJsonNesting, HistoryError } from '../sim/check/index.js';
import type { ScheduledFault } from '../sim/nemesis.js';
import type { RunPlan } from '../scenarios/plan.js';
import { UserError } from './errors.js';
import { firstIssue, savedPlan, scheduledFaults } from './saved-plan.js';

/** What `ensemble run` saved in result.json, as later verbs read it back. */
export interface SavedRun {
  /** The folder as the user named it (for messages and printed commands). */
  readonly folder: string;
  /** The folder's absolute path. */
  readonly path: string;
  readonly ensembleVersion: string;
  readonly verdict: 'ok' | 'violation' | 'unknown';
  readonly reason: string | undefined;
  readonly seed: number;
  readonly traceHash: string;
  readonly scenarioFile: string;
  readonly plan: RunPlan;
  readonly faults: readonly ScheduledFault[];
  /** What the end of the faults undid (absent in folders written before it was recorded apart). */
  readonly undone: readonly ScheduledFault[];
  readonly violations: readonly SavedViolation[];
  readonly stats: Readonly<Record<string, unknown>>;
  readonly traceDropped: number;
  readonly replay: string | undefined;
}

export interface SavedViolation {
  readonly kind: string;
  readonly check: string;
  readonly message: string;
  readonly at?: number;
  readonly witness?: unknown;
}

const violation = z.looseObject({ kind: z.string(), check: z.string(), message: z.string(), at: z.number().optional(), witness: z.unknown().optional() });

const resultFile = z.looseObject({
  ensembleVersion: z.string().optional(),
  verdict: z.enum(['ok', 'violation', 'unknown']),
  reason: z.string().optional(),
  seed: z.number().int().nonnegative().max(2 ** 32 - 1),
  traceHash: z.string().max(200),
  scenarioFile: z.string().optional(),
  replay: z.string().optional(),
  stats: z.record(z.string(), z.unknown()).optional(),
  traceDropped: z.number().int().nonnegative().optional(),
  violations: z.array(violation).optional(),
  plan: savedPlan,
  faults: scheduledFaults.optional(),
  undone: scheduledFaults.optional(),
});

/**
 * Reads a run folder's result.json, checked field by field: a missing, corrupt or hand-edited one
 * is bad input that names the file and the field, never an internal error later.
 */
export function readRunFolder(folder: string, cwd: string): SavedRun {
  const path = resolve(cwd, folder);
  const file = join(folder, 'result.json');
  const doc = readJsonFile(join(path, 'result.json'), file, `${folder}: not a run folder (no result.json); give a folder written by ensemble run or explore`);
  const parsed = resultFile.safeParse(doc);
  if (!parsed.success) throw new UserError(`${file}: ${firstIssue(parsed.error, '')} (not what ensemble run writes: was the file edited?)`);
  const o = parsed.data;
  return {
    folder,
    path,
    ensembleVersion: o.ensembleVersion ?? 'unknown',
    verdict: o.verdict,
    reason: o.reason,
    seed: o.seed,
    traceHash: o.traceHash,
    scenarioFile: o.scenarioFile ?? '',
    plan: o.plan as unknown as RunPlan,
    faults: (o.faults ?? []) as readonly ScheduledFault[],
    undone: (o.undone ?? []) as readonly ScheduledFault[],
    violations: (o.violations ?? []) as readonly SavedViolation[],
    stats: o.stats ?? {},
    traceDropped: o.traceDropped ?? 0,
    replay: o.replay,
  };
}

/**
 * Reads and parses a JSON file the user gave: `missing` when it is not there, bad input naming
 * the file otherwise (unreadable, not JSON, nested deeper than any such file is).
 */
export function readJsonFile(path: string, shown: string, missing: string): unknown {
  let text: string;
  try {
    if (!statSync(path).isFile()) throw new UserError(`${shown}: is a folder, not a file`);
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if (error instanceof UserError) throw error;
    throw new UserError((error as NodeJS.ErrnoException).code === 'ENOENT' ? missing : `${shown}: cannot read it (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
  return parseJsonText(text, shown);
}

/** JSON.parse with the nesting bounded and errors as bad input naming the file. */
export function parseJsonText(text: string, shown: string, line?: number): unknown {
  try {
    checkJsonNesting(text, shown, line);
  } catch (error) {
    if (error instanceof HistoryError) throw new UserError(error.message);
    throw error;
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new UserError(`${shown}${line === undefined ? '' : `:${line}`}: not valid JSON (${(error as Error).message})`);
  }
}
