import type { RunPlan } from '../../scenarios/plan.js';

/** Messages between the explore coordinator and its workers. */
export interface WorkerSetup {
  readonly plan: RunPlan;
  /** How printed commands name the scenario: a shipped one's name, or the file's path. */
  readonly scenarioFile: string;
  readonly swarm: boolean;
  /** Where failing runs are written, one folder per seed; absent: nothing is written. */
  readonly outDir: string | undefined;
  readonly report: boolean;
  /** The trace level of failing runs' folders (the exploring runs themselves record only what checks need). */
  readonly trace: RunPlan['trace'];
  /** The flags that changed the scenario (`--protocol`, `--mutant`), for the replay command. */
  readonly overrides: { readonly protocol?: string | undefined; readonly mutants?: readonly string[] | undefined };
}

export type ToWorker = { readonly kind: 'seed'; readonly seed: number } | { readonly kind: 'stop' };

export interface SeedOutcome {
  readonly seed: number;
  readonly verdict: 'ok' | 'violation' | 'unknown';
  /** For a violation: the kinds and checks that fired; for unknown: why. */
  readonly kinds: readonly string[];
  readonly checks: readonly string[];
  readonly reason?: string;
  readonly traceHash: string;
  readonly events: number;
  readonly simulatedMs: number;
  readonly wallMs: number;
  /** The failing run's folder, when one was written. */
  readonly folder?: string;
  readonly error?: string;
}

export type FromWorker = { readonly kind: 'ready' } | { readonly kind: 'done'; readonly outcome: SeedOutcome };
