/**
 * Raft ordering the store's commands.
 *
 * Layout: `node.ts` is the replica (its steps, commit and apply); `election.ts` PreVote, votes and
 * CheckQuorum's follower lease; `leader.ts` what a leader keeps for one term (progress,
 * replication, heartbeats, the commit rule, CheckQuorum, membership); `reads.ts` ReadIndex and
 * leases; `follower.ts` accepting appends and snapshots; `log.ts` the log and its crash-safe disk
 * layout; `invariants.ts` Raft's own checks; `mutants.ts` the catalogue; `options.ts` the settings.
 * The outbox, the step bracket and the state report come from the protocol kit (protocols/kit).
 *
 * The store sits on top through protocols/store/replication.ts: the node is the service's
 * `Replication` (propose, readIndex, leader hint) and calls the service's `ReplicatedService`
 * methods (apply in commit order, snapshot/restore, leadership changes).
 *
 * Membership changes are single-server changes (Raft thesis §4.1): a configuration takes effect
 * on each replica as soon as it is in its log, a leader proposes one only after the previous one
 * and an entry of its own term have committed, and a leader that removed itself steps down once the
 * change commits. A scenario drives them with the `membership` option (times on the leader's clock).
 */
import type { StoreOrderingProtocol } from '../definition.js';
import { mutantSet } from '../kit/mutants.js';
import { CHECK_QUORUM, HEARTBEAT } from './leader.js';
import { ELECTION, ELECTION_WAIT } from './election.js';
import { RAFT_CHECKS } from './invariants.js';
import { RAFT_MESSAGE_KINDS } from './messages.js';
import { RAFT_MUTANTS, type RaftMutant } from './mutants.js';
import { RaftNode } from './node.js';
import { RAFT_OPTIONS, type RaftOptions } from './options.js';

export { RAFT_MUTANTS, type RaftMutant } from './mutants.js';
export { DEFAULT_RAFT_OPTIONS, RAFT_OPTIONS, type MembershipChange, type RaftOptions, type ReadBarrierMode } from './options.js';
export { RAFT_MESSAGE_KINDS, type RaftMessage } from './messages.js';
export { RAFT_CHECKS } from './invariants.js';
export { RaftNode, type Role } from './node.js';

export const RAFT: StoreOrderingProtocol<RaftOptions> = {
  name: 'raft',
  summary: 'Raft (PreVote, CheckQuorum, ReadIndex or lease reads, snapshots, membership changes) ordering the znode store.',
  era: 'term',
  messages: RAFT_MESSAGE_KINDS,
  timers: [ELECTION, ELECTION_WAIT, HEARTBEAT, CHECK_QUORUM],
  options: RAFT_OPTIONS,
  mutants: RAFT_MUTANTS,
  checks: RAFT_CHECKS,
  orders: 'store',
  ordering: ({ ids, options, mutants }) => {
    const flags = mutantSet<RaftMutant>(mutants);
    const initial = { voters: ids.slice(0, options.voters ?? ids.length), change: 0 };
    return (ctx, service) => new RaftNode(ctx, service, options, flags, initial);
  },
};
