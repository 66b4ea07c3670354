/**
 * The messages Multi-Paxos replicas exchange. Every message names the ballot it belongs to, so a
 * replica can tell a stale, duplicated or reordered one from a current one without FIFO links:
 * nothing here depends on delivery order, and every request is safe to receive twice.
 *
 * Phase 1 (prepare / promise) runs once per leadership, over every slot from the first the
 * candidate does not know chosen; phase 2 (accept / accepted) runs per slot, in batches. The leader
 * is the distinguished learner: it tells followers what is chosen (`commit` on accepts and
 * heartbeats, which a follower applies to the slots it accepted in that ballot) and sends the chosen
 * values, or a snapshot, to one that could not learn them that way.
 */
import type { Ballot, SlotEntry, Snapshot, Value } from './ballot.js';

/** Phase 1a: promise me `ballot`, and tell me what you accepted from slot `from` on. */
export interface Prepare {
  readonly kind: 'paxos.prepare';
  readonly ballot: Ballot;
  readonly from: number;
}

/**
 * Phase 1b: the acceptor promised `ballot`; `entries` are its slots from the prepare's `from` on
 * (the value of each it accepted with the highest ballot, or knows chosen). `snapshot` comes when
 * the acceptor compacted slots at or after `from`: they are chosen, and that is where they went.
 */
export interface PromiseReply {
  readonly kind: 'paxos.promise';
  readonly ballot: Ballot;
  readonly entries: readonly (readonly [slot: number, entry: SlotEntry])[];
  readonly snapshot?: Snapshot;
}

/** Phase 2a: accept `values` for the slots from `slot` on. `commit`: every slot up to it is chosen. */
export interface Accept {
  readonly kind: 'paxos.accept';
  readonly ballot: Ballot;
  readonly slot: number;
  readonly values: readonly Value[];
  readonly commit: number;
}

/** Phase 2b: the acceptor accepted the `count` slots from `slot` on in `ballot`. */
export interface Accepted {
  readonly kind: 'paxos.accepted';
  readonly ballot: Ballot;
  readonly slot: number;
  readonly count: number;
}

/** A prepare, accept or heartbeat of `ballot` refused: the acceptor has promised the higher `promised`. */
export interface Nack {
  readonly kind: 'paxos.nack';
  readonly ballot: Ballot;
  readonly promised: Ballot;
}

/**
 * The leader is alive (followers hold their failure timeout) and everything up to `commit` is
 * chosen. `round` numbers the leader's confirmation rounds (read barriers), increasing per ballot.
 */
export interface Heartbeat {
  readonly kind: 'paxos.heartbeat';
  readonly ballot: Ballot;
  readonly commit: number;
  readonly round: number;
}

/** The acceptor still has `ballot` as its promise; `commit` is its chosen prefix, `told` the heartbeat's. */
export interface HeartbeatAck {
  readonly kind: 'paxos.heartbeat-ack';
  readonly ballot: Ballot;
  readonly round: number;
  readonly commit: number;
  readonly told: number;
}

/** Catch-up: the chosen `values` of the slots from `slot` on (Decide / Commit in the literature). */
export interface Commit {
  readonly kind: 'paxos.commit';
  readonly ballot: Ballot;
  readonly slot: number;
  readonly values: readonly Value[];
  readonly commit: number;
}

/** Catch-up for a replica behind the leader's compacted log: everything up to `snapshot.index`. */
export interface InstallSnapshot {
  readonly kind: 'paxos.snapshot';
  readonly ballot: Ballot;
  readonly snapshot: Snapshot;
}

/** The answer to a catch-up message: the replica's chosen prefix now. */
export interface Learned {
  readonly kind: 'paxos.learned';
  readonly ballot: Ballot;
  readonly commit: number;
}

export type PaxosMessage = Prepare | PromiseReply | Accept | Accepted | Nack | Heartbeat | HeartbeatAck | Commit | InstallSnapshot | Learned;

/** The kinds of `PaxosMessage`, for message rules and the viewer. */
export const PAXOS_MESSAGE_KINDS = [
  'paxos.prepare',
  'paxos.promise',
  'paxos.accept',
  'paxos.accepted',
  'paxos.nack',
  'paxos.heartbeat',
  'paxos.heartbeat-ack',
  'paxos.commit',
  'paxos.snapshot',
  'paxos.learned',
] as const satisfies readonly PaxosMessage['kind'][];
