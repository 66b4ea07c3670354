import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RunPlan } from '../scenarios/plan.js';
import { UserError } from './errors.js';

/** What `ensemble run` saved in result.json, as later verbs read it back. */
export interface SavedRun {
  readonly folder: string;
  readonly ensembleVersion: string;
  readonly verdict: 'ok' | 'violation' | 'unknown';
  readonly seed: number;
  readonly traceHash: string;
  readonly scenarioFile: string;
  readonly plan: RunPlan;
  readonly faults: readonly { at: number; fault: { kind: string } }[];
}

/** Reads a run folder's result.json; a missing or corrupt one is bad input that names the file and field. */
export function readRunFolder(folder: string): SavedRun {
  const file = join(folder, 'result.json');
  if (!existsSync(file)) throw new UserError(`${folder}: not a run folder (no result.json); give a folder written by ensemble run`);
  let doc: unknown;
  try {
    doc = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new UserError(`${file}: not valid JSON (${(error as Error).message})`);
  }
  const o = doc as Record<string, unknown>;
  const need = (field: string, type: 'string' | 'number' | 'object') => {
    if (typeof o[field] !== type || o[field] === null) throw new UserError(`${file}: field '${field}' missing or not a ${type}`);
  };
  need('plan', 'object');
  need('traceHash', 'string');
  need('seed', 'number');
  need('verdict', 'string');
  const plan = o['plan'] as Record<string, unknown>;
  for (const field of ['protocol', 'replicas', 'duration', 'workload', 'nemesis', 'network', 'checks']) {
    if (plan[field] === undefined) throw new UserError(`${file}: field 'plan.${field}' is missing`);
  }
  return {
    folder,
    ensembleVersion: String(o['ensembleVersion'] ?? 'unknown'),
    verdict: o['verdict'] as SavedRun['verdict'],
    seed: o['seed'] as number,
    traceHash: o['traceHash'] as string,
    scenarioFile: String(o['scenarioFile'] ?? ''),
    plan: o['plan'] as RunPlan,
    faults: (o['faults'] as SavedRun['faults']) ?? [],
  };
}
