/** What the nemesis can do: the faults, where they aim, and the random mode's settings. */
import type { Distribution } from '../latency.js';
import type { LinkOptions } from '../network.js';
import type { GroupName, NodeId } from '../node.js';
import type { MessageRule } from '../rules.js';
import type { Time } from '../time.js';

/** A role the nemesis can aim at, resolved when the fault fires. */
export type Pick = 'leader' | 'follower' | 'random';

/**
 * Where a fault lands: a node, or one chosen when the fault fires: the leader (from the replicas'
 * state reports), a member that is not the leader, or any live member. A bare pick aims at the
 * nemesis's own group (the store's replicas); `{pick, group}` at another (`random-of: kubelet`).
 */
export type Target = NodeId | Pick | { readonly pick: Pick; readonly group: GroupName };

/**
 * One fault. A partition's groups cannot reach each other; a node listed in no group keeps all
 * its links, so it bridges the sides. Those with an `…After` field undo themselves after that long,
 * on the same node that was chosen when the fault fired (so "crash the leader, restart it 5s
 * later" restarts that node).
 */
export type Fault =
  | { readonly kind: 'partition'; readonly groups: readonly (readonly NodeId[])[]; readonly healAfter?: Time }
  | { readonly kind: 'isolate'; readonly node: Target; readonly healAfter?: Time }
  | { readonly kind: 'cut'; readonly from: readonly NodeId[]; readonly to: readonly NodeId[]; readonly oneWay?: boolean; readonly healAfter?: Time }
  | { readonly kind: 'heal' }
  | { readonly kind: 'crash'; readonly node: Target; readonly restartAfter?: Time }
  | { readonly kind: 'restart'; readonly node: NodeId | 'all' }
  | { readonly kind: 'pause'; readonly node: Target; readonly resumeAfter?: Time }
  | { readonly kind: 'resume'; readonly node: NodeId | 'all' }
  | { readonly kind: 'skew'; readonly node: Target; readonly delta: Time }
  | { readonly kind: 'clock-rate'; readonly node: Target; readonly rate: number; readonly resetAfter?: Time }
  | { readonly kind: 'network'; readonly settings: Partial<LinkOptions>; readonly resetAfter?: Time }
  | { readonly kind: 'disk-latency'; readonly node: Target; readonly latency: Distribution; readonly resetAfter?: Time }
  | { readonly kind: 'disk-stall'; readonly node: Target; readonly duration: Time }
  | { readonly kind: 'rule'; readonly rule: MessageRule }
  | { readonly kind: 'unrule'; readonly id: string }
  | { readonly kind: 'release'; readonly bucket: string; readonly order?: 'fifo' | 'lifo' | readonly number[] }
  | { readonly kind: 'discard'; readonly bucket: string }
  | { readonly kind: 'fire-timer'; readonly node: Target; readonly timer: string };

export type FaultKind = Fault['kind'];

/** The fault of one kind. */
export type FaultOf<K extends FaultKind> = Extract<Fault, { readonly kind: K }>;

export interface ScheduledFault {
  readonly at: Time;
  readonly fault: Fault;
}

/** The kinds the random nemesis can draw. */
export type RandomFaultKind =
  | 'partition'
  | 'isolate'
  | 'crash'
  | 'pause'
  | 'skew'
  | 'clock-rate'
  | 'drop'
  | 'duplicate'
  | 'reorder'
  | 'slow-disk'
  | 'disk-stall';

export const RANDOM_FAULT_KINDS: readonly RandomFaultKind[] = [
  'partition',
  'isolate',
  'crash',
  'pause',
  'skew',
  'clock-rate',
  'drop',
  'duplicate',
  'reorder',
  'slow-disk',
  'disk-stall',
];

export interface RandomNemesisOptions {
  /** Time between one random fault and the next. */
  readonly every: Distribution;
  readonly faults: readonly RandomFaultKind[];
  /** How long each random fault lasts before it undoes itself. */
  readonly duration: Distribution;
  readonly from?: Time;
  /** No random fault starts at or after this time. */
  readonly until?: Time;
}

/** The nodes a target names outright (none for a pick, which is resolved when the fault fires). */
export function isPick(target: Target): target is Pick | { readonly pick: Pick; readonly group: GroupName } {
  return typeof target === 'object' || target === 'leader' || target === 'follower' || target === 'random';
}
