import { workloadClient } from '../sim/client.js';
import { SimConfigError } from '../sim/errors.js';
import { exponential } from '../sim/latency.js';
import { Nemesis } from '../sim/nemesis.js';
import { Rng } from '../sim/rng.js';
import { World } from '../sim/world.js';
import { checkLiveness } from './liveness.js';
import { checkHistory } from './linearizable.js';
import type { Linearization } from '../sim/check/index.js';
import type { RunPlan } from './plan.js';
import { type Monitor, PROTOCOLS, WORKLOADS, type WorkloadCheck, checksOf, mutantsOf } from './registry.js';
import type { RunResult, RunStats, Violation } from './result.js';

export interface RunOptions {
  /** Receives every trace line as it is recorded (the CLI streams trace.jsonl with it). */
  readonly traceSink?: (line: string) => void;
  /** How many trace events to keep in the result; 0 keeps none (explore). Default: all up to 1,000,000. */
  readonly keepTrace?: number;
  /** Step budget for the linearizability search. */
  readonly checkBudget?: number;
}

/** Checks every run plan field the loader cannot: names that refer to registries. Throws SimConfigError. */
export function validatePlan(plan: RunPlan): void {
  const protocol = PROTOCOLS[plan.protocol];
  if (!protocol) throw new SimConfigError(`protocol: unknown protocol '${plan.protocol}' (known: ${Object.keys(PROTOCOLS).join(', ')})`);
  if (!protocol.workloads.includes(plan.workload.kind)) {
    throw new SimConfigError(`workload.kind: protocol '${plan.protocol}' serves ${protocol.workloads.join(', ')}, not '${plan.workload.kind}'`);
  }
  const workload = WORKLOADS[plan.workload.kind];
  if (!workload) throw new SimConfigError(`workload.kind: unknown workload '${plan.workload.kind}'`);
  for (const op of Object.keys(plan.workload.mix)) {
    if (!workload.ops.includes(op)) throw new SimConfigError(`workload.mix.${op}: workload '${workload.name}' has no operation '${op}' (it has ${workload.ops.join(', ')})`);
  }
  const mutants = mutantsOf(protocol, workload);
  for (const m of plan.mutants) {
    if (!mutants.some((x) => x.id === m)) {
      const known = mutants.map((x) => x.id);
      throw new SimConfigError(`mutants: protocol '${plan.protocol}'${workload.mutants ? ` with workload '${workload.name}'` : ''} has no mutant '${m}' (${known.length ? `known: ${known.join(', ')}` : 'it has none'})`);
    }
  }
  const knownChecks = checksOf(protocol, workload);
  for (const c of plan.checks) {
    if (!knownChecks.includes(c)) throw new SimConfigError(`checks: unknown check '${c}' for protocol '${plan.protocol}'${workload.checks ? ` with workload '${workload.name}'` : ''} (known: ${knownChecks.join(', ')})`);
  }
  const fromTrace = plan.checks.filter((c) => workload.checks?.[c] !== undefined);
  if (plan.trace === 'none' && fromTrace.length) {
    throw new SimConfigError(`trace: check '${fromTrace[0]}' reads the workload's events from the trace, which level 'none' does not record (use state or higher)`);
  }
}

/**
 * Builds the world a plan describes, runs it, and checks it. Expected outcomes, including
 * violations and an undecided checker, are returned; only bad input (SimConfigError) is thrown.
 */
