import type { Workload, WorkloadClientOptions } from '../sim/client.js';
import type { HistoryOp } from '../sim/history.js';
import type { Actor, NodeContext, NodeId } from '../sim/node.js';
import type { Time } from '../sim/time.js';
import type { TraceEvent } from '../sim/trace.js';
import { PB_MUTANTS, primaryBackup, registerWorkload } from '../protocols/primary-backup/index.js';
import { RAFT_INVARIANTS, RAFT_MUTANTS, raftReplica } from '../protocols/raft/index.js';
import { storeClient } from '../protocols/store/client.js';
import { RECIPES, type RecipeDefinition } from '../protocols/store/recipes/index.js';
import { ZNODE_OPS, znodeWorkload } from '../protocols/store/workload.js';
import type { ClientContext } from '../sim/world.js';
import type { WorkloadPlan } from './plan.js';
import type { Violation } from './result.js';

/** A catalogued bug a protocol can be built with, off by default. */
export interface MutantInfo {
  readonly id: string;
  readonly title: string;
}

/** Watches the trace as it is recorded and reports what it found at the end. */
export interface Monitor {
  observe(event: TraceEvent): void;
  finish(): readonly Violation[];
}

export interface ReplicaSetup {
  readonly ids: readonly NodeId[];
  readonly mutants: ReadonlySet<string>;
  readonly options: Readonly<Record<string, unknown>>;
}

/** Everything the runner needs to know about a protocol. */
export interface ProtocolDefinition {
  readonly name: string;
  readonly summary: string;
  readonly mutants: readonly MutantInfo[];
  /** Workload kinds the protocol's replicas serve; the first is the default. */
  readonly workloads: readonly string[];
  // The protocol's message type is its own business; the world relies only on `kind`.
  replica(setup: ReplicaSetup): (ctx: NodeContext<any>) => Actor<any>;
  /** Invariant monitors by check name, each fed the trace as it is recorded. */
  readonly invariants: Readonly<Record<string, () => Monitor>>;
}

/** What a workload is built with beyond its own plan: the run's length and the mutants switched on. */
export interface WorkloadSetup {
  /** When the faults stop and the settle period begins. */
  readonly duration: Time;
  /** Every mutant the run names; a workload acts on its own (see `WorkloadDefinition.mutants`). */
  readonly mutants: ReadonlySet<string>;
}

/** What a workload's check reads at the end of a run, beside the trace it was fed. */
export interface WorkloadRun {
  readonly history: readonly HistoryOp[];
  readonly duration: Time;
  /** When the run ended (duration + settle). */
  readonly end: Time;
}

/** A check a workload offers: fed the trace as it is recorded, then judging with the history. */
export interface WorkloadCheck {
  observe(event: TraceEvent): void;
  finish(run: WorkloadRun): readonly Violation[];
}

/** Operation families clients can run, and the checker model that judges their history. */
export interface WorkloadDefinition {
  readonly name: string;
  readonly summary: string;
  /** Operation names the `mix` may weigh (for a recipe: its roles or steps). */
  readonly ops: readonly string[];
  /** The checker model for the `linearizable` check. */
  readonly model: string;
  build(plan: WorkloadPlan, setup: WorkloadSetup): Workload;
  /** The client actor that runs it; default: the kernel's generic `workloadClient`. */
  readonly client?: (options: WorkloadClientOptions) => (ctx: ClientContext) => Actor;
  /** Checks of its own, by name, beside `linearizable` and `liveness`. */
  readonly checks?: Readonly<Record<string, () => WorkloadCheck>>;
  /** Catalogued bugs of the workload's own client behaviour, off by default (a run's `mutants` names them). */
  readonly mutants?: readonly MutantInfo[];
}

/** Every check a protocol and workload pair offers: the default of a scenario's `checks`. */
export function checksOf(protocol: ProtocolDefinition, workload: WorkloadDefinition | undefined): string[] {
  return ['linearizable', 'liveness', ...Object.keys(protocol.invariants), ...Object.keys(workload?.checks ?? {})];
}

/** Every mutant a protocol and workload pair offers. */
export function mutantsOf(protocol: ProtocolDefinition, workload: WorkloadDefinition | undefined): MutantInfo[] {
  return [...protocol.mutants, ...(workload?.mutants ?? [])];
}

export const PROTOCOLS: Readonly<Record<string, ProtocolDefinition>> = {
  'primary-backup': {
    name: 'primary-backup',
    summary: 'A fixed primary replicating a register map to every backup; the kernel example protocol.',
    mutants: PB_MUTANTS,
    workloads: ['register'],
    replica: (setup) => primaryBackup({ primary: setup.ids[0]!, mutants: setup.mutants }),
    invariants: {},
  },
  raft: {
    name: 'raft',
    summary: 'Raft (PreVote, CheckQuorum, ReadIndex or lease reads, snapshots, membership changes) ordering the znode store.',
    mutants: RAFT_MUTANTS,
    workloads: ['znode', ...RECIPES.map((r) => r.name)],
    replica: (setup) => raftReplica(setup),
    invariants: RAFT_INVARIANTS,
  },
};

export const WORKLOADS: Readonly<Record<string, WorkloadDefinition>> = {
  register: {
    name: 'register',
    summary: 'read / write / cas on integer registers, one per key',
    ops: ['read', 'write', 'cas'],
    model: 'cas-register',
    build: (plan) =>
      registerWorkload(plan.keys, {
        read: plan.mix['read'] ?? 0,
        write: plan.mix['write'] ?? 0,
        cas: plan.mix['cas'] ?? 0,
      }),
  },
  znode: {
    name: 'znode',
    summary: 'the store API over a few top-level nodes: creates in every mode, get, versioned set and delete, exists, children, multi, sync',
    ops: ZNODE_OPS,
    model: 'znode',
    build: (plan) => znodeWorkload(plan.keys, plan.mix),
    client: storeClient,
  },
  ...Object.fromEntries(RECIPES.map((r) => [r.name, recipeAsWorkload(r)])),
};

/** A store recipe (protocols/store/recipes) as a workload: its client behaviour, mutants and checks. */
function recipeAsWorkload(r: RecipeDefinition): WorkloadDefinition {
  return {
    name: r.name,
    summary: r.summary,
    ops: r.ops,
    model: 'znode',
    build: (plan, setup) => r.build({ mix: plan.mix, keys: plan.keys, clients: plan.clients, stopAt: setup.duration, mutants: setup.mutants }),
    client: (options) => storeClient({ ...options, sessionTimeoutMs: r.sessionTimeoutMs }),
    checks: r.checks,
    mutants: r.mutants,
  };
}
