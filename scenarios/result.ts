import type { Linearization } from '../sim/check/index.js';
import type { Violation } from '../sim/checks/index.js';
import type { HistoryOp } from '../sim/history.js';
import type { ScheduledFault } from '../sim/nemesis.js';
import type { TraceEvent } from '../sim/trace.js';
import type { RunPlan } from './plan.js';

export type { Violation, ViolationKind } from '../sim/checks/index.js';

export interface RunStats {
  readonly events: number;
  readonly messages: number;
  readonly delivered: number;
  readonly dropped: number;
  readonly simulatedMs: number;
  readonly ops: number;
  readonly opsOk: number;
  readonly opsFailed: number;
  readonly opsUnknown: number;
  /** The nemesis's actions while the faults ran (`RunResult.faults`): what a scenario's script lists. */
  readonly faults: number;
  /** What the end of the faults found standing and undid (`RunResult.undone`); not faults. */
  readonly undone: number;
  /** How many times a replica became leader (from the replicas' state reports). */
  readonly leaderChanges: number;
  /** The replicas that led, in the order they first did. */
  readonly leaders: readonly string[];
  /** In how many eras (terms, epochs, ballots, views) some replica led. */
  readonly leaderEras: number;
  readonly traceEvents: number;
}

/**
 * What a run found. Never thrown: a violation is an expected outcome. `unknown` means a checker
 * ran out of its step budget before deciding.
 */
export type RunResult = {
  readonly plan: RunPlan;
  readonly seed: number;
  readonly traceHash: string;
  readonly stats: RunStats;
  /** The faults as they happened, resolved to nodes: replayable as a script. */
  readonly faults: readonly ScheduledFault[];
  /**
   * What the end of the faults (at `plan.duration`) found standing and undid: a heal, the network,
   * disks and clocks back to normal, nodes resumed and restarted. Not faults, and not part of a
   * script: every run ends its faults the same way.
   */
  readonly undone: readonly ScheduledFault[];
  readonly violations: readonly Violation[];
  readonly history: readonly HistoryOp[];
  /** The kept trace window (empty when the run was asked not to keep it). */
  readonly trace: readonly TraceEvent[];
  readonly traceDropped: number;
  /** The order the checker found, per partition, when the history is linearizable (for the viewer). */
  readonly linearization?: readonly Linearization[];
} & ({ readonly verdict: 'ok' } | { readonly verdict: 'violation' } | { readonly verdict: 'unknown'; readonly reason: string });
