import type { Workload, WorkloadClientOptions } from '../sim/client.js';
import type { Actor, NodeContext, NodeId } from '../sim/node.js';
import type { TraceEvent } from '../sim/trace.js';
import { PB_MUTANTS, primaryBackup, registerWorkload } from '../protocols/primary-backup/index.js';
import { RAFT_INVARIANTS, RAFT_MUTANTS, raftReplica } from '../protocols/raft/index.js';
import { storeClient } from '../protocols/store/client.js';
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

/** Operation families clients can run, and the checker model that judges their history. */
export interface WorkloadDefinition {
  readonly name: string;
  readonly summary: string;
  /** Operation names the `mix` may weigh. */
  readonly ops: readonly string[];
  /** The checker model for the `linearizable` check. */
  readonly model: string;
  build(plan: WorkloadPlan): Workload;
  /** The client actor that runs it; default: the kernel's generic `workloadClient`. */
  readonly client?: (options: WorkloadClientOptions) => (ctx: ClientContext) => Actor;
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
    workloads: ['znode'],
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
};
