/**
 * What a report is built from: the fields of a run result (scenarios/result.ts `RunResult`), taken
 * structurally so viz/ sits beside the CLI without importing the composition root, plus the two
 * things only the caller knows: the command that replays the run and the Ensemble version.
 */
import type { HistoryOp } from '../sim/history.js';
import type { TraceEvent } from '../sim/trace.js';
import { REPORT_FORMAT, type ReportData } from './layout/data.js';

/** The plan fields the header needs; the rest of a RunPlan rides along. */
export interface ReportPlan {
  /** The scenario's name. */
  readonly name: string;
  readonly protocol: string;
}

/** A violation as scenarios/result.ts `Violation` has it; `witness` is read defensively. */
export interface ReportViolation {
  readonly kind: string;
  readonly check: string;
  readonly message: string;
  readonly at?: number;
  readonly witness?: unknown;
}

/** A fault as the nemesis recorded it (`ScheduledFault`): when, and what (`kind` plus its fields). */
export interface ReportFault {
  readonly at: number;
  readonly fault: { readonly kind: string };
}

/** A run result (`RunResult` fits structurally) plus what only the caller knows. */
export interface ReportInput {
  /** The run plan; embedded whole, the header shows its name and protocol. */
  readonly plan: ReportPlan;
  readonly verdict: 'ok' | 'violation' | 'unknown';
  /** Why the verdict is `unknown`. */
  readonly reason?: string;
  readonly violations: readonly ReportViolation[];
  readonly seed: number;
  readonly traceHash: string;
  /** The run's statistics (`RunStats`); embedded as given. */
  readonly stats: object;
  /** The nemesis's actions while the faults ran (`RunResult.faults`), for the fault list. */
  readonly faults?: readonly ReportFault[];
  /** What the end of the faults undid (`RunResult.undone`). */
  readonly undone?: readonly ReportFault[];
  readonly history: readonly HistoryOp[];
  readonly trace: readonly TraceEvent[];
  /** Events recorded but not kept; the page says the trace starts late when this is non-zero. */
  readonly traceDropped?: number;
  /** Events after the last embedded one, left out to bound the page (they are in trace.jsonl). */
  readonly traceOmittedAfter?: number;
  /** The checker's order for a linearizable history, per partition (`call` = history index). */
  readonly linearization?: readonly { readonly partition: string; readonly order: readonly number[] }[];
  /** Shown in the header to copy, e.g. `ensemble run scenarios/x.yaml --seed 7`. */
  readonly replayCommand: string;
  readonly ensembleVersion: string;
}

/** The payload the page reads: the input's fields, renamed where the page wants other names. */
export function reportData(input: ReportInput): ReportData {
  return {
    format: REPORT_FORMAT,
    meta: {
      scenario: input.plan.name,
      protocol: input.plan.protocol,
      seed: input.seed,
      verdict: input.verdict,
      ...(input.reason === undefined ? {} : { reason: input.reason }),
      replayCommand: input.replayCommand,
      ensembleVersion: input.ensembleVersion,
      traceHash: input.traceHash,
      traceDropped: input.traceDropped ?? 0,
      ...(input.traceOmittedAfter ? { traceOmittedAfter: input.traceOmittedAfter } : {}),
      stats: input.stats as Readonly<Record<string, unknown>>,
      plan: input.plan,
    },
    violations: input.violations,
    ...(input.faults === undefined ? {} : { faults: input.faults }),
    ...(input.undone === undefined ? {} : { undone: input.undone }),
    ...(input.linearization === undefined ? {} : { linearization: input.linearization }),
    history: input.history,
    trace: input.trace,
  };
}