export function run(plan: RunPlan, options: RunOptions = {}): RunResult {
  validatePlan(plan);
  const protocol = PROTOCOLS[plan.protocol]!;
  const workload = WORKLOADS[plan.workload.kind]!;
  const root = Rng.fromSeed(plan.seed);
  const ids = Array.from({ length: plan.replicas }, (_, i) => `n${i + 1}`);
  const replica = protocol.replica({ ids, mutants: new Set(plan.mutants), options: plan.options });
  const meanThink = (plan.workload.clients / plan.workload.rate) * 1_000_000;
  const setup = { duration: plan.duration, mutants: new Set(plan.mutants) };
  const world = new World({
    seed: plan.seed,
    replicas: ids.map((id) => ({ id, actor: replica })),
    clients: Array.from({ length: plan.workload.clients }, (_, i) => {
      const id = `c${i + 1}`;
      return {
        id,
        actor: (workload.client ?? workloadClient)({
          workload: workload.build(plan.workload, setup),
          timeout: plan.workload.timeout,
          thinkTime: exponential(meanThink),
          rng: root.fork(`workload:${id}`),
        }),
      };
    }),
    network: plan.network,
    disk: plan.disk,
    trace: {
      level: plan.trace,
      ...(options.traceSink ? { sink: options.traceSink } : {}),
      ...(options.keepTrace === undefined ? {} : { keep: options.keepTrace }),
    },
  });

  const monitors: [string, Monitor][] = plan.checks.flatMap((c) => {
    const make = protocol.invariants[c];
    return make ? [[c, make()] as [string, Monitor]] : [];
  });
  const workloadChecks: [string, WorkloadCheck][] = plan.checks.flatMap((c) => {
    const make = workload.checks?.[c];
    return make ? [[c, make()] as [string, WorkloadCheck]] : [];
  });
  if (monitors.length || workloadChecks.length) {
    world.trace.subscribe((e) => {
      for (const [, m] of monitors) m.observe(e);
      for (const [, c] of workloadChecks) c.observe(e);
    });
  }
  const leaders = countLeaderChanges(world);

  const nemesis = new Nemesis(world, root.fork('nemesis'));
  nemesis.schedule(plan.nemesis.script);
  if (plan.nemesis.random) nemesis.random({ ...plan.nemesis.random, until: Math.min(plan.nemesis.random.until ?? plan.duration, plan.duration) });
  const ruleIds = plan.nemesis.script.flatMap((f) => (f.fault.kind === 'rule' ? [f.fault.rule.id] : []));
  world.at(plan.duration, () => {
    world.trace.emit(world.now, 'nemesis.quiesce', undefined, {});
    nemesis.quiesce(ruleIds);
  });

  const end = plan.duration + plan.settle.length;
  const violations: Violation[] = [];
  try {
    world.run(end);
  } catch (error) {
    if (error instanceof SimConfigError) throw error;
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
    const lin = checkHistory(history, workload.model, plan.consistency, options.checkBudget);
    if (lin.kind === 'violation') violations.push(lin.violation);
    else if (lin.kind === 'unknown') unknownReason = lin.reason;
    else linearization = lin.linearization;
  }
  if (plan.checks.includes('liveness') && violations.every((v) => v.kind !== 'exception')) {
    violations.push(...checkLiveness(history, plan.duration, plan.settle.grace, end));
  }
  for (const [, m] of monitors) violations.push(...m.finish());
  for (const [, c] of workloadChecks) violations.push(...c.finish({ history, duration: plan.duration, end }));

  const base = {
    plan,
    seed: plan.seed,
    traceHash: world.trace.hash,
    stats: statsOf(world, nemesis.applied.length, leaders.count),
    faults: nemesis.applied,
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

function statsOf(world: World, faults: number, leaderChanges: number): RunStats {
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
    faults,
    leaderChanges,
    traceEvents: world.trace.count,
  };
}

/**
 * Counts how often some replica became leader, from the protocol state events every protocol
 * emits (`<protocol>.state` with a `role`), so the count works for any protocol.
 */
function countLeaderChanges(world: World): { count: number } {
  const counter = { count: 0 };
  const roles = new Map<string, unknown>();
  world.trace.subscribe((e) => {
    if (e.node === undefined || !e.kind.endsWith('.state') || !('role' in e)) return;
    const before = roles.get(e.node);
    roles.set(e.node, e['role']);
    if (e['role'] === 'leader' && before !== 'leader') counter.count++;
  });
  return counter;
}
