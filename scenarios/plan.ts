import type { Distribution } from '../sim/latency.js';
import type { RandomNemesisOptions, ScheduledFault } from '../sim/nemesis.js';
import type { NetworkOptions } from '../sim/network.js';
import type { Time } from '../sim/time.js';
import type { TraceLevel } from '../sim/trace.js';

/**
 * A fully resolved run: every default filled in, every unit converted to microseconds. The
 * scenario loader produces it from a file; tests and benchmarks build it directly. Together with
 * the Ensemble version it determines the run exactly.
 */
export interface RunPlan {
  readonly name: string;
  readonly protocol: string;
  readonly replicas: number;
  readonly seed: number;
  /** How long the workload and the faults run. */
  readonly duration: Time;
  /**
   * After `duration`, every fault is undone and the workload keeps going for this long; operations
   * started after `settle.grace` into it must complete (the liveness check).
   */
  readonly settle: { readonly length: Time; readonly grace: Time };
  readonly network: NetworkOptions;
  readonly disk: { readonly syncLatency: Distribution };
  readonly workload: WorkloadPlan;
  readonly nemesis: { readonly script: readonly ScheduledFault[]; readonly random?: RandomNemesisOptions };
  readonly checks: readonly string[];
  /**
   * What `linearizable` demands: `linearizable` (every op, the default) or `zookeeper` (writes
   * linearizable, reads sequentially consistent per client, as ZooKeeper promises).
   */
  readonly consistency: 'linearizable' | 'zookeeper';
  readonly mutants: readonly string[];
  /**
   * Settings by namespace: each protocol's (`raft`, `zab`, ...) and the store's (`store`), so one
   * plan can carry settings for several protocols and run under any of them. Raw as written in the
   * scenario; each namespace's definition validates and types its own.
   */
  readonly options: PlanOptions;
  readonly trace: TraceLevel;
  readonly expect?: 'ok' | 'violation';
  /**
   * A mock Kubernetes control plane beside the store (its scheduler, controller manager, kubelets
   * and operator are clients of it): the scenario's `kubernetes:` section, raw as written, validated
   * by the control plane's own parser.
   */
  readonly kubernetes?: Readonly<Record<string, unknown>>;
}

export type PlanOptions = Readonly<Record<string, Readonly<Record<string, unknown>>>>;

export interface WorkloadPlan {
  /** Which family of operations: each protocol states which it serves. */
  readonly kind: string;
  readonly clients: number;
  /** Offered load over all clients, in operations per second. */
  readonly rate: number;
  readonly keys: number;
  /** Relative weights of operation kinds, by name (e.g. read, write, cas). */
  readonly mix: Readonly<Record<string, number>>;
  readonly timeout: Time;
}
