/**
 * A Kubernetes cluster on a store, built by hand for tests: the store's replicas (`n1..nN`, Raft
 * unless another registered protocol is named),
 * the control plane's groups from the component's entry point, a nemesis aimed at the store, and
 * the control plane's checks fed the trace as it is recorded.
 */
import type { Kind, ObjectOf } from '../../../protocols/k8s/objects.js';
import { decode, DIRECTORY } from '../../../protocols/k8s/registry.js';
import type { StoreHost } from '../../../protocols/store/host.js';
import { K8S_CHECKS, KUBERNETES, type KubernetesSpec } from '../../../protocols/k8s/index.js';
import { replicaFactory } from '../../../scenarios/build.js';
import { REGISTRY } from '../../../scenarios/registry.js';
import { REPLICA_CHECKS, type TraceCheck, type Violation } from '../../../sim/checks/index.js';
import { constant, type Distribution } from '../../../sim/latency.js';
import { Nemesis } from '../../../sim/nemesis.js';
import type { NetworkOptions } from '../../../sim/network.js';
import { Rng } from '../../../sim/rng.js';
import type { Time } from '../../../sim/time.js';
import type { TraceLevel } from '../../../sim/trace.js';
import { World } from '../../../sim/world.js';

/** Kubernetes' timings, scaled down so a test sees a node die, its pods evicted and replaced. */
export const FAST = {
  nodeMonitorGracePeriod: '4s',
  nodeStartupGracePeriod: '6s',
  nodeMonitorPeriod: '1s',
  nodeLeaseRenewInterval: '1s',
  nodeStatusUpdateFrequency: '1s',
  defaultTolerationSeconds: 5,
  podStartup: { uniform: ['100ms', '400ms'] },
  relistEvery: '10s',
  resyncEvery: '5s',
  requestTimeout: '3s',
  sessionTimeout: '3s',
};

export interface ClusterOptions {
  readonly seed?: number;
  readonly replicas?: number;
  readonly mutants?: readonly string[];
  readonly network?: NetworkOptions;
  readonly latency?: Distribution;
  readonly trace?: TraceLevel;
  /** Trace events kept in memory (default none). */
  readonly keep?: number;
  /** The protocol that orders the store: raft (default), zab or paxos. */
  readonly protocol?: string;
  /** The protocol's options. */
  readonly protocolOptions?: Readonly<Record<string, unknown>>;
}

export interface Cluster {
  readonly world: World;
  readonly nemesis: Nemesis;
  readonly spec: KubernetesSpec;
  /** Runs until `until` (virtual microseconds), then judges every check (faults stopped at `duration`). */
  judge(duration: Time, until: Time): Violation[];
}

/** Parses a `kubernetes:` section, failing the test with the issues if it is invalid. */
export function specOf(raw: unknown): KubernetesSpec {
  const r = KUBERNETES.spec.parse(raw, { replicas: [] });
  if (!r.ok) throw new Error(`invalid kubernetes spec: ${r.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  return r.value;
}

export function cluster(raw: unknown, o: ClusterOptions = {}): Cluster {
  const spec = specOf(raw);
  const ids = Array.from({ length: o.replicas ?? 3 }, (_, i) => `n${i + 1}`);
  const name = o.protocol ?? 'raft';
  const protocol = REGISTRY.protocol(name);
  if (protocol === undefined) throw new Error(`unknown protocol ${name} (known: ${REGISTRY.protocolNames.join(', ')})`);
  const replica = replicaFactory(protocol, { ids, options: { [name]: o.protocolOptions ?? {} }, mutants: o.mutants ?? [] }, REGISTRY);
  const world = new World({
    seed: o.seed ?? 1,
    groups: [{ name: 'replica', members: ids.map((id) => ({ id, actor: replica })) }, ...KUBERNETES.groups(spec, { storeGroup: 'replica', mutants: o.mutants ?? [] })],
    network: { latency: o.latency ?? constant(1_000), ...o.network },
    disk: { syncLatency: constant(200) },
    trace: { level: o.trace ?? 'state', keep: o.keep ?? 0 },
  });
  const checks: (readonly [string, TraceCheck])[] = Object.entries({ ...REPLICA_CHECKS, ...K8S_CHECKS }).map(([n, make]) => [n, make()] as const);
  world.trace.subscribe((e) => {
    for (const [, c] of checks) c.observe(e);
  });
  const nemesis = new Nemesis(world, Rng.fromSeed(o.seed ?? 1).fork('nemesis'), { group: 'replica', managed: world.groupNames });
  return {
    world,
    nemesis,
    spec,
    judge(duration, until) {
      world.at(duration, () => nemesis.quiesce());
      world.run(until);
      const run = { history: world.history.ops, duration, end: until };
      return checks.flatMap(([, c]) => c.finish(run));
    },
  };
}

/** The objects of a kind as the store's leader holds them (an oracle for assertions, not for the actors). */
export function stored<K extends Kind>(world: World, kind: K): ObjectOf<K>[] {
  const leader = world.leader('replica');
  if (leader === undefined) throw new Error('no store leader to read from');
  const machine = world.actor<StoreHost>(leader)!.service.machine;
  const dir = DIRECTORY[kind];
  const list = machine.read({ f: 'children', path: dir });
  if (list.error !== undefined) return [];
  return list.children.map((name) => {
    const path = `${dir}/${name}`;
    const got = machine.read({ f: 'get', path });
    if (got.error !== undefined) throw new Error(`${path}: ${got.error}`);
    return decode<K>(path, got.data, { version: got.version });
  });
}
