/**
 * The client-visible operations of the store and their results, as they appear in history files
 * (plain JSON: the checker reads them back). An error ZooKeeper would report is a result value
 * `{ error }`, never an exception: the system did answer.
 *
 * Errors beyond each operation's own: every operation can answer `BadArguments` (a malformed path,
 * see `paths.ts`) and, when applied through the log, `SessionExpired` (its session is unknown or
 * closed). A `multi` that fails on a sub-operation answers `{ error, index }`; a `multi` refused as a
 * whole (its session is gone) answers `{ error: 'SessionExpired' }` without an index.
 */
import type { SessionId, Zxid } from './ids.js';
import { assertNever } from '../../sim/errors.js';

/** How a node is created: persistent or tied to the creating session, optionally with a counter suffix. */
export type CreateMode = 'persistent' | 'ephemeral' | 'persistent-sequential' | 'ephemeral-sequential';

/** Errors every operation can answer. */
export type CommonError = 'BadArguments' | 'SessionExpired';

/** Every error name the store answers, spelled as ZooKeeper spells its `KeeperException` codes. */
export type ZkError = 'NoNode' | 'NodeExists' | 'BadVersion' | 'NotEmpty' | 'NoChildrenForEphemerals' | CommonError;

/** Expected version meaning "whatever the current version is". */
export const ANY_VERSION = -1;

// ---------------------------------------------------------------------------------------------
// Operations

/** Create `path` (for sequential modes: `path` + the parent's counter) holding `data`. */
export interface CreateOp {
  readonly f: 'create';
  readonly path: string;
  readonly data: string;
  readonly mode: CreateMode;
}
/** Read a node's data and stat; `watch` leaves a one-shot data watch on the serving replica. */
export interface GetOp {
  readonly f: 'get';
  readonly path: string;
  readonly watch?: boolean;
}
/** Replace a node's data if its version is `version` (or `version` is -1). */
export interface SetOp {
  readonly f: 'set';
  readonly path: string;
  readonly data: string;
  readonly version: number;
}
/** Delete a childless node if its version is `version` (or `version` is -1). */
export interface DeleteOp {
  readonly f: 'delete';
  readonly path: string;
  readonly version: number;
}
/** Does the node exist; `watch` leaves a data watch, a creation watch when the node is missing. */
export interface ExistsOp {
  readonly f: 'exists';
  readonly path: string;
  readonly watch?: boolean;
}
/** A node's child names, sorted; `watch` leaves a one-shot child watch. */
export interface ChildrenOp {
  readonly f: 'children';
  readonly path: string;
  readonly watch?: boolean;
}
/** Several writes applied all together or not at all, validated in order. */
export interface MultiOp {
  readonly f: 'multi';
  readonly ops: readonly SubOp[];
}
/** Catch the serving replica up with the leader before the session's later reads. A no-op on the state. */
export interface SyncOp {
  readonly f: 'sync';
  readonly path: string;
}

/** Any client operation. */
export type Op = CreateOp | GetOp | SetOp | DeleteOp | ExistsOp | ChildrenOp | MultiOp | SyncOp;
/** The operations a replica may serve from its local state, without the log. */
export type ReadOp = GetOp | ExistsOp | ChildrenOp;

/** A sub-operation of `multi`; `check` asserts a version without changing anything. */
export type SubOp =
  | { readonly op: 'create'; readonly path: string; readonly data: string; readonly mode: CreateMode }
  | { readonly op: 'set'; readonly path: string; readonly data: string; readonly version: number }
  | { readonly op: 'delete'; readonly path: string; readonly version: number }
  | { readonly op: 'check'; readonly path: string; readonly version: number };

// ---------------------------------------------------------------------------------------------
// Results

/** A failed operation. */
export interface ErrorResult<E extends ZkError = ZkError> {
  readonly error: E;
}
/** Marks success shapes so `result.error` is a usable discriminant on every result union. */
export interface NoError {
  readonly error?: never;
}
/** Success with nothing to report (delete, check, sync). */
export type Done = NoError;

/**
 * A node's metadata. Zxids are the positions of the commands that created the node (`czxid`), last
 * changed its data (`mzxid`) and last created or deleted one of its children (`pzxid`).
 * `ephemeralOwner` is the owning session, or 0 for a persistent node (as in ZooKeeper).
 */
