/** What a check returns: a verdict value, never an exception, for every outcome a history can have. */
import type { Operation } from './history.js';

export type Verdict = 'linearizable' | 'not-linearizable' | 'unknown';

/** An operation as reports show it: the operation, JSON-safe, with its times and its rendering. */
export interface OpSummary extends Omit<Operation, 'ret' | 'retLine'> {
  /** Event position of the completion (`null`: unknown outcome, where the operation has Infinity). */
  readonly ret: number | null;
  /** The events' `time` fields, when the history has them. */
  readonly callTime: number | undefined;
  readonly retTime: number | undefined;
  /** The model's rendering, e.g. `cas 1 → 2 ok`. */
  readonly text: string;
}

/** An operation that could have been placed next after the longest prefix. */
export interface Candidate {
  readonly op: OpSummary;
  /** The model state it needed, in words. */
  readonly needs: string;
  /** True when it fits the state after the prefix (then it was a dead end further on). */
  readonly fits: boolean;
}

/** Why a partition is not linearizable, in terms a person can act on (and a viewer can draw). */
export interface Counterexample {
  /** The failing partition's key (its atoms: keys or path components), or `*` for the cross-partition pass. */
  readonly partition: string;
  readonly partitionOps: number;
  /** The longest linearizable prefix the search found, in linearization order. */
  readonly prefix: readonly OpSummary[];
  /** The model state after that prefix. */
  readonly state: string;
  /** The operation with a known outcome that returns first among those not in the prefix: the next one must come before its return. */
  readonly deadline: OpSummary | undefined;
  /** When the violation is certain: the `time` of the deadline's return, if the history has times. */
  readonly at: number | undefined;
  /** The operations that could have come next, each with the state it needed. */
  readonly candidates: readonly Candidate[];
  /** The counterexample as readable text. */
  readonly text: string;
}

/**
 * An order a linearizable partition was found to have: its operations by `call` (the position of
 * the invocation in the history's events), in linearization order. Unknown-outcome operations
 * that are absent never took effect (or took effect after everything, unobserved), and so did the
 * ones pruned before the search.
 */
export interface Linearization {
  readonly partition: string;
  readonly order: readonly number[];
}

export type PartitionVerdict = Verdict | 'unchecked';

export interface PartitionReport {
  readonly key: string;
  /** The partition's operations, `prunedOps` included. */
  readonly ops: number;
  /** Unknown-outcome operations left out before the search: they cannot change its verdict. */
  readonly prunedOps: number;
  readonly verdict: PartitionVerdict;
  readonly steps: number;
  readonly memoEntries: number;
}

export interface ResultCommon {
  readonly model: string;
  readonly consistency: Consistency;
  /** Operations checked: failed ones and unknown-outcome reads (they can change nothing) are left out. */
  readonly ops: number;
  /** Operations of the history with unknown outcome (`info` or no completion). */
  readonly unknownOps: number;
  /** Operations that completed with `fail` (they did not happen). */
  readonly failedOps: number;
  /** Of `ops`, unknown-outcome operations left out before the search because they cannot matter. */
  readonly prunedOps: number;
  readonly partitions: readonly PartitionReport[];
  readonly steps: number;
  readonly memoEntries: number;
}

/**
 * `linearizable`: every partition (and in ZooKeeper mode the cross-partition pass) found an order.
 * `not-linearizable`: one provably has none (the search stops at the first). `unknown`: some
 * partition ran out of budget or the caller interrupted, and none failed.
 */
export type CheckResult =
  | (ResultCommon & { readonly verdict: 'linearizable'; readonly linearization: readonly Linearization[] })
  | (ResultCommon & { readonly verdict: 'not-linearizable'; readonly counterexample: Counterexample })
  | (ResultCommon & { readonly verdict: 'unknown'; readonly reason: 'budget' | 'interrupted'; readonly undecided: readonly string[] });

/**
 * `linearizable`: every operation takes effect at one instant between its invocation and return.
 * `zookeeper`: ZooKeeper's guarantee: writes linearizable, reads sequentially consistent per process
 * (see `check`).
 */
export type Consistency = 'linearizable' | 'zookeeper';
