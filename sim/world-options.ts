/** What a world is built from (groups of actors, network, disk, trace, limits) and what it reports. */
import type { ClientContext } from './context.js';
import type { DiskOptions } from './disk.js';
import type { NetworkOptions } from './network.js';
import type { Actor, GroupName, NodeContext, NodeId } from './node.js';
import type { Time } from './time.js';
import type { TraceOptions } from './trace.js';

/** One actor of a group. */
export interface ActorSpec {
  readonly id: NodeId;
  // The factory's message type is the protocol's own; the world only relies on `kind`.
  readonly actor: (ctx: NodeContext<any>) => Actor<any>;
  /** Listed but not started: a spare for membership changes, started by `restart`. */
  readonly startDown?: boolean;
}

/**
 * A named group of actors: the replicas of a store, its clients, and (later) the control plane's
 * components, kubelets and pods. A group that `serves` another is made of clients of it: their
 * context's `replicas` are that group's members, and they record into the run's history.
 */
export interface GroupSpec {
  readonly name: GroupName;
  readonly members: readonly ActorSpec[];
  readonly serves?: GroupName;
}

export interface ReplicaSpec extends ActorSpec {}

export interface ClientSpec {
  readonly id: NodeId;
  readonly actor: (ctx: ClientContext<any>) => Actor<any>;
}

/** The group names of the `replicas` / `clients` shorthand. */
export const REPLICA_GROUP = 'replica';
export const CLIENT_GROUP = 'client';

export interface WorldOptions {
  readonly seed: number | string;
  /** The actors, by group, in start order. */
  readonly groups?: readonly GroupSpec[];
  /** Shorthand for a group `replica` (after `groups`). */
  readonly replicas?: readonly ReplicaSpec[];
  /** Shorthand for a group `client` that serves `replica`. */
  readonly clients?: readonly ClientSpec[];
  readonly network?: NetworkOptions;
  readonly disk?: Partial<DiskOptions>;
  readonly trace?: TraceOptions;
  /**
   * A run whose queue holds more events than this has run away (a message storm, a timer loop):
   * it stops, and `runaway` says when. Bounds memory instead of exhausting it. Default 2,000,000.
   */
  readonly maxPendingEvents?: number;
}

/** The groups a world's options describe, shorthand included. */
export function groupsOf(options: WorldOptions): readonly GroupSpec[] {
  const out = [...(options.groups ?? [])];
  if (options.replicas !== undefined) out.push({ name: REPLICA_GROUP, members: options.replicas });
  if (options.clients !== undefined) out.push({ name: CLIENT_GROUP, members: options.clients as readonly ActorSpec[], serves: REPLICA_GROUP });
  return out;
}

/** Why and when a world stopped early. */
export interface Runaway {
  readonly at: Time;
  readonly pending: number;
  readonly events: number;
}

export interface WorldStats {
  readonly events: number;
  readonly messagesSent: number;
  readonly messagesDelivered: number;
  readonly messagesDropped: number;
  readonly simulatedTime: Time;
}
