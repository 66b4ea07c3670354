/**
 * Ensemble as a library: run scenarios, check histories, or build your own protocol on the kernel.
 *
 * Entry points: `ensemble-sim` (this file: runs, scenarios, the kernel, the protocol kit),
 * `ensemble-sim/check` (the linearizability checker alone), `ensemble-sim/testing` (fast-check
 * arbitraries and `assertRuns` for your own property suites).
 *
 * @example
 * ```ts
 * import { simulate } from 'ensemble-sim';
 * const { result } = simulate({ scenario: 'showcase', seed: 7 });
 * if (result.verdict !== 'ok') console.log(result.violations);
 * ```
 */
export { run, validatePlan, type RunOptions } from './scenarios/run.js';
export { simulate, planOf, type SimulateOptions, type Simulation } from './testing/simulate.js';
export { loadScenario, parseScenario, type ScenarioOverrides } from './scenarios/load.js';
export type { PlanOptions, RunPlan, WorkloadPlan } from './scenarios/plan.js';
export type { RunResult, RunStats, Violation, ViolationKind } from './scenarios/result.js';
export { ScenarioError } from './scenarios/errors.js';
export { REGISTRY, Registry, type MutantInfo, type ProtocolDefinition, type WorkloadDefinition } from './scenarios/registry.js';
export type { ReplicaSetup, StandaloneProtocol, StoreOrderingProtocol, WorkloadBuild } from './protocols/definition.js';
export { REGISTER_WORKLOAD } from './protocols/primary-backup/index.js';
export { STORE, type StoreComponent } from './protocols/store/definition.js';
/** The znode store's API: operations and results, commands, ids, the state machine and its snapshots. */
export * as store from './protocols/store/index.js';
export type { StoreOptions, StoreReads } from './protocols/store/options.js';
export { REPLICA_CHECKS, LogMirror, MirroredLog, ViolationLog, type CheckCatalogue, type CheckRun, type MirroredReport, type TraceCheck } from './sim/checks/index.js';
export { REPLICA_STATE, type LogDelta, type ReplicaRole, type ReplicaState } from './sim/replica-state.js';
export { FakeContext, type Effect, type FakeContextOptions } from './protocols/kit/fake-context.js';
export { Outbox, type Needs } from './protocols/kit/outbox.js';
export { Steps, type StepHooks } from './protocols/kit/steps.js';
export { StateReporter, type ReplicaView } from './protocols/kit/state-reporter.js';
export { quorum, quorumValue, Tally } from './protocols/kit/quorum.js';
export { defineOptions, parseOptions, type Complain, type OptionContext, type OptionIssue, type OptionsResult, type OptionsSpec } from './protocols/kit/options.js';
export { mutantSet, type MutantSet } from './protocols/kit/mutants.js';
export type { OrderingNode, Ordering, Position, Replication, ReplicatedService } from './protocols/store/replication.js';
export { toScenarioYaml } from './scenarios/serialize.js';
export { shrink, type ShrinkOptions, type ShrinkOutcome } from './scenarios/shrink.js';
export { swarmPlan } from './scenarios/swarm.js';

export { check, parseHistory, type CheckOptions, type CheckResult, type Counterexample, type Model } from './sim/check/index.js';

export { World, type ActorSpec, type ClientContext, type ClientSpec, type GroupSpec, type ReplicaSpec, type Runaway, type StateListener, type WorldOptions, type WorldStats } from './sim/world.js';
export type { Actor, ActorFactory, ClientOutcome, ClientRequest, GroupName, Message, NodeContext, NodeId } from './sim/node.js';
export type { Disk, DiskHandle, DiskOptions, Write } from './sim/disk.js';
export { Nemesis, RANDOM_FAULT_KINDS, type Fault, type FaultKind, type NemesisOptions, type Pick, type RandomFaultKind, type RandomNemesisOptions, type ScheduledFault, type Target } from './sim/nemesis.js';
export type { Fate, LinkOptions, LinkOverride, Network, NetworkOptions } from './sim/network.js';
export type { MessageMatch, MessageRule, RuleAction } from './sim/rules.js';
export { workloadClient, type OpSpec, type Workload, type WorkloadClientOptions } from './sim/client.js';
export { History, type HistoryOp, type OpType } from './sim/history.js';
export { Trace, type TraceEvent, type TraceLevel, type TraceOptions } from './sim/trace.js';
export { Rng } from './sim/rng.js';
export { constant, exponential, uniform, type Distribution } from './sim/latency.js';
export { formatDuration, ms, parseDuration, seconds, type Time } from './sim/time.js';
export { SimConfigError } from './sim/errors.js';
