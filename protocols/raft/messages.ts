/**
 * The messages Raft replicas exchange. Vote requests and responses serve both the real election and
 * the PreVote round before it (thesis §9.6); heartbeats are separate from appends, as in etcd, so a
 * heartbeat's answer depends only on the term (not on a log write reaching disk) and can carry the
 * ReadIndex context of thesis §6.4.
 */
import type { Entry, LogIndex, Snapshot, Term } from './types.js';

/** A (pre-)candidate asks for a vote. A pre-vote's `term` is the term it would campaign in. */
export interface VoteRequest {
  readonly kind: 'raft.vote' | 'raft.prevote';
  readonly term: Term;
  readonly lastIndex: LogIndex;
  readonly lastTerm: Term;
}

/** A granted pre-vote carries the request's term; a refusal carries the voter's own. */
export interface VoteResponse {
  readonly kind: 'raft.vote-resp' | 'raft.prevote-resp';
  readonly term: Term;
  readonly granted: boolean;
}

export interface AppendRequest {
  readonly kind: 'raft.append';
  readonly term: Term;
  readonly prevIndex: LogIndex;
  readonly prevTerm: Term;
  readonly entries: readonly Entry[];
  readonly commit: LogIndex;
}

/**
 * Success: the follower's log matches the leader's up to `match`. Failure: it does not match at
 * the request's `prevIndex`; `hintIndex`/`hintTerm` say where to look (fast backtracking): the
 * follower's last index + 1 when its log is shorter (`hintTerm` 0), else the first index of the
 * term it holds at `prevIndex`, with that term.
 */
export interface AppendResponse {
  readonly kind: 'raft.append-resp';
  readonly term: Term;
  readonly success: boolean;
  readonly match: LogIndex;
  readonly hintIndex: LogIndex;
  readonly hintTerm: Term;
}

/**
 * Keeps followers from campaigning and tells them the commit index (capped at what each is known
 * to hold). `ctx` is the leader's heartbeat round, increasing within its term; the answer echoes it.
 */
export interface Heartbeat {
  readonly kind: 'raft.heartbeat';
  readonly term: Term;
  readonly commit: LogIndex;
  readonly ctx: number;
}

export interface HeartbeatResponse {
  readonly kind: 'raft.heartbeat-resp';
  readonly term: Term;
  readonly ctx: number;
}

/** The leader's latest snapshot, for a follower whose next entry was compacted away. */
export interface InstallSnapshot {
  readonly kind: 'raft.snapshot';
  readonly term: Term;
  readonly snapshot: Snapshot;
}

export type RaftMessage = VoteRequest | VoteResponse | AppendRequest | AppendResponse | Heartbeat | HeartbeatResponse | InstallSnapshot;

/** The kinds of `RaftMessage`, for message rules and the viewer. */
export const RAFT_MESSAGE_KINDS = [
  'raft.prevote',
  'raft.prevote-resp',
  'raft.vote',
  'raft.vote-resp',
  'raft.append',
  'raft.append-resp',
  'raft.heartbeat',
  'raft.heartbeat-resp',
  'raft.snapshot',
] as const satisfies readonly RaftMessage['kind'][];
