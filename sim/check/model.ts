/**
 * The contract between the search and a sequential specification. A model is pure: `step` never
 * mutates a state, it returns a new one (or the same object when nothing changed, which lets the
 * search commit such steps without branching).
 */
import type { Operation } from './history.js';

/**
 * A history's operations as the model reads them, as parallel arrays (one entry per operation,
 * no object per operation): `outputs[i]` is `undefined` when the outcome is unknown.
 */
export interface ModelOps<I, O> {
  readonly inputs: readonly I[];
  readonly outputs: readonly (O | undefined)[];
}

/** See `Model.observable` (an object with a method, so that it is bivariant in `S` like `Model`). */
export interface StateTest<S> {
  accepts(state: S): boolean;
}

/**
 * A search's operations (in invocation order) with where they sit in time: `ret` is where one
 * returns (`Infinity`: unknown outcome), and every operation that returned before `start[k]`
 * precedes operation `k` in every valid order (see `search/ops.ts`).
 */
export interface TimedOps<I, O> extends ModelOps<I, O> {
  readonly start: Float64Array;
  readonly ret: Float64Array;
}

/** See `Model.lookahead`. */
export interface Lookahead<S> {
  /**
   * Asked after a step placed operation `k` and changed the state from `before` to `after`;
   * `placed[j]` is 1 for each operation placed so far, `k` included. May answer true only when
   * the placed operations have no valid continuation: no order of the others, with every
   * known-outcome one, in which every result holds and every operation that returned before an
   * operation's `start` precedes it. Answering false is always safe.
   */
  hopeless(before: S, after: S, k: number, placed: Uint8Array): boolean;
}

/** See `Model.stateUse`. */
export type StateUse = 'observes' | 'blind' | 'overwrites';

/**
 * A sequential specification. Methods (not function properties) so that a `Model<number, …>` can
 * be held where a `Model` is expected.
 */
export interface Model<S = unknown, I = unknown, O = unknown> {
  /** Registry name, as the CLI's `--model` spells it. */
  readonly name: string;
  /** One line for help texts. */
  readonly summary: string;
  /**
   * Reads a whole history's operations (whole, so values can be interned once). Throws
   * `HistoryError` naming the line for an operation the model does not know.
   */
  compile(ops: readonly Operation[], file?: string): ModelOps<I, O>;
  /** The state before any operation. */
  init(): S;
  /**
   * Applies `input` to `state`; `undefined` when the operation could not have returned `output`
   * there. With an unknown output every step is legal. Returns `state` itself when it is unchanged.
   */
  step(state: S, input: I, output: O | undefined): S | undefined;
  hash(state: S): number;
  equal(a: S, b: S): boolean;
  /**
   * The atoms (keys, paths) each operation touches, for P-compositionality: operations that share
   * an atom, directly or through others, are checked together; no atom at all means the operation
   * does not depend on the state. A single atom may be given as a string. Omit for one partition.
   */
  partition?(ops: readonly Operation[], compiled: ModelOps<I, O>): readonly (string | readonly string[])[];
  /**
   * Unknown-outcome operations with equal keys must have the same effect from every state; the
   * search then tries only one of them at a time. Default: the operation's f, key and value.
   * Return `undefined` to opt an operation out.
   */
  symmetryKey?(op: Operation): string | undefined;
  /**
   * Unknown-outcome operations of one partition that cannot matter: the partition is linearizable
   * with them exactly when it is without them. `members` are the partition's operations (indices
   * into `ops` and `compiled`, in invocation order); returns those to leave out. Only
   * unknown-outcome members are ever left out, whatever this returns. Omit to prune nothing beyond
   * what the checker prunes for every model (unknown-outcome operations `pure` in every state).
   */
  prunable?(members: readonly number[], ops: readonly Operation[], compiled: ModelOps<I, O>): readonly number[];
  /** True for operations a ZooKeeper replica serves from its local state (reads). A read never changes the state. */
  isRead(input: I): boolean;
  /**
   * True when the operation, having answered `output`, changes no state whatever the state (a read,
   * a cas that answered "not equal", an error). The search commits such steps without branching.
   * Default: `isRead(input)`. Must be false for an unknown output unless the input alone is pure.
   */
  pure?(input: I, output: O | undefined): boolean;
  /**
   * How the operation, having answered `output`, depends on the state. `observes`: whether it fits
   * depends on the state (a read, a cas, anything with a known result that could be wrong).
   * `blind`: it fits every state (an append; any unknown-outcome operation). `overwrites`: it fits
   * every state and leaves the same state whatever the state before (a write, a put). Claiming
   * less is always safe (`observes` for everything with a known outcome is the default); claiming
   * more is not: the search relies on it to skip orders (see `search/search.ts`).
   */
  stateUse?(input: I, output: O | undefined): StateUse;
  /**
   * True when unknown-outcome operations can lead back to a state they left (a register's cas):
   * the search then drops runs of them that do (such a round trip could as well not happen), at
   * the price of memo entries that depend on the run. Leave it out where they mostly commute or
   * only grow the state (kv appends, znode): there the price is higher than the gain.
   */
  readonly revisits?: boolean;
  /**
   * For one search (a partition's operations, in invocation order): a test of the states reached
   * while an unknown-outcome operation's change is still unobserved. It may answer false only when
   * no sequence of `blind` operations leads from the state to one that some `observes` operation
   * among `ops` accepts (kv: the value begins no value read). The search drops such states (see
   * `search/search.ts`). Omit, or return undefined, to accept every state.
   */
  observable?(ops: readonly Operation[]): StateTest<S> | undefined;
  /**
   * For one search: a test that sees further than one step (znode: a sequence number shows when a
   * node was created, so once a parent's counter has passed it, an operation that still has to
   * see that node can be ruled out at once). The search treats a step after which it answers true
   * as one that does not fit (see `search/search.ts`). Omit, or return undefined, for none.
   */
  lookahead?(ops: TimedOps<I, O>): Lookahead<S> | undefined;
  describeState(state: S): string;
  describeOp(input: I, output: O | undefined): string;
  /** The state the operation needed to return what it did, in words. */
  needs(input: I, output: O | undefined): string;
}
