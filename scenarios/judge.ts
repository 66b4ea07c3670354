/**
 * From a finished run to its verdict: the history checks (linearizable, liveness), the trace checks
 * attached before the run (generic, the protocol's, the workload's), and what stopped the run
 * early (a node that threw, a runaway queue), gathered into a `RunResult`.
 */
import type { Linearization } from '../sim/check/index.js';
import type { TraceCheck, Violation } from '../sim/checks/index.js';
import type { World } from '../sim/world.js';
import type { Nemesis } from '../sim/nemesis.js';
import type { WorkloadDefinition } from '../protocols/definition.js';
import { checkHistory } from './linearizable.js';
import { checkLiveness } from './liveness.js';
import type { RunPlan } from './plan.js';
import type { RunResult, RunStats } from './result.js';

/** Trace checks by name, subscribed to the world's trace before it runs. */
export function attachChecks(world: World, checks: readonly (readonly [string, TraceCheck])[]): void {
  if (checks.length === 0) return;
  world.trace.subscribe((e) => {
    for (const [, c] of checks) c.observe(e);
  });
}

/** Leadership as the state reports tell it (whatever the trace level). */
export interface LeaderCount {
  /** How often some replica became leader. */
  count: number;
  /** The replicas that led, in the order they first did. */
  readonly nodes: Set<string>;
  /** The eras in which some replica led. */
  readonly eras: Set<number>;
}

/** Counts how often some replica became leader, who did, and in how many eras. */
export function countLeaderChanges(world: World): LeaderCount {
  const counter: LeaderCount = { count: 0, nodes: new Set(), eras: new Set() };
  const leading = new Set<string>();
  world.onState((node, state) => {
    if (state.role === 'leader') {
      if (!leading.has(node)) counter.count++;
      leading.add(node);
      counter.nodes.add(node);
      counter.eras.add(state.era);
    } else leading.delete(node);
  });
  world.trace.subscribe((e) => {
    if (e.kind === 'node.crash' && e.node !== undefined) leading.delete(e.node);
  });
  return counter;
}

export interface Finished {
  readonly plan: RunPlan;
  readonly world: World;
  readonly nemesis: Nemesis;
  readonly workload: WorkloadDefinition;
  readonly checks: readonly (readonly [string, TraceCheck])[];
  readonly leaders: LeaderCount;
  /** What threw out of a node, if the run stopped on it. */
  readonly thrown?: unknown;
  readonly checkBudget?: number;
}

export function judge(f: Finished): RunResult {
  const { plan, world } = f;
  const end = plan.duration + plan.settle.length;
  const violations: Violation[] = [];
  if (f.thrown !== undefined) {
    const error = f.thrown;
    violations.push({
      kind: 'exception',
      check: 'exception',
      at: world.now,
      message: `a node threw at ${world.now / 1000}ms: ${error instanceof Error ? error.message : String(error)}`,
      witness: { stack: error instanceof Error ? error.stack : undefined },
    });
  }
  if (world.runaway) {
    const r = world.runaway;
    violations.push({
      kind: 'liveness',
      check: 'runaway',
      at: r.at,
      message: `the run ran away at ${r.at / 1000}ms: ${r.pending.toLocaleString('en-US')} events pending after ${r.events.toLocaleString('en-US')} (a message storm or a timer loop); it was stopped there`,
      witness: r,
    });
  }
  const history = world.history.ops;
  let unknownReason: string | undefined;
  let linearization: readonly Linearization[] | undefined;
  if (plan.checks.includes('linearizable')) {
    const lin = checkHistory(history, f.workload.model, plan.consistency, f.checkBudget);
    if (lin.kind === 'violation') violations.push(lin.violation);
    else if (lin.kind === 'unknown') unknownReason = lin.reason;
    else linearization = lin.linearization;
  }
  if (plan.checks.includes('liveness') && f.thrown === undefined) violations.push(...checkLiveness(history, plan.duration, plan.settle.grace, end));
  for (const [, c] of f.checks) violations.push(...c.finish({ history, duration: plan.duration, end }));

  const base = {
    plan,
    seed: plan.seed,
    traceHash: world.trace.hash,
    stats: statsOf(world, f.nemesis, f.leaders),
    faults: f.nemesis.applied,
    undone: f.nemesis.undone,
    violations,
    history,
    trace: world.trace.events(),
    traceDropped: world.trace.dropped,
    ...(linearization === undefined ? {} : { linearization }),
  };
  if (violations.length) return { ...base, verdict: 'violation' };
  if (unknownReason !== undefined) return { ...base, verdict: 'unknown', reason: unknownReason };
  return { ...base, verdict: 'ok' };
}

function statsOf(world: World, nemesis: Nemesis, leaders: LeaderCount): RunStats {
  const s = world.stats;
  let ok = 0;
  let failed = 0;
  let unknown = 0;
  let invoked = 0;
  for (const op of world.history.ops) {
    if (op.type === 'invoke') invoked++;
    else if (op.type === 'ok') ok++;
    else if (op.type === 'fail') failed++;
    else unknown++;
  }
  return {
    events: s.events,
    messages: s.messagesSent,
    delivered: s.messagesDelivered,
    dropped: s.messagesDropped,
    simulatedMs: s.simulatedTime / 1000,
    ops: invoked,
    opsOk: ok,
    opsFailed: failed,
    // an invocation never completed counts as unknown
    opsUnknown: unknown + (invoked - ok - failed - unknown),
    faults: nemesis.applied.length,
    undone: nemesis.undone.length,
    leaderChanges: leaders.count,
    leaders: [...leaders.nodes],
    leaderEras: leaders.eras.size,
    traceEvents: world.trace.count,
  };
}