export interface Stat {
  readonly version: number;
  readonly cversion: number;
  readonly czxid: Zxid;
  readonly mzxid: Zxid;
  readonly pzxid: Zxid;
  readonly ephemeralOwner: SessionId | 0;
  readonly numChildren: number;
  readonly dataLength: number;
}

export interface Created extends NoError {
  /** The created path: for sequential modes, with the counter suffix. */
  readonly path: string;
}
export interface GotData extends NoError {
  readonly data: string;
  readonly version: number;
  /** Always present in the store's answers; optional so a history may leave it out. */
  readonly stat?: Stat;
}
export interface SetDone extends NoError {
  /** The node's version after the write. */
  readonly version: number;
}
export interface ExistsAnswer extends NoError {
  readonly exists: boolean;
  /** The node's version, when it exists. */
  readonly version?: number;
}
export interface ChildrenList extends NoError {
  /** Child names (not paths), sorted by UTF-16 code units. */
  readonly children: readonly string[];
}
/** One sub-result per sub-operation, in order: create → `Created`, set → `SetDone`, delete and check → `Done`. */
export interface MultiDone extends NoError {
  readonly results: readonly SubResult[];
}
/** The first failing sub-operation (0-based) and its error; nothing was applied. */
export interface MultiFailed {
  readonly error: ZkError;
  readonly index: number;
}

export type CreateResult = Created | ErrorResult<'NodeExists' | 'NoNode' | 'NoChildrenForEphemerals' | CommonError>;
export type GetResult = GotData | ErrorResult<'NoNode' | CommonError>;
export type SetResult = SetDone | ErrorResult<'BadVersion' | 'NoNode' | CommonError>;
export type DeleteResult = Done | ErrorResult<'NoNode' | 'BadVersion' | 'NotEmpty' | CommonError>;
export type ExistsResult = ExistsAnswer | ErrorResult<CommonError>;
export type ChildrenResult = ChildrenList | ErrorResult<'NoNode' | CommonError>;
export type MultiResult = MultiDone | MultiFailed | ErrorResult<'SessionExpired'>;
export type SyncResult = Done | ErrorResult<CommonError>;
export type CheckResult = Done | ErrorResult<'NoNode' | 'BadVersion' | 'BadArguments'>;
export type SubResult = Created | SetDone | Done;

/** The result type of each operation, keyed by its `f`. */
export interface ResultByOp {
  readonly create: CreateResult;
  readonly get: GetResult;
  readonly set: SetResult;
  readonly delete: DeleteResult;
  readonly exists: ExistsResult;
  readonly children: ChildrenResult;
  readonly multi: MultiResult;
  readonly sync: SyncResult;
}
/** The result type of operation `O`. */
export type ResultOf<O extends Op> = ResultByOp[O['f']];
/** Any operation's result. */
export type OpResult = ResultByOp[Op['f']];

/** True when `result` is an error (for `multi`, including a failed sub-operation). */
export function isError<R extends { readonly error?: ZkError }>(result: R): result is Extract<R, { readonly error: ZkError }> {
  return result.error !== undefined;
}

/** What a create mode asks for: a counter suffix, and/or ownership by the creating session. */
export function modeFlags(mode: CreateMode): { readonly sequential: boolean; readonly ephemeral: boolean } {
  switch (mode) {
    case 'persistent':
      return { sequential: false, ephemeral: false };
    case 'ephemeral':
      return { sequential: false, ephemeral: true };
    case 'persistent-sequential':
      return { sequential: true, ephemeral: false };
    case 'ephemeral-sequential':
      return { sequential: true, ephemeral: true };
    default:
      return assertNever(mode);
  }
}

/** True for operations that change (or may change) the tree; the rest are reads and `sync`. */
export function isWrite(op: Op): op is CreateOp | SetOp | DeleteOp | MultiOp {
  switch (op.f) {
    case 'create':
    case 'set':
    case 'delete':
    case 'multi':
      return true;
    case 'get':
    case 'exists':
    case 'children':
    case 'sync':
      return false;
    default:
      return assertNever(op);
  }
}
