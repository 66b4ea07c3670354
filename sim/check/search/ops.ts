/** What a search reads: one partition's operations, as parallel arrays. */
import type { Process } from '../history.js';

/**
 * The operations of one search as parallel arrays (no object per operation), sorted by `call`.
 * Entry `k` of every array describes operation `k`.
 */
export interface SearchOps<I, O> {
  readonly inputs: readonly I[];
  /** `undefined`: unknown outcome. */
  readonly outputs: readonly (O | undefined)[];
  /** Event positions of the invocation and the completion (`Infinity`: unknown outcome). */
  readonly call: Float64Array;
  readonly ret: Float64Array;
  /**
   * Where its call entry sits: it may be placed once every operation that returned before this
   * position is. `call` for linearizability; earlier for a ZooKeeper read.
   */
  readonly start: Float64Array;
  /** An operation that must be placed before this one, or -1. */
  readonly after: Int32Array;
  readonly process: readonly Process[];
  /** Unknown-outcome operations with the same key have the same effect and are interchangeable. */
  readonly symmetry: readonly (string | undefined)[];
  /** 1 when the operation, with its output, changes no state (see `Model.pure`). */
  readonly pure: Uint8Array;
  /** How the operation depends on the state (see `Model.stateUse`): `OBSERVES`, `BLIND` or `OVERWRITES`. */
  readonly use: Uint8Array;
}

/** `SearchOps.use`: validity depends on the state. */
export const OBSERVES = 0;
/** `SearchOps.use`: valid in every state. */
export const BLIND = 1;
/** `SearchOps.use`: valid in every state, and leaves the same state whatever the state before. */
export const OVERWRITES = 2;
