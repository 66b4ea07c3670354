/**
 * Branded identifiers of the store. They are plain numbers and strings at run time (so they read and
 * write as JSON unchanged) but distinct types, so a session id cannot be passed where a zxid is meant.
 */

declare const brand: unique symbol;

/** `T` tagged with the compile-time-only brand `B`. */
export type Brand<T, B extends string> = T & { readonly [brand]: B };

/** A client session, chosen by the leader that proposes `open-session`. Always a positive integer. */
export type SessionId = Brand<number, 'SessionId'>;

/**
 * A client's identity for exactly-once: requests carry (client, seq) and the store answers a retry
 * with the original response. A string so workload processes and named components (`'c3'`,
 * `'k8s-scheduler'`) can use readable ids.
 */
export type ClientId = Brand<string, 'ClientId'>;

/**
 * The position of a command in the replicated order (a Raft/Paxos log index, or a ZAB zxid). Each
 * applied command gets the next, strictly larger one; 0 is "before anything" (the root node's zxids).
 */
export type Zxid = Brand<number, 'Zxid'>;

/** Checks and brands a session id; a non-positive or non-integer id is a caller bug. */
export function sessionId(n: number): SessionId {
  if (!Number.isSafeInteger(n) || n <= 0) throw new RangeError(`store: session id must be a positive integer, got ${n}`);
  return n as SessionId;
}

/** Brands a client id; an empty id is a caller bug. */
export function clientId(s: string): ClientId {
  if (s.length === 0) throw new RangeError('store: client id must not be empty');
  return s as ClientId;
}

/** Checks and brands a zxid (a non-negative safe integer). */
export function zxid(n: number): Zxid {
  if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`store: zxid must be a non-negative integer, got ${n}`);
  return n as Zxid;
}

/** The zxid before any command: the root node's czxid, mzxid and pzxid, and a fresh machine's applied zxid. */
export const ZXID_ZERO = 0 as Zxid;
