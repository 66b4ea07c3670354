/**
 * The one state event every replica of an ordering protocol reports (Raft, ZAB, Multi-Paxos, the
 * primary-backup example, or a user's own): its role, its era, the leader it follows, how far its
 * log is committed and applied, and how its log changed. The world keeps each replica's latest
 * report (the nemesis aims at "the leader" with it, whatever the protocol), the trace records it as
 * `replica.state`, and the generic checks, the run's leader count and the viewer's role strip read
 * nothing else.
 */
import type { NodeId } from './node.js';

/** The trace kind of a replica's state report. */
export const REPLICA_STATE = 'replica.state';

/**
 * What a replica does in its protocol, in the three words every leader-based protocol shares. A
 * protocol says more with `phase` (Raft's pre-vote, ZAB's discovery and synchronization).
 */
export type ReplicaRole = 'leader' | 'candidate' | 'follower';

/**
 * A replica's state after a step. Positions (`commit`, `applied`, `last`, log indexes) count
 * commands in the replicated order from 1; the same position means the same slot on every replica.
 */
export interface ReplicaState {
  readonly role: ReplicaRole;
  /** Raft's term, ZAB's epoch, a Paxos ballot's round: leadership is unique per era. */
  readonly era: number;
  /** The leader this replica follows (itself when leading), if it knows one. */
  readonly leader: NodeId | null;
  /** The highest position it knows to be committed (chosen, delivered). */
  readonly commit: number;
  /** The highest position it has applied to its state machine. */
  readonly applied: number;
  /** The last position of its log. */
  readonly last: number;
  /** A protocol's finer word for what it is doing (`pre-vote`, `discovery`, `synchronization`). */
  readonly phase?: string;
  /** Set on the first report of an incarnation: `log` then states the whole log. */
  readonly full?: true;
  /**
   * The log from `from` on is now exactly `eras.length` entries, each of the era it was proposed
   * in. A truncation is a `from` past the new end with no eras.
   */
  readonly log?: LogDelta;
  /** The log now starts after a snapshot of everything up to `index` (whose era was `era`). */
  readonly snap?: { readonly index: number; readonly era: number };
  /** A digest of the replicated state machine at `applied` (equal positions must give equal digests). */
  readonly digest?: string;
}

export interface LogDelta {
  readonly from: number;
  readonly eras: readonly number[];
}

/** Fields of the core a protocol's extra fields must not reuse. */
export const REPLICA_STATE_FIELDS: readonly string[] = ['role', 'era', 'leader', 'commit', 'applied', 'last', 'phase', 'full', 'log', 'snap', 'digest'];
