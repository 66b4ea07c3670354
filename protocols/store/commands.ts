/**
 * What goes through the replicated log, and what applying it answers. Every protocol (Raft, ZAB,
 * Paxos) orders `Command`s; every replica applies them to its `StoreMachine` with the command's
 * position as zxid and gets the same `Applied` back.
 *
 * Membership and configuration commands are not here yet: they belong to the protocol that
 * interprets them and are added as new `kind`s when that protocol lands. Every `switch` over
 * `Command` ends in `assertNever`, so adding a kind makes the compiler list each place to extend.
 */
import type { Change } from './changes.js';
import type { ClientId, SessionId } from './ids.js';
import type { Op, OpResult } from './ops.js';

/**
 * A client operation. `(client, seq)` makes it exactly-once: `seq` grows with each new request of
 * the client, and a retry reuses the original `seq`.
 */
export interface OpCommand {
  readonly kind: 'op';
  readonly client: ClientId;
  readonly seq: number;
  readonly session: SessionId;
  readonly op: Op;
}

/** Starts a session; its id is chosen by the proposing leader and must be unused (e.g. the entry's own index). */
export interface OpenSessionCommand {
  readonly kind: 'open-session';
  readonly session: SessionId;
  /** The negotiated timeout, kept so a new leader can resume expiry tracking. */
  readonly timeoutMs: number;
}

/** Ends a session, by the client (`closed`) or by the leader's expiry tracker (`expired`); its ephemerals go. */
export interface CloseSessionCommand {
  readonly kind: 'close-session';
  readonly session: SessionId;
  readonly reason: 'closed' | 'expired';
}

/** The entry a new leader appends to commit its term (Raft) or epoch; changes nothing. */
export interface NoopCommand {
  readonly kind: 'noop';
}

export type Command = OpCommand | OpenSessionCommand | CloseSessionCommand | NoopCommand;

/**
 * The answer to an `OpCommand`. `duplicate` is true when `seq` equals the client's last applied seq:
 * the operation was not executed again and `result` is the very same value as the first time.
 */
export interface OpResponse {
  readonly kind: 'op';
  readonly client: ClientId;
  readonly seq: number;
  readonly result: OpResult;
  readonly duplicate: boolean;
}

/**
 * The answer to an `OpCommand` whose `seq` is older than the client's last applied one. Nothing
 * is executed, and there is no result to give: only the last response per client is kept, and a
 * client sends a new seq only after it has the answer to the previous one, so nobody waits for this.
 */
export interface StaleResponse {
  readonly kind: 'stale';
  readonly client: ClientId;
  readonly seq: number;
  readonly lastSeq: number;
}

/** `created` is false when the session was already open (a re-proposed open changes nothing). */
export interface OpenSessionResponse {
  readonly kind: 'open-session';
  readonly session: SessionId;
  readonly created: boolean;
}

/** `closed` is false when the session was not open; `deleted` lists its ephemeral nodes, removed in this order. */
export interface CloseSessionResponse {
  readonly kind: 'close-session';
  readonly session: SessionId;
  readonly reason: 'closed' | 'expired';
  readonly closed: boolean;
  readonly deleted: readonly string[];
}

export interface NoopResponse {
  readonly kind: 'noop';
}

export type Response = OpResponse | StaleResponse | OpenSessionResponse | CloseSessionResponse | NoopResponse;

/**
 * The outcome of applying one command: the response for whoever waits on it, and the tree changes
 * in the order they happened (for the replica's `WatchManager`; empty for reads and duplicates).
 */
export interface Applied {
  readonly response: Response;
  readonly changes: readonly Change[];
}
