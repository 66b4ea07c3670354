import type { DiskHandle } from './disk.js';
import type { History } from './history.js';
import type { ReplicaState } from './replica-state.js';
import type { Time } from './time.js';

/** An endpoint's name: a replica (`n1`), a client (`c3`) or a control-plane component. */
export type NodeId = string;

/** The name of a group of actors: the replicas of a store, its clients, later kubelets or pods. */
export type GroupName = string;

/** Every message names its kind; rules, traces and the viewer key on it. */
export interface Message {
  readonly kind: string;
}

/** A client operation delivered to a replica. Reply to it exactly once with `ctx.reply`. */
export interface ClientRequest<Op = unknown> {
  readonly client: NodeId;
  /** The client's sequence number for this operation; a retry of the same operation reuses it. */
  readonly seq: number;
  readonly op: Op;
}

/**
 * A replica's answer to a request.
 * - ok / fail: the operation took effect / definitely did not (a ZooKeeper error such as
 *   BadVersion is an `ok` whose value carries the error: the system did answer).
 * - unknown: it may or may not take effect (e.g. proposed, then leadership was lost).
 * - redirect: this replica cannot serve it; try `to` (the leader it knows of) or another replica.
 */
export type ClientOutcome<R = unknown> =
  | { readonly type: 'ok'; readonly value: R }
  | { readonly type: 'fail'; readonly value?: R }
  | { readonly type: 'unknown' }
  | { readonly type: 'redirect'; readonly to?: NodeId };

/** The message kinds the kernel uses to carry requests and replies between clients and replicas. */
export interface RequestMessage extends Message {
  readonly kind: 'client.request';
  readonly request: ClientRequest;
}

/** Sends a client request over the network as the kernel's request message. */
export function requestMessage(request: ClientRequest): RequestMessage {
  return { kind: 'client.request', request };
}
export interface ResponseMessage extends Message {
  readonly kind: 'client.response';
  readonly seq: number;
  readonly outcome: ClientOutcome;
}

/**
 * Everything an actor may do. It is the actor's only way to reach the world: there is no other
 * clock, randomness, timer or storage, which is what makes a run replayable from its seed.
 */
export interface NodeContext<M extends Message = Message> {
  readonly id: NodeId;
  /** The group this actor belongs to. */
  readonly group: GroupName;
  /** The other members of its group, in the order they joined. */
  readonly peers: readonly NodeId[];
  /** The members of a group, in the order they joined (empty for a group the world does not have). */
  members(group: GroupName): readonly NodeId[];
  /** This node's local clock (skewed and drifting as the nemesis sets it), in microseconds. */
  now(): Time;
  send(to: NodeId, msg: M): void;
  /** (Re)arms the named timer to fire after `after` microseconds of this node's clock. */
  setTimer(name: string, after: Time): void;
  cancelTimer(name: string): void;
  readonly disk: DiskHandle;
  reply(request: ClientRequest, outcome: ClientOutcome): void;
  /** This node's own random stream. */
  random(): number;
  /**
   * Whether the trace records protocol events and state reports: what only a reader of the trace
   * needs (a state digest, say) can be skipped when it does not.
   */
  readonly traced: boolean;
  /** Records a protocol event (e.g. `raft.vote`) in the trace. `kind` is namespaced by the protocol. */
  trace(kind: string, data?: Record<string, unknown>): void;
  /**
   * Reports this replica's state after a step (see replica-state.ts): the world keeps it (so faults
   * can aim at the leader) and the trace records it as `replica.state`, with the protocol's own
   * `extra` fields (which must not reuse the core's names) after the core ones.
   */
  reportState(state: ReplicaState, extra?: Readonly<Record<string, unknown>>): void;
  /**
   * The run's client history, for operations the system performs on a client's behalf that the
   * checker must see (a session the leader expires records a `close-session`). The world gives
   * every node one; a hand-built context may leave it out.
   */
  readonly history?: History;
}

/**
 * A deterministic actor: a replica, a client or a control-plane component. A crash discards the
 * instance; a restart builds a new one from the factory, which finds only synced disk contents.
 */
export interface Actor<M extends Message = Message> {
  /** Called once per incarnation, after construction; the disk holds what survived. */
  start(): void;
  message(from: NodeId, msg: M): void;
  timer(name: string): void;
  request?(request: ClientRequest): void;
}

export type ActorFactory<M extends Message = Message> = (ctx: NodeContext<M>) => Actor<M>;
