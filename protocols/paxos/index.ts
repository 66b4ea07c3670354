/**
 * Multi-Paxos ordering the store's commands ("Paxos Made Simple" §3; "Paxos Made Moderately
 * Complex"; as real systems run it): a stable leader that skips phase 1 while its ballot holds,
 * phase 1 over every slot from the first not known chosen, recovery that re-proposes the
 * highest-ballot value of each reported slot and fills gaps with no-ops, the leader as
 * distinguished learner with catch-up by values or snapshot, retransmission that keeps it safe and
 * live without FIFO links, and reads confirmed by a quorum round or a lease.
 *
 * Layout: `ballot.ts` ballots, values and snapshots; `messages.ts`; `node.ts` the replica (steps,
 * roles, learning and applying); `acceptor.ts` prepare and accept; `candidacy.ts` phase 1;
 * `leader.ts` recovery, phase 2, heartbeats and catch-up; `learner.ts` the follower's side of
 * learning; `reads.ts` read barriers; `failure.ts` the failure detector; `log.ts` the slots and
 * their crash-safe disk layout; `invariants.ts` Paxos's own checks; `mutants.ts`; `options.ts`.
 *
 * The store sits on top through protocols/store/replication.ts, as on Raft: the node is the
 * service's `Replication`, and calls `apply` strictly in slot order with the ballot each value was
 * first proposed in (its origin) as the era.
 */
import type { StoreOrderingProtocol } from '../definition.js';
import { mutantSet } from '../kit/mutants.js';
import { Proposers } from './ballot.js';
import { FAILURE, FAILURE_WAIT } from './failure.js';
import { PAXOS_CHECKS } from './invariants.js';
import { HEARTBEAT } from './leader.js';
import { PAXOS_MESSAGE_KINDS } from './messages.js';
import { PAXOS_MUTANTS, type PaxosMutant } from './mutants.js';
import { PaxosNode } from './node.js';
import { PAXOS_OPTIONS, type PaxosOptions } from './options.js';

export { PAXOS_MUTANTS, type PaxosMutant } from './mutants.js';
export { DEFAULT_PAXOS_OPTIONS, PAXOS_OPTIONS, type PaxosOptions, type ReadBarrierMode } from './options.js';
export { PAXOS_MESSAGE_KINDS, type PaxosMessage } from './messages.js';
export { PAXOS_CHECKS } from './invariants.js';
export { PaxosNode, type Role } from './node.js';
export { Proposers, type Ballot } from './ballot.js';

export const PAXOS: StoreOrderingProtocol<PaxosOptions> = {
  name: 'paxos',
  summary: 'Multi-Paxos (stable leader, phase 1 over all unchosen slots, no-op gap filling, catch-up, quorum-round or lease reads, snapshots) ordering the znode store.',
  era: 'ballot',
  messages: PAXOS_MESSAGE_KINDS,
  timers: [FAILURE, FAILURE_WAIT, HEARTBEAT],
  options: PAXOS_OPTIONS,
  mutants: PAXOS_MUTANTS,
  checks: PAXOS_CHECKS,
  orders: 'store',
  ordering: ({ ids, options, mutants }) => {
    const flags = mutantSet<PaxosMutant>(mutants);
    const proposers = new Proposers(ids);
    return (ctx, service) => new PaxosNode(ctx, service, options, flags, proposers);
  },
};
