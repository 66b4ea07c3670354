/**
 * Raft ordering the store's commands.
 *
 * Layout: `node.ts` is the replica (the actor, its steps, commit and apply); `election.ts` PreVote,
 * votes and CheckQuorum's follower lease; `leader.ts` what a leader keeps for one term (progress,
 * replication, heartbeats, the commit rule, CheckQuorum, membership); `reads.ts` ReadIndex and
 * leases; `follower.ts` accepting appends and snapshots; `log.ts` the log and its crash-safe disk
 * layout; `outbox.ts` holding replies until what they promise is on disk; `report.ts` the
 * `raft.state` trace event; `invariants.ts` the monitors that read it; `mutants.ts` the catalogue.
 *
 * The store sits on top through two small interfaces (protocols/store/replication.ts): the node
 * is the service's `Replication` (propose, readIndex, leader hint) and calls the service's
 * `ReplicatedService` methods (apply in commit order, snapshot/restore, leadership changes).
 *
 * Membership changes are single-server changes (Raft thesis §4.1): a configuration takes effect
 * on each replica as soon as it is in its log, a leader proposes one only after the previous one
 * and an entry of its own term have committed, and a leader that removed itself steps down once the
 * change commits. A scenario drives them with the `membership` option (times on the leader's clock).
 */
import type { Actor, NodeContext, NodeId } from '../../sim/node.js';
import type { RaftMessage } from './messages.js';
import { mutants } from './mutants.js';
import { RaftNode } from './node.js';
import { parseRaftOptions } from './options.js';

export { RAFT_MUTANTS, type RaftMutant } from './mutants.js';
export { DEFAULT_RAFT_OPTIONS, parseRaftOptions, type MembershipChange, type RaftOptions, type RaftReads } from './options.js';
export { RAFT_MESSAGE_KINDS, type RaftMessage } from './messages.js';
export { RAFT_INVARIANTS } from './invariants.js';
export type { RaftStateEvent, Role } from './report.js';
export { RaftNode } from './node.js';

export interface RaftSetup {
  readonly ids: readonly NodeId[];
  readonly mutants: Iterable<string>;
  readonly options: Readonly<Record<string, unknown>>;
}

/** The replica factory for a run: options are validated here, once, before the world starts. */
export function raftReplica(setup: RaftSetup): (ctx: NodeContext<RaftMessage>) => Actor<RaftMessage> {
  const options = parseRaftOptions(setup.options, setup.ids);
  const flags = mutants(setup.mutants);
  const voters = setup.ids.slice(0, options.voters ?? setup.ids.length);
  const initial = { voters, change: 0 };
  return (ctx) => new RaftNode(ctx, options, flags, initial);
}
