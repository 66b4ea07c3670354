/**
 * The one shape every check of a run has, whoever defines it: the kernel's generic replica checks,
 * a protocol's invariants, a workload's (a recipe's) own checks. A check is fed the trace as it is
 * recorded and judges at the end, with the client history at hand; what it finds is a `Violation`.
 */
import type { HistoryOp } from '../history.js';
import type { Time } from '../time.js';
import type { TraceEvent } from '../trace.js';

export type ViolationKind = 'linearizability' | 'invariant' | 'liveness' | 'exception';

/** One thing a check found wrong, with enough to find it in the trace and history. */
export interface Violation {
  readonly kind: ViolationKind;
  /** The check that found it: `linearizable`, `election-safety`, `liveness`, ... */
  readonly check: string;
  readonly message: string;
  /** Virtual time of the first evidence, when known. */
  readonly at?: Time;
  readonly witness?: unknown;
}

/** What a check is given at the end of a run, beside the trace it was fed. */
export interface CheckRun {
  readonly history: readonly HistoryOp[];
  /** When the faults stopped and the settle period began. */
  readonly duration: Time;
  /** When the run ended (duration + settle). */
  readonly end: Time;
}

/** Watches the trace as it is recorded and reports what it found at the end. */
export interface TraceCheck {
  observe(event: TraceEvent): void;
  finish(run: CheckRun): readonly Violation[];
}

/** Checks by name, as a protocol, a workload or the kernel offers them. */
export type CheckCatalogue = Readonly<Record<string, () => TraceCheck>>;

/** At most this many violations per check: the first few tell the story. */
export const MAX_REPORTED = 5;

/** Collects one check's invariant violations, keeping the first few. */
export class ViolationLog {
  readonly found: Violation[] = [];

  constructor(
    readonly check: string,
    private readonly max = MAX_REPORTED,
  ) {}

  report(at: Time | undefined, message: string, witness?: unknown): void {
    if (this.found.length >= this.max) return;
    this.found.push({ kind: 'invariant', check: this.check, message, ...(at === undefined ? {} : { at }), ...(witness === undefined ? {} : { witness }) });
  }
}
