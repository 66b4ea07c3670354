/**
 * Ensemble as a library: run scenarios, check histories, or build your own protocol on the kernel.
 *
 * @example
 * ```ts
 * import { loadScenario, run } from 'ensemble-sim';
 * const result = run(loadScenario('scenarios/showcase.yaml', { seed: 7 }));
 * if (result.verdict !== 'ok') console.log(result.violations);
 * ```
 */
export { run, validatePlan, type RunOptions } from './scenarios/run.js';
export { loadScenario, parseScenario, type ScenarioOverrides } from './scenarios/load.js';
export type { RunPlan, WorkloadPlan } from './scenarios/plan.js';
export type { RunResult, RunStats, Violation, ViolationKind } from './scenarios/result.js';
export { ScenarioError } from './scenarios/errors.js';
export { REGISTRY, Registry, type MutantInfo, type ProtocolDefinition, type WorkloadDefinition } from './scenarios/registry.js';
export type { ReplicaSetup, StandaloneProtocol, StoreOrderingProtocol, WorkloadBuild } from './protocols/definition.js';
export { REPLICA_CHECKS, LogMirror, ViolationLog, type CheckCatalogue, type CheckRun, type TraceCheck } from './sim/checks/index.js';
export { REPLICA_STATE, type ReplicaRole, type ReplicaState } from './sim/replica-state.js';
export { FakeContext, type Effect } from './protocols/kit/fake-context.js';
export { Outbox, type Needs } from './protocols/kit/outbox.js';
export { Steps, type StepHooks } from './protocols/kit/steps.js';
export { StateReporter, type ReplicaView } from './protocols/kit/state-reporter.js';
export { quorum, quorumValue, Tally } from './protocols/kit/quorum.js';
export { defineOptions, parseOptions, type OptionsSpec } from './protocols/kit/options.js';
export { mutantSet, type MutantSet } from './protocols/kit/mutants.js';
export type { OrderingNode, Ordering, Replication, ReplicatedService } from './protocols/store/replication.js';
export { toScenarioYaml } from './scenarios/serialize.js';
export { shrink, type ShrinkOutcome } from './scenarios/shrink.js';
export { swarmPlan } from './scenarios/swarm.js';

export { check, parseHistory, type CheckOptions, type CheckResult, type Counterexample, type Model } from './sim/check/index.js';

export { World, type ActorSpec, type ClientContext, type ClientSpec, type GroupSpec, type ReplicaSpec, type WorldOptions, type WorldStats } from './sim/world.js';
export type { Actor, ActorFactory, ClientOutcome, ClientRequest, GroupName, Message, NodeContext, NodeId } from './sim/node.js';
export type { DiskHandle, DiskOptions } from './sim/disk.js';
export { Nemesis, RANDOM_FAULT_KINDS, type Fault, type RandomNemesisOptions, type ScheduledFault, type Target } from './sim/nemesis.js';
export type { LinkOptions, NetworkOptions } from './sim/network.js';
export type { MessageMatch, MessageRule, RuleAction } from './sim/rules.js';
export { workloadClient, type OpSpec, type Workload, type WorkloadClientOptions } from './sim/client.js';
export { History, type HistoryOp, type OpType } from './sim/history.js';
export { Trace, type TraceEvent, type TraceLevel, type TraceOptions } from './sim/trace.js';
export { Rng } from './sim/rng.js';
export { constant, exponential, uniform, type Distribution } from './sim/latency.js';
export { formatDuration, ms, parseDuration, seconds, type Time } from './sim/time.js';
export { SimConfigError } from './sim/errors.js';
