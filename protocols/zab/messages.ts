/**
 * The packets ZAB's servers exchange, named as ZooKeeper names them. Election notifications travel
 * on the election channel (QuorumCnxManager's connections); everything else on the quorum channel
 * between a learner and its leader (Learner / LearnerHandler). Both channels are connections of the
 * kit's connection layer, so on the wire each packet keeps its kind and carries a connection header.
 *
 * A DIFF, TRUNC or SNAP carries the committed transactions that follow it (ZooKeeper streams them as
 * PROPOSAL/COMMIT pairs behind the op packet on the same TCP connection; here they travel in the op
 * packet itself, one write of the stream).
 */
import { CONNECTION_MESSAGE_KINDS, type ConnectionMessage } from '../kit/connection.js';
import type { NodeId } from '../../sim/node.js';
import type { Snapshot, Txn, Zxid } from './types.js';

/** A server's state as FLE names it. */
export type PeerState = 'looking' | 'following' | 'leading';

/** A vote: (proposed leader, its last zxid, its epoch) in election round `electionEpoch`. */
export interface Notification {
  readonly kind: 'zab.notification';
  readonly leader: NodeId;
  readonly zxid: Zxid;
  /** The sender's logical clock (election round). */
  readonly electionEpoch: number;
  /** The proposed leader's currentEpoch. */
  readonly peerEpoch: number;
  readonly state: PeerState;
}

/** Learner → leader: the first packet of a connection, with the learner's acceptedEpoch. */
export interface FollowerInfo {
  readonly kind: 'zab.followerinfo';
  readonly acceptedEpoch: number;
}

/** Leader → learner: the new epoch. */
export interface LeaderInfo {
  readonly kind: 'zab.leaderinfo';
  readonly epoch: number;
}

/** Learner → leader: the new epoch is accepted (`currentEpoch` -1: it already was), and the learner's last zxid. */
export interface AckEpoch {
  readonly kind: 'zab.ackepoch';
  readonly currentEpoch: number;
  readonly lastZxid: Zxid;
}

/**
 * The learner's log is the leader's up to its last zxid: append `txns`. `zxid` is the leader's last
 * committed zxid (ZooKeeper's maxCommittedLog).
 */
export interface Diff {
  readonly kind: 'zab.diff';
  readonly zxid: Zxid;
  readonly txns: readonly Txn[];
}

/** Truncate the log after `zxid`, then append `txns` (TRUNC+DIFF when there are any); commit up to `committed`. */
export interface Trunc {
  readonly kind: 'zab.trunc';
  readonly zxid: Zxid;
  readonly committed: Zxid;
  readonly txns: readonly Txn[];
}

/** Replace the state by `snapshot`, then append `txns`; commit up to `committed`. */
export interface Snap {
  readonly kind: 'zab.snap';
  readonly snapshot: Snapshot;
  readonly committed: Zxid;
  readonly txns: readonly Txn[];
}

/** Leader → learner: the sync is complete; adopt the epoch (zxid `(epoch, 0)`) and acknowledge. */
export interface NewLeader {
  readonly kind: 'zab.newleader';
  readonly zxid: Zxid;
}

/** Leader → learner: a quorum has the leader's history; commit it and serve. */
export interface UpToDate {
  readonly kind: 'zab.uptodate';
}

/** Leader → learner: the next txn, in zxid order; the learner logs it and ACKs it once on disk. */
export interface Proposal {
  readonly kind: 'zab.proposal';
  readonly txn: Txn;
}

/** Learner → leader: `zxid` is on disk (of NEWLEADER: the synced history and the epoch are). */
export interface Ack {
  readonly kind: 'zab.ack';
  readonly zxid: Zxid;
}

/** Leader → learner: `zxid` is committed (and, the channel being in order, everything before it). */
export interface Commit {
  readonly kind: 'zab.commit';
  readonly zxid: Zxid;
}

/**
 * Leader → learner every half tick, echoed back: keeps the connection alive, and its `round`
 * confirms the leader's reads (a quorum echoing a round started after a read proves no other leader
 * had been established by then).
 */
export interface Ping {
  readonly kind: 'zab.ping';
  readonly zxid: Zxid;
  readonly round: number;
}

/** What travels on the election channel. */
export type ElectionMessage = Notification;
/** What travels between a learner and its leader. */
export type QuorumMessage = FollowerInfo | LeaderInfo | AckEpoch | Diff | Trunc | Snap | NewLeader | UpToDate | Proposal | Ack | Commit | Ping;
/** Every ZAB packet. */
export type ZabMessage = ElectionMessage | QuorumMessage;

/** What arrives at a ZAB server: a packet of one of its two channels. */
export type ZabWire = ConnectionMessage<ElectionMessage> | ConnectionMessage<QuorumMessage>;

/** Every kind on the wire, for message rules and the viewer. */
export const ZAB_MESSAGE_KINDS = [
  'zab.notification',
  'zab.followerinfo',
  'zab.leaderinfo',
  'zab.ackepoch',
  'zab.diff',
  'zab.trunc',
  'zab.snap',
  'zab.newleader',
  'zab.uptodate',
  'zab.proposal',
  'zab.ack',
  'zab.commit',
  'zab.ping',
  ...CONNECTION_MESSAGE_KINDS,
] as const satisfies readonly (ZabMessage['kind'] | (typeof CONNECTION_MESSAGE_KINDS)[number])[];
