/**
 * What a report embeds: the run's raw events, history and violations plus a little metadata.
 * Everything drawn is derived from this in the page (Porcupine's 1.5 GB file came from embedding
 * derived data instead). Shared by the builder (Node) and the page (browser), so no imports of
 * either's platform.
 */
import type { HistoryOp } from '../../sim/history.js';
import type { ViewEvent } from './events.js';

/** Bumped when the payload's shape changes incompatibly. */
export const REPORT_FORMAT = 1;

/** A violation as embedded. */
export interface ReportViolationData {
  readonly kind: string;
  readonly check: string;
  readonly message: string;
  /** Virtual time of the first evidence, when known. */
  readonly at?: number;
  readonly witness?: unknown;
}

/** What the header shows. */
export interface ReportMeta {
  readonly scenario: string;
  readonly protocol: string;
  readonly seed: number;
  readonly verdict: string;
  /** Why the verdict is `unknown`, when it is. */
  readonly reason?: string;
  readonly replayCommand: string;
  readonly ensembleVersion: string;
  readonly traceHash: string;
  /** Events recorded but not kept (the trace starts after them). */
  readonly traceDropped: number;
  /** Events recorded after the last one embedded (the page's trace ends before them). */
  readonly traceOmittedAfter?: number;
  /** The run's statistics, as the run reported them. */
  readonly stats: Readonly<Record<string, unknown>>;
  /** The run plan, for the header's details. */
  readonly plan: unknown;
}

/** The embedded payload, gzip + base64 in the page. */
export interface ReportData {
  readonly format: number;
  readonly meta: ReportMeta;
  readonly violations: readonly ReportViolationData[];
  /** The nemesis's actions while the faults ran, `{at, fault: {kind, ...}}` (read defensively; older reports have none). */
  readonly faults?: unknown;
  /** What the end of the faults undid, likewise. */
  readonly undone?: unknown;
  /** The checker's order when the history is linearizable: `{partition, order}` per partition (read defensively). */
  readonly linearization?: unknown;
  readonly history: readonly HistoryOp[];
  readonly trace: readonly ViewEvent[];
}
