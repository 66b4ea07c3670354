/**
 * One replica's watches: ZooKeeper keeps watches on the server a client is connected to, not in the
 * replicated state, so each replica has its own `WatchManager` and loses it on a crash (clients
 * re-register when they reconnect). Watches are one-shot: firing removes them.
 *
 * Typical use on the replica a session is connected to:
 * - after serving a read (locally or through the log): `register(session, op, result)`;
 * - after applying any command: on `close-session`, `dropSession(session)` first (a closed session
 *   is not notified), then `fire(applied.changes)` and deliver the notifications in order, before
 *   the responses of later operations.
 */
import type { Change, WatchEventType } from './changes.js';
import type { SessionId } from './ids.js';
import { assertNever } from '../../sim/errors.js';
import type { Op, ResultOf } from './ops.js';
import { isError } from './ops.js';

/** A fired watch, for delivery to `session`. */
export interface WatchNotification {
  readonly session: SessionId;
  readonly path: string;
  readonly type: WatchEventType;
}

/** The watches a session has set, paths sorted. */
export interface SessionWatches {
  readonly data: readonly string[];
  readonly children: readonly string[];
}

export class WatchManager {
  /** path → sessions with a data watch (from get, or exists: a creation watch when the node is missing). */
  private readonly dataWatches = new Map<string, Set<SessionId>>();
  /** path → sessions with a child watch (from children). */
  private readonly childWatches = new Map<string, Set<SessionId>>();
  /** session → its watched paths, so dropping a session does not scan every watch. */
  private readonly bySession = new Map<SessionId, { readonly data: Set<string>; readonly children: Set<string> }>();

  /** Sets a data watch (idempotent: a session holds at most one per path). */
  watchData(session: SessionId, path: string): void {
    this.add(this.dataWatches, session, path, 'data');
  }

  /** Sets a child watch (idempotent). */
  watchChildren(session: SessionId, path: string): void {
    this.add(this.childWatches, session, path, 'children');
  }

  /**
   * Sets the watch a read asked for, following ZooKeeper: `get` and `children` set one only when
   * the node exists (a NoNode answer sets none); `exists` always does, a creation watch when the
   * node is missing. Returns whether a watch was set.
   */
  register<O extends Op>(session: SessionId, op: O, result: ResultOf<O>): boolean {
    const answer: ResultOf<Op> = result;
    if (isError(answer)) return false;
    switch (op.f) {
      case 'get':
      case 'exists':
        if (op.watch !== true) return false;
        this.watchData(session, op.path);
        return true;
      case 'children':
        if (op.watch !== true) return false;
        this.watchChildren(session, op.path);
        return true;
      case 'create':
      case 'set':
      case 'delete':
      case 'multi':
      case 'sync':
        return false;
      default:
        return assertNever(op);
    }
  }

  /**
   * Fires the watches `changes` trigger, in the order of the changes; within one change, sessions
   * come in the order they set their watch. `NodeCreated` and `NodeDataChanged` fire data watches,
   * `NodeChildrenChanged` child watches, `NodeDeleted` both (one notification per session).
   */
  fire(changes: readonly Change[]): WatchNotification[] {
    const out: WatchNotification[] = [];
    for (const { type, path } of changes) {
      switch (type) {
        case 'NodeCreated':
        case 'NodeDataChanged':
          this.trigger(this.dataWatches, 'data', path, type, out, undefined);
          break;
        case 'NodeChildrenChanged':
          this.trigger(this.childWatches, 'children', path, type, out, undefined);
          break;
        case 'NodeDeleted': {
          const notified = this.trigger(this.dataWatches, 'data', path, type, out, undefined);
          this.trigger(this.childWatches, 'children', path, type, out, notified);
          break;
        }
        default:
          assertNever(type);
      }
    }
    return out;
  }

  /** Forgets every watch of `session` (it closed, expired, or moved to another replica). */
  dropSession(session: SessionId): void {
    const mine = this.bySession.get(session);
    if (mine === undefined) return;
    for (const path of mine.data) removeFrom(this.dataWatches, path, session);
    for (const path of mine.children) removeFrom(this.childWatches, path, session);
    this.bySession.delete(session);
  }

  /** The watches `session` holds, for inspection and tests. */
  watchesOf(session: SessionId): SessionWatches {
    const mine = this.bySession.get(session);
    return { data: [...(mine?.data ?? [])].sort(), children: [...(mine?.children ?? [])].sort() };
  }

  /** Total number of watches held. */
  get size(): number {
    let n = 0;
    for (const mine of this.bySession.values()) n += mine.data.size + mine.children.size;
    return n;
  }

  private add(table: Map<string, Set<SessionId>>, session: SessionId, path: string, kind: 'data' | 'children'): void {
    let sessions = table.get(path);
    if (sessions === undefined) table.set(path, (sessions = new Set()));
    sessions.add(session);
    let mine = this.bySession.get(session);
    if (mine === undefined) this.bySession.set(session, (mine = { data: new Set(), children: new Set() }));
    mine[kind].add(path);
  }

  /** Removes the watches on `path` from `table`, notifying each session not in `skip`; returns who had one. */
  private trigger(
    table: Map<string, Set<SessionId>>,
    kind: 'data' | 'children',
    path: string,
    type: WatchEventType,
    out: WatchNotification[],
    skip: ReadonlySet<SessionId> | undefined,
  ): ReadonlySet<SessionId> | undefined {
    const sessions = table.get(path);
    if (sessions === undefined) return undefined;
    table.delete(path);
    for (const session of sessions) {
      const mine = this.bySession.get(session);
      mine?.[kind].delete(path);
      if (mine !== undefined && mine.data.size === 0 && mine.children.size === 0) this.bySession.delete(session);
      if (skip?.has(session) !== true) out.push({ session, path, type });
    }
    return sessions;
  }
}

function removeFrom(table: Map<string, Set<SessionId>>, path: string, session: SessionId): void {
  const sessions = table.get(path);
  sessions?.delete(session);
  if (sessions?.size === 0) table.delete(path);
}
