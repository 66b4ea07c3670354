/** What a world is built from (nodes, network, disk, trace, limits) and what it reports. */
import type { ClientContext } from './context.js';
import type { DiskOptions } from './disk.js';
import type { NetworkOptions } from './network.js';
import type { Actor, NodeContext, NodeId } from './node.js';
import type { Time } from './time.js';
import type { TraceOptions } from './trace.js';

export interface ReplicaSpec {
  readonly id: NodeId;
  // The factory's message type is the protocol's own; the world only relies on `kind`.
  readonly actor: (ctx: NodeContext<any>) => Actor<any>;
  /** A node listed but not started: a spare for membership changes, started by `restart`. */
  readonly startDown?: boolean;
}

export interface ClientSpec {
  readonly id: NodeId;
  readonly actor: (ctx: ClientContext<any>) => Actor<any>;
}

export interface WorldOptions {
  readonly seed: number | string;
  readonly replicas: readonly ReplicaSpec[];
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
