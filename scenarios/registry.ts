/**
 * The protocols and workloads a run can name: the one place that lists them. A protocol joins by
 * its definition (protocols/definition.ts) and one line in `BUILT_IN`; a library user brings more
 * with `REGISTRY.with([...])` (and passes them to `run` and `parseScenario`) without editing the
 * project. The registry's keys are the CLI's choices.
 */
import { REPLICA_CHECKS, type TraceCheck } from '../sim/checks/index.js';
import type { OptionsSpec } from '../protocols/kit/options.js';
import type { MutantInfo } from '../protocols/kit/mutants.js';
import { type ProtocolDefinition, type WorkloadDefinition, ordersStore } from '../protocols/definition.js';
import { PAXOS } from '../protocols/paxos/index.js';
import { PRIMARY_BACKUP } from '../protocols/primary-backup/index.js';
import { RAFT } from '../protocols/raft/index.js';
import { ZAB } from '../protocols/zab/index.js';
import { STORE, type StoreComponent } from '../protocols/store/definition.js';
import { KUBERNETES, type KubernetesComponent } from '../protocols/k8s/index.js';

export type { MutantInfo } from '../protocols/kit/mutants.js';
export type { ProtocolDefinition, WorkloadDefinition } from '../protocols/definition.js';

/** The checks every run offers whatever its protocol: judged from the history, not the trace. */
export const HISTORY_CHECKS = ['linearizable', 'liveness'] as const;

/** Message kinds the kernel itself sends (client requests and their answers). */
const KERNEL_MESSAGES = ['client.request', 'client.response'];

export class Registry {
  private readonly byName: ReadonlyMap<string, ProtocolDefinition>;

  constructor(
    readonly protocols: readonly ProtocolDefinition[],
    readonly store: StoreComponent = STORE,
    /** The control plane a scenario's `kubernetes:` section adds, beside a store. */
    readonly kubernetes: KubernetesComponent = KUBERNETES,
  ) {
    const byName = new Map<string, ProtocolDefinition>();
    for (const p of protocols) {
      if (p.name === store.name) throw new Error(`registry: a protocol cannot be named '${store.name}' (the store's option namespace)`);
      if (byName.has(p.name)) throw new Error(`registry: protocol '${p.name}' is registered twice`);
      byName.set(p.name, p);
    }
    this.byName = byName;
  }

  /** This registry with more protocols (a library user's own). */
  with(extra: readonly ProtocolDefinition[]): Registry {
    return extra.length ? new Registry([...this.protocols, ...extra], this.store, this.kubernetes) : this;
  }

  get protocolNames(): readonly string[] {
    return [...this.byName.keys()];
  }

  protocol(name: string): ProtocolDefinition | undefined {
    return this.byName.get(name);
  }

  /** The workloads a protocol serves; the first is its default. */
  workloadsOf(p: ProtocolDefinition): readonly WorkloadDefinition[] {
    return ordersStore(p) ? this.store.workloads : p.workloads;
  }

  workload(p: ProtocolDefinition, name: string): WorkloadDefinition | undefined {
    return this.workloadsOf(p).find((w) => w.name === name);
  }

  /** Every workload of every protocol, once each. */
  allWorkloads(): readonly WorkloadDefinition[] {
    const seen = new Map<string, WorkloadDefinition>();
    for (const p of this.protocols) for (const w of this.workloadsOf(p)) if (!seen.has(w.name)) seen.set(w.name, w);
    return [...seen.values()];
  }

  /**
   * Every check a run offers: the history's, the generic replica checks, the protocol's, the
   * workload's, and the control plane's when the run has one. The default of a scenario's `checks`.
   */
  checksOf(p: ProtocolDefinition, w: WorkloadDefinition | undefined, cluster = false): string[] {
    return [...HISTORY_CHECKS, ...Object.keys(REPLICA_CHECKS), ...Object.keys(p.checks), ...Object.keys(w?.checks ?? {}), ...(cluster ? Object.keys(this.kubernetes.checks) : [])];
  }

  /** The trace check of that name (undefined for the history checks). */
  traceCheck(p: ProtocolDefinition, w: WorkloadDefinition | undefined, name: string, cluster = false): (() => TraceCheck) | undefined {
    return REPLICA_CHECKS[name] ?? p.checks[name] ?? w?.checks?.[name] ?? (cluster ? this.kubernetes.checks[name] : undefined);
  }

  /** Every mutant a run offers: the protocol's, the store's, the workload's, the control plane's. */
  mutantsOf(p: ProtocolDefinition, w: WorkloadDefinition | undefined, cluster = false): MutantInfo[] {
    return [...p.mutants, ...(ordersStore(p) ? this.store.mutants : []), ...(w?.mutants ?? []), ...(cluster ? this.kubernetes.mutants : [])];
  }

  /** Every message kind a run of the protocol sends (what message rules may name). */
  messagesOf(p: ProtocolDefinition, cluster = false): string[] {
    return [...new Set([...KERNEL_MESSAGES, ...p.messages, ...(ordersStore(p) ? this.store.messages : []), ...(cluster ? this.kubernetes.messages : [])])];
  }

  /** Every timer the run's actors set (what `fire-timer` may name). */
  timersOf(p: ProtocolDefinition, cluster = false): string[] {
    return [...new Set([...p.timers, ...(ordersStore(p) ? this.store.timers : []), ...(cluster ? this.kubernetes.timers : [])])];
  }

  /** The option namespaces a scenario's `options` may have: each protocol's, and the store's. */
  optionSpaces(): ReadonlyMap<string, OptionsSpec<unknown>> {
    return new Map<string, OptionsSpec<unknown>>([...this.protocols.map((p) => [p.name, p.options] as const), [this.store.name, this.store.options]]);
  }
}

/** The protocols that ship with Ensemble: one line each. */
const BUILT_IN: readonly ProtocolDefinition[] = [RAFT, ZAB, PAXOS, PRIMARY_BACKUP];

export const REGISTRY = new Registry(BUILT_IN);
