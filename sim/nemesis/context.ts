/** What a fault handler may use: the world, target resolution, the record, and undo scheduling. */
import type { Distribution } from '../latency.js';
import type { LinkOptions } from '../network.js';
import type { NodeId } from '../node.js';
import type { Time } from '../time.js';
import type { World } from '../world.js';
import type { Fault, FaultKind, FaultOf, Target } from './faults.js';

export interface FaultContext {
  readonly world: World;
  /** Picks the node a target names right now; undefined (and a trace note) if there is none. */
  resolve(target: Target, fault: Fault): NodeId | undefined;
  /** Adds a fault, resolved to nodes, to the record of what happened. */
  record(fault: Fault): void;
  /** Runs `undo` (a fault to apply, or a function) `after` from now; nothing when undefined. */
  later(after: Time | undefined, undo: Fault | (() => void)): void;
  /** The nodes `all` stands for (the groups the nemesis manages), or the one node named. */
  all(node: NodeId | 'all'): readonly NodeId[];
  /** Network settings as faults layer them: add one, and remove it when the fault ends. */
  addNetworkOverlay(settings: Partial<LinkOptions>): () => void;
  /** A node's fsync latency as faults layer it. */
  addDiskOverlay(node: NodeId, latency: Distribution): () => void;
}

/** Carries out one kind of fault; returns the node it chose, if it chose one. */
export type FaultHandler<K extends FaultKind> = (fault: FaultOf<K>, n: FaultContext) => NodeId | undefined;

export type FaultHandlers = { readonly [K in FaultKind]: FaultHandler<K> };
