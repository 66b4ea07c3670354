/**
 * From a plan to a world ready to run: the replicas its protocol builds (hosting the store when the
 * protocol orders it), the workload's clients, the network and disks, the nemesis with the plan's
 * faults, and the end of the faults at `duration`.
 */
import type { Actor, NodeContext, NodeId } from '../sim/node.js';
import { workloadClient } from '../sim/client.js';
import { exponential } from '../sim/latency.js';
import { Nemesis } from '../sim/nemesis.js';
import { Rng } from '../sim/rng.js';
import type { TraceOptions } from '../sim/trace.js';
import { World } from '../sim/world.js';
import { type ProtocolDefinition, type WorkloadDefinition, ordersStore } from '../protocols/definition.js';
import { mutantSet } from '../protocols/kit/mutants.js';
import { parseOptions } from '../protocols/kit/options.js';
import { storeReplica } from '../protocols/store/host.js';
import type { StoreMutant } from '../protocols/store/options.js';
import { CLIENTS, REPLICAS, clusterSpecOf, plannedGroups } from './groups.js';
import type { PlanOptions, RunPlan } from './plan.js';
import type { Registry } from './registry.js';

export interface BuiltRun {
  readonly world: World;
  readonly nemesis: Nemesis;
  readonly protocol: ProtocolDefinition;
  readonly workload: WorkloadDefinition;
}

/** Builds the world a (validated) plan describes, with its faults scheduled. */
export function buildRun(plan: RunPlan, registry: Registry, trace: TraceOptions): BuiltRun {
  const protocol = registry.protocol(plan.protocol)!;
  const workload = registry.workload(protocol, plan.workload.kind)!;
  const root = Rng.fromSeed(plan.seed);
  const groups = plannedGroups(plan, registry);
  const spec = clusterSpecOf(plan, registry);
  const replicas = groups.find((g) => g.name === REPLICAS)!;
  const clients = groups.find((g) => g.name === CLIENTS)!;
  const replica = replicaFactory(protocol, { ids: replicas.ids, options: plan.options, mutants: plan.mutants }, registry);
  const meanThink = (plan.workload.clients / plan.workload.rate) * 1_000_000;
  const build = { clients: plan.workload.clients, keys: plan.workload.keys, mix: plan.workload.mix, stopAt: plan.duration, mutants: new Set(plan.mutants) };
  const world = new World({
    seed: plan.seed,
    groups: [
      { name: REPLICAS, members: replicas.ids.map((id) => ({ id, actor: replica })) },
      {
        name: CLIENTS,
        serves: REPLICAS,
        members: clients.ids.map((id) => ({
          id,
          actor: (workload.client ?? workloadClient)({
            workload: workload.build(build),
            timeout: plan.workload.timeout,
            thinkTime: exponential(meanThink),
            rng: root.fork(`workload:${id}`),
          }) as (ctx: NodeContext<any>) => Actor<any>,
        })),
      },
      ...(spec === undefined ? [] : registry.kubernetes.groups(spec, { storeGroup: REPLICAS, mutants: plan.mutants })),
    ],
    network: plan.network,
    disk: plan.disk,
    trace,
  });

  // The trace says what it is a trace of, so readers need nothing else (the viewer names eras by it).
  world.trace.emit(0, 'run.protocol', undefined, { name: protocol.name, era: protocol.era });
  // The end of the faults restarts and resumes every process: the replicas and the control plane's actors.
  const managed = groups.filter((g) => g.crashable).map((g) => g.name);
  const nemesis = new Nemesis(world, root.fork('nemesis'), { group: REPLICAS, managed });
  nemesis.schedule(plan.nemesis.script);
  if (plan.nemesis.random) nemesis.random({ ...plan.nemesis.random, until: Math.min(plan.nemesis.random.until ?? plan.duration, plan.duration) });
  const ruleIds = plan.nemesis.script.flatMap((f) => (f.fault.kind === 'rule' ? [f.fault.rule.id] : []));
  world.at(plan.duration, () => {
    world.trace.emit(world.now, 'nemesis.quiesce', undefined, {});
    nemesis.quiesce(ruleIds);
  });
  return { world, nemesis, protocol, workload };
}

/** What a protocol's replicas are assembled from, as a plan has it. */
export interface ReplicaPlan {
  readonly ids: readonly NodeId[];
  readonly options: PlanOptions;
  readonly mutants: readonly string[];
}

/**
 * The replica a protocol builds, with its options parsed; a store host around it when it orders the
 * store. Tests that drive replicas by hand build them with this too.
 */
export function replicaFactory(protocol: ProtocolDefinition, plan: ReplicaPlan, registry: Registry): (ctx: NodeContext<any>) => Actor<any> {
  const context = { replicas: plan.ids };
  const options = parseOptions(protocol.options, plan.options[protocol.name], context, `options.${protocol.name}`);
  const setup = { ids: plan.ids, options, mutants: new Set(plan.mutants) };
  if (!ordersStore(protocol)) return protocol.replica(setup);
  const store = registry.store;
  const storeOptions = parseOptions(store.options, plan.options[store.name], context, `options.${store.name}`);
  return storeReplica(protocol.ordering(setup), storeOptions, mutantSet<StoreMutant>(plan.mutants));
}
