/**
 * What the store's clients and replicas say to each other. Requests travel as the kernel's
 * `client.request` (so the world routes them to `Actor.request`) with one of the `StoreRequest`
 * payloads below; answers come back as the kernel's `client.response` whose `ok` value is a
 * `StoreReply`. Watch events are pushed to the client as `store.watch` messages.
 */
import type { SessionId } from './ids.js';
import type { WatchEventType } from './changes.js';
import type { Op, OpResult } from './ops.js';

/** Opens a new session through the log; its id is the position of its `open-session` command. */
export interface ConnectRequest {
  readonly kind: 'connect';
  readonly timeoutMs: number;
}

/** Keeps a session alive (the leader's expiry clock restarts) and asks whether it still is. */
export interface PingRequest {
  readonly kind: 'ping';
  readonly session: SessionId;
}

/**
 * One client operation. `lastZxid` is the highest position the client has seen answered: a
 * replica serving reads locally refuses to answer from an older state (ZooKeeper's single system
 * image across reconnects).
 */
export interface OpRequest {
  readonly kind: 'op';
  readonly session: SessionId;
  readonly op: Op;
  readonly lastZxid: number;
}

/** Ends a session on the client's initiative; its ephemeral nodes go. */
export interface CloseRequest {
  readonly kind: 'close';
  readonly session: SessionId;
}

export type StoreRequest = ConnectRequest | PingRequest | OpRequest | CloseRequest;

/** The value of an `ok` answer, by request kind. */
export type StoreReply =
  | { readonly kind: 'connected'; readonly session: SessionId; readonly zxid: number }
  | { readonly kind: 'pong'; readonly alive: boolean }
  | { readonly kind: 'result'; readonly result: OpResult; readonly zxid: number }
  | { readonly kind: 'closed'; readonly zxid: number };

/** A fired watch, pushed by the replica that holds it to the session's client. */
export interface WatchMessage {
  readonly kind: 'store.watch';
  readonly session: SessionId;
  readonly path: string;
  readonly type: WatchEventType;
  /** The position of the command whose change fired it. */
  readonly zxid: number;
}

/** True for a payload shaped like a store request (replicas get requests from anyone). */
export function isStoreRequest(x: unknown): x is StoreRequest {
  if (typeof x !== 'object' || x === null) return false;
  const r = x as { kind?: unknown; session?: unknown; op?: unknown; timeoutMs?: unknown; lastZxid?: unknown };
  switch (r.kind) {
    case 'connect':
      return typeof r.timeoutMs === 'number' && r.timeoutMs > 0;
    case 'ping':
    case 'close':
      return typeof r.session === 'number';
    case 'op':
      return typeof r.session === 'number' && typeof r.lastZxid === 'number' && typeof r.op === 'object' && r.op !== null;
    default:
      return false;
  }
}
