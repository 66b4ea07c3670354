/**
 * Raft ordering the store's commands: the protocol's public face. `raftReplica` builds the actor
 * factory for a run; the registry entry in scenarios/registry.ts names its mutants and invariants.
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
