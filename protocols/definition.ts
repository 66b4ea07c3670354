/**
 * What a protocol declares to join the house: its name, its messages and timers (message rules and
 * `fire-timer` faults naming anything else are refused), its options (validated by the scenario
 * loader), its catalogue of bugs, its own checks beside the generic ones, and how to build its
 * replicas. A protocol either orders the store (`orders: 'store'`: every store workload and recipe
 * then runs on it, hosted by protocols/store/host.ts) or serves workloads of its own.
 */
import type { CheckCatalogue } from '../sim/checks/index.js';
import type { Workload, WorkloadClientOptions } from '../sim/client.js';
import type { ClientContext } from '../sim/context.js';
import type { Actor, NodeContext, NodeId } from '../sim/node.js';
import type { Time } from '../sim/time.js';
import type { MutantInfo } from './kit/mutants.js';
import type { OptionsSpec } from './kit/options.js';
import type { Ordering } from './store/replication.js';

/** What a protocol's replicas are built from. */
export interface ReplicaSetup<O> {
  /** The replicas' ids, in order. */
  readonly ids: readonly NodeId[];
  readonly options: O;
  /** Every mutant the run names; the protocol acts on its own. */
  readonly mutants: ReadonlySet<string>;
}

interface ProtocolCommon<O> {
  readonly name: string;
  readonly summary: string;
  /** What leadership is counted in, for people: `term`, `epoch`, `ballot`. */
  readonly era: string;
  /** Every message kind its replicas send one another. */
  readonly messages: readonly string[];
  /** Every timer name its replicas set (the ones `fire-timer` may name). */
  readonly timers: readonly string[];
  readonly options: OptionsSpec<O>;
  readonly mutants: readonly MutantInfo[];
  /** Its own checks, beside the generic replica checks every protocol gets. */
  readonly checks: CheckCatalogue;
}

/** A protocol that orders the store's commands. */
export interface StoreOrderingProtocol<O = any> extends ProtocolCommon<O> {
  readonly orders: 'store';
  ordering(setup: ReplicaSetup<O>): Ordering;
}

/** A protocol with a replicated state of its own (the primary-backup register, a user's toy). */
export interface StandaloneProtocol<O = any> extends ProtocolCommon<O> {
  /** The workloads its replicas serve; the first is the default. */
  readonly workloads: readonly WorkloadDefinition[];
  replica(setup: ReplicaSetup<O>): (ctx: NodeContext<any>) => Actor<any>;
}

export type ProtocolDefinition<O = any> = StoreOrderingProtocol<O> | StandaloneProtocol<O>;

export function ordersStore(p: ProtocolDefinition): p is StoreOrderingProtocol {
  return 'orders' in p && p.orders === 'store';
}

/** What a workload is built with: the scenario's workload fields and the run's. */
export interface WorkloadBuild {
  readonly clients: number;
  readonly keys: number;
  /** Relative weights of the workload's operations (or, for a recipe, its roles or steps). */
  readonly mix: Readonly<Record<string, number>>;
  /** When the faults stop (the run's `duration`). */
  readonly stopAt: Time;
  /** Every mutant the run names; a workload acts on its own (`mutants` below). */
  readonly mutants: ReadonlySet<string>;
}

/** A family of client operations, the client that runs it, and the model that judges its history. */
export interface WorkloadDefinition {
  readonly name: string;
  readonly summary: string;
  /** Operation names the `mix` may weigh (for a recipe: its roles or steps). */
  readonly ops: readonly string[];
  /** The checker model for the `linearizable` check. */
  readonly model: string;
  build(b: WorkloadBuild): Workload;
  /** The client actor that runs it; default: the kernel's generic `workloadClient`. */
  readonly client?: (options: WorkloadClientOptions) => (ctx: ClientContext) => Actor;
  /** Checks of its own, by name, beside `linearizable` and `liveness`. */
  readonly checks?: CheckCatalogue;
  /** Catalogued bugs of the workload's own client behaviour, off by default. */
  readonly mutants?: readonly MutantInfo[];
}
