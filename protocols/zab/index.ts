/**
 * ZAB, ZooKeeper's atomic broadcast, ordering the store's commands (a peer of protocols/raft).
 *
 * Layout: `node.ts` is the server (its roles, durable state, commit and apply); `report.ts` its
 * replica-state report; `election.ts` Fast Leader Election; `leader.ts` a leader's discovery,
 * synchronization and broadcast, `learner-handler.ts` what it keeps and sends per learner;
 * `learner.ts` a follower's side; `sync.ts` the DIFF / TRUNC / SNAP decision; `reads.ts` the
 * leader's read barrier; `log.ts` the txn log, snapshots and epoch files; `messages.ts` the
 * packets; `types.ts` zxids and txns; `invariants.ts` ZAB's own checks; `mutants.ts` the catalogue;
 * `options.ts` the settings. Servers talk over the kit's connection layer
 * (protocols/kit/connection.ts): in order, no duplicates, a loss breaks the connection, as TCP.
 */
import type { StoreOrderingProtocol } from '../definition.js';
import { mutantSet } from '../kit/mutants.js';
import { FINALIZE, NOTIFY } from './election.js';
import { ZAB_CHECKS } from './invariants.js';
import { INIT, TICK } from './leader.js';
import { RETRY } from './learner.js';
import { ZAB_MESSAGE_KINDS } from './messages.js';
import { ZAB_MUTANTS, type ZabMutant } from './mutants.js';
import { ZabNode } from './node.js';
import { ZAB_OPTIONS, type ZabOptions } from './options.js';

export { ZAB_MUTANTS, type ZabMutant } from './mutants.js';
export { DEFAULT_ZAB_OPTIONS, ZAB_OPTIONS, type ZabOptions } from './options.js';
export { ZAB_MESSAGE_KINDS, type ZabMessage, type ZabWire } from './messages.js';
export { ZAB_CHECKS } from './invariants.js';
export { ZabNode, type Role } from './node.js';

/** ZAB's definition: one line of scenarios/registry.ts registers it. */
export const ZAB: StoreOrderingProtocol<ZabOptions> = {
  name: 'zab',
  summary: "ZAB, ZooKeeper's protocol (Fast Leader Election, discovery, DIFF/TRUNC/SNAP synchronization, broadcast over TCP-like connections) ordering the znode store.",
  era: 'epoch',
  messages: ZAB_MESSAGE_KINDS,
  timers: [NOTIFY, FINALIZE, TICK, INIT, RETRY, 'conn.election', 'conn.quorum'],
  options: ZAB_OPTIONS,
  mutants: ZAB_MUTANTS,
  checks: ZAB_CHECKS,
  orders: 'store',
  ordering: ({ ids, options, mutants }) => {
    const flags = mutantSet<ZabMutant>(mutants);
    return (ctx, service) => new ZabNode(ctx, service, options, flags, ids);
  },
};
