/**
 * The seam between the store service and the protocol that orders its commands (Raft, ZAB,
 * Multi-Paxos, or a user's own). The protocol owns the log and decides what is committed; the
 * service owns the state machine, the clients and their sessions. Each side sees the other only
 * through the interfaces below, so a new protocol reuses the whole service (hosted by `host.ts`) by
 * implementing `OrderingNode` and calling the `ReplicatedService` methods in commit order.
 */
import type { Message, NodeContext, NodeId } from '../../sim/node.js';
import type { Command } from './commands.js';
import type { StoreSnapshot } from './machine.js';

/** Where a proposal landed: its log position and the leader's era (term, epoch, ballot) when proposed. */
export interface Position {
  readonly index: number;
  readonly term: number;
}

/** What the service asks of the ordering protocol on the same replica. */
export interface Replication {
  /** True while this replica leads and may propose. */
  isLeader(): boolean;
  /** The leader this replica believes in (itself included), to redirect clients to. */
  leaderHint(): NodeId | undefined;
  /**
   * Appends the command `build` makes for its log position (a new session takes the position as
   * its id) and replicates it. Leader only: returns undefined on a follower. Nothing is promised
   * until the command comes back through `ReplicatedService.apply`.
   */
  propose(build: (index: number) => Command): Position | undefined;
  /**
   * Asks for a linearizable read point. `done(index)` runs once every command committed before the
   * call is at or below `index` (the service then waits until it has applied `index`);
   * `done(undefined)` when it cannot be had here (this replica is not, or stopped being, leader).
   * May call `done` before returning.
   */
  readIndex(done: (index: number | undefined) => void): void;
}

/** What the ordering protocol tells the service. Every call happens inside one of the node's steps. */
export interface ReplicatedService {
  /** Applies the committed command at `index` (strictly increasing) that was proposed in era `term`. */
  apply(index: number, term: number, command: Command): void;
  /** The state machine as a snapshot value, for log compaction. Immutable once returned. */
  snapshot(): StoreSnapshot;
  /** Replaces the state with a snapshot taken at `index` (installed from the leader, or read at start). */
  restore(snapshot: StoreSnapshot, index: number): void;
  /** This replica became leader (true) or stopped being leader (false). */
  leadershipChanged(leading: boolean): void;
  /** A digest of the replicated state (equal on replicas that applied the same commands). */
  digest(): string;
}

/**
 * One replica of an ordering protocol, as the store host drives it: the actor's entry points
 * except client requests (the host serves those through the service), plus `step`, which runs the
 * service's work as one of the protocol's steps so its writes are synced and its state reported.
 */
export interface OrderingNode<M extends Message = Message> extends Replication {
  start(): void;
  message(from: NodeId, msg: M): void;
  timer(name: string): void;
  step(fn: () => void): void;
}

/** Builds a replica's ordering protocol around the service it orders commands for. */
export type Ordering<M extends Message = any> = (ctx: NodeContext<M>, service: ReplicatedService) => OrderingNode<M>;
