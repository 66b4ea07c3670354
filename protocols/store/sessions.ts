/**
 * Session liveness on the leader, and how an expiry reaches the checker.
 *
 * ZooKeeper's leader expires a session when no ping has arrived for the session's timeout, in the
 * leader's own clock, by proposing `close-session` through the log. A new leader knows nothing of
 * recent pings, so it gives every open session a full timeout from the moment it took over.
 */
import type { History } from '../../sim/history.js';
import type { Time } from '../../sim/time.js';
import type { SessionId } from './ids.js';
import type { SessionInfo } from './machine.js';

/** The leader's view of when each session was last heard from. Forgotten when leadership ends. */
export class SessionTracker {
  private readonly lastSeen = new Map<SessionId, Time>();
  private readonly expiring = new Set<SessionId>();
  private since: Time = 0;

  /** Starts tracking afresh at `now`: every session known or yet to come gets a full timeout. */
  reset(now: Time): void {
    this.lastSeen.clear();
    this.expiring.clear();
    this.since = now;
  }

  touch(session: SessionId, now: Time): void {
    const before = this.lastSeen.get(session);
    if (before === undefined || now > before) this.lastSeen.set(session, now);
  }

  forget(session: SessionId): void {
    this.lastSeen.delete(session);
    this.expiring.delete(session);
  }

  /** Sessions (among `open`, sorted by id) silent for longer than their timeout; each is returned once. */
  due(now: Time, open: readonly SessionInfo[]): SessionId[] {
    const out: SessionId[] = [];
    for (const { session, timeoutMs } of open) {
      if (this.expiring.has(session)) continue;
      const seen = this.lastSeen.get(session) ?? this.since;
      if (now - seen > timeoutMs * 1_000) {
        this.expiring.add(session);
        out.push(session);
      }
    }
    return out;
  }
}

/**
 * Records session expiries in the client history as `close-session {session}` operations of a
 * system process, so the checker's znode model removes the session's ephemeral nodes at the right
 * point. The operation is invoked when a leader first proposes the expiry and completes when a
 * replica first applies it: the expiry takes effect when the command commits, which lies between
 * the two. An expiry proposed but never committed stays open: an unknown outcome.
 *
 * One recorder serves every replica of a run (they share the history); it is oracle state, outside
 * any replica, so it survives their crashes.
 */
export class ExpiryRecorder {
  private readonly open = new Map<SessionId, number>();
  private readonly done = new Set<SessionId>();

  private constructor(private readonly history: History) {}

  /** The recorder of the run `history` belongs to. */
  static of(history: History): ExpiryRecorder {
    let recorder = RECORDERS.get(history);
    if (recorder === undefined) RECORDERS.set(history, (recorder = new ExpiryRecorder(history)));
    return recorder;
  }

  proposed(session: SessionId): void {
    if (this.open.has(session) || this.done.has(session)) return;
    const process = this.history.newProcess();
    this.history.invoke(process, 'close-session', undefined, { session, reason: 'expired' });
    this.open.set(session, process);
  }

  applied(session: SessionId): void {
    const process = this.open.get(session);
    if (process === undefined) return;
    this.open.delete(session);
    this.done.add(session);
    this.history.complete(process, 'ok', {});
  }
}

const RECORDERS = new WeakMap<History, ExpiryRecorder>();
