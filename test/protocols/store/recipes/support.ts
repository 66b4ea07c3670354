/**
 * Shared by the recipe tests: hand-built histories and trace events for the checks' example
 * tests, run plans for the recipe workloads, and fault schedules that also pause and cut off
 * clients (the random nemesis only picks replicas).
 */
import fc from 'fast-check';
import { expect } from 'vitest';
import type { HistoryOp } from '../../../../sim/history.js';
import { uniform } from '../../../../sim/latency.js';
import type { ScheduledFault } from '../../../../sim/nemesis.js';
import type { TraceEvent } from '../../../../sim/trace.js';
import type { TraceCheck, Violation } from '../../../../sim/checks/index.js';
import type { RunPlan } from '../../../../scenarios/plan.js';
import { REGISTRY } from '../../../../scenarios/registry.js';
import { run } from '../../../../scenarios/run.js';
import { reproduction, scheduleArb } from '../../../support/arbitraries.js';

export const s = (seconds: number): number => Math.round(seconds * 1_000_000);

/** A history written by hand: each call is an invocation at `from` and its completion at `to`. */
export class HistoryBuilder {
  private readonly list: Omit<HistoryOp, 'index'>[] = [];
  private process = 0;

  call(f: string, args: Record<string, unknown>, result: unknown, from: number, to: number, type: 'ok' | 'fail' | 'info' = 'ok'): this {
    const process = this.process++;
    const key = typeof args['path'] === 'string' ? { key: args['path'] } : {};
    this.list.push({ process, type: 'invoke', f, ...key, value: args, time: s(from) });
    this.list.push({ process, type, f, ...key, value: type === 'info' ? undefined : result, time: s(to) });
    return this;
  }

  /** An operation that never completed (an expiry proposed but never committed, say). */
  open(f: string, args: Record<string, unknown>, from: number): this {
    this.list.push({ process: this.process++, type: 'invoke', f, value: args, time: s(from) });
    return this;
  }

  get ops(): HistoryOp[] {
    return [...this.list].sort((a, b) => a.time - b.time).map((op, index) => ({ ...op, index }));
  }
}

/** A `recipe.*` trace event from `client` at `at` seconds. */
export function event(kind: string, client: string, at: number, fields: Record<string, unknown> = {}): TraceEvent {
  return { seq: 0, t: s(at), kind: `recipe.${kind}`, node: client, ...fields };
}

/** Feeds a check the events and asks for its verdict on the history. */
export function judge(check: TraceCheck, events: readonly TraceEvent[], history: readonly HistoryOp[], end = 20, duration = 10): readonly Violation[] {
  for (const e of [...events].sort((a, b) => a.t - b.t)) check.observe(e);
  return check.finish({ history, duration: s(duration), end: s(end) });
}

const MIX: Readonly<Record<string, Readonly<Record<string, number>>>> = {
  lock: { acquire: 1 },
  election: { campaign: 1 },
  config: { write: 1, watch: 2 },
  discovery: { member: 3, observer: 2 },
  keys: { rotate: 1, read: 2 },
};

/** A short run of a recipe on 3 Raft replicas with every check the pair offers. */
export function recipePlan(kind: string, seed: number, overrides: Partial<RunPlan> = {}): RunPlan {
  return {
    name: `recipe-${kind}-test`,
    protocol: 'raft',
    replicas: 3,
    seed,
    duration: s(4),
    settle: { length: s(4), grace: s(1.5) },
    network: { latency: uniform(1_000, 8_000), drop: 0.01, duplicate: 0.005, reorder: 0.01 },
    disk: { syncLatency: uniform(100, 1_000) },
    workload: { kind, clients: 5, rate: 150, keys: 2, mix: MIX[kind]!, timeout: 400_000 },
    nemesis: { script: [] },
    checks: REGISTRY.checksOf(REGISTRY.protocol('raft')!, REGISTRY.workload(REGISTRY.protocol('raft')!, kind)),
    consistency: 'linearizable',
    mutants: [],
    options: {},
    trace: 'state',
    ...overrides,
  };
}

/** Pauses of clients (often longer than their one-second sessions) and clients cut off from every replica. */
export function clientFaultsArb(clients: number, replicas: readonly string[], until: number): fc.Arbitrary<ScheduledFault[]> {
  const client = fc.integer({ min: 1, max: clients }).map((i) => `c${i}`);
  const at = fc.integer({ min: 0, max: Math.floor(until / 1_000) - 1 }).map((ms) => ms * 1_000);
  const lasting = fc.integer({ min: 100, max: 2_500 }).map((ms) => ms * 1_000);
  const fault = fc.oneof(
    { weight: 3, arbitrary: fc.record({ at, fault: fc.record({ kind: fc.constant('pause' as const), node: client, resumeAfter: lasting }) }) },
    { weight: 1, arbitrary: fc.tuple(at, client, lasting).map(([t, c, healAfter]) => ({ at: t, fault: { kind: 'partition' as const, groups: [[c], [...replicas]], healAfter } })) },
  );
  return fc.array(fault, { maxLength: 3 });
}

/** Replica faults from the shared arbitraries plus client faults, in time order. */
export function recipeScheduleArb(clients: number, replicas: readonly string[], until: number): fc.Arbitrary<ScheduledFault[]> {
  return fc
    .tuple(scheduleArb({ replicas, until, maxFaults: 6 }), clientFaultsArb(clients, replicas, until))
    .map(([a, b]) => [...a, ...b].sort((x, y) => x.at - y.at));
}

/** Runs `plan`; fails with the violations and a scenario file that reproduces them. */
export function expectClean(plan: RunPlan): void {
  const r = run(plan, { keepTrace: 0 });
  if (r.verdict === 'ok') return;
  const problems = r.violations.map((v) => `  ${v.check}: ${v.message}`).join('\n');
  expect.fail(`seed ${plan.seed}: ${r.verdict}\n${problems}${r.verdict === 'unknown' ? ` (${r.reason})` : ''}\n\n${reproduction(plan)}`);
}

/** The violations a run finds with the named check. */
export function violationsOf(plan: RunPlan, check: string): readonly string[] {
  return run(plan, { keepTrace: 0 })
    .violations.filter((v) => v.check === check)
    .map((v) => v.message);
}

/** Property runs per recipe: a few dozen, so the five suites stay within half a minute. */
export const RUNS = 40;
export const PROPERTY_SEED = 20_260_501;
