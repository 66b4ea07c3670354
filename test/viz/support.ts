/**
 * Runs for the viewer's tests: real primary-backup runs (test/support/plans.ts), a violating one
 * made by corrupting one read in a real history and checking it again, and the report inputs
 * built from them.
 */
import type { HistoryOp } from '../../sim/history.js';
import type { TraceEvent } from '../../sim/trace.js';
import { checkHistory } from '../../scenarios/linearizable.js';
import type { RunPlan } from '../../scenarios/plan.js';
import type { RunResult } from '../../scenarios/result.js';
import { run } from '../../scenarios/run.js';
import type { ReportInput } from '../../viz/build.js';
import { EVERY_FAULT, pbPlan } from '../support/plans.js';

/** A primary-backup run under the random nemesis (every fault kind). */
export function pbRun(seed: number, overrides: Partial<RunPlan> = {}): RunResult {
  return run(pbPlan(seed, { nemesis: { script: [], random: EVERY_FAULT }, ...overrides }));
}

/** A 5-replica Raft run on the znode store under the random nemesis: role strips, terms, logs. */
export function raftRun(seed: number): RunResult {
  return run({
    ...pbPlan(seed),
    name: 'raft-viz',
    protocol: 'raft',
    replicas: 5,
    duration: 1_500_000,
    settle: { length: 500_000, grace: 200_000 },
    workload: { kind: 'znode', clients: 3, rate: 150, keys: 3, mix: { create: 3, get: 4, set: 3, delete: 2 }, timeout: 500_000 },
    nemesis: { script: [{ at: 700_000, fault: { kind: 'crash', node: 'leader', restartAfter: 200_000 } }], random: EVERY_FAULT },
    checks: [],
  });
}

/** A short run whose every event can be drawn at once (for exact mark counts). */
export function smallRun(seed: number): RunResult {
  return pbRun(seed, {
    duration: 400_000,
    settle: { length: 100_000, grace: 50_000 },
    workload: { kind: 'register', clients: 2, rate: 60, keys: 2, mix: { read: 2, write: 1, cas: 1 }, timeout: 100_000 },
    nemesis: {
      script: [
        { at: 150_000, fault: { kind: 'partition', groups: [['n1'], ['n2', 'n3']], healAfter: 80_000 } },
        { at: 260_000, fault: { kind: 'crash', node: 'n3', restartAfter: 60_000 } },
        { at: 280_000, fault: { kind: 'pause', node: 'n2', resumeAfter: 30_000 } },
      ],
    },
  });
}

/** A value no workload writes, so a read returning it cannot be linearized. */
export const IMPOSSIBLE = 987_654;

/**
 * The run with one `ok` read's result (the first after 100ms, or the last) replaced by a value
 * nobody wrote (in the history and in the trace's mirror of it), checked again: a violation with a
 * real counterexample.
 */
export function corrupted(result: RunResult, which: 'first' | 'last' = 'first'): { readonly result: RunResult; readonly op: number } {
  const reads = result.history.filter((op) => op.type === 'ok' && op.f === 'read' && op.value !== null && op.time > 100_000);
  const victim = which === 'first' ? reads[0] : reads[reads.length - 1];
  if (!victim) throw new Error('corrupted: the run has no ok read to corrupt');
  const history: HistoryOp[] = result.history.map((op) => (op === victim ? { ...op, value: IMPOSSIBLE } : op));
  const trace: TraceEvent[] = result.trace.map((e) => (e.kind === 'client.ok' && e['index'] === victim.index ? { ...e, value: IMPOSSIBLE } : e));
  const invoke = [...history].reverse().find((op) => op.type === 'invoke' && op.process === victim.process && op.index < victim.index) as HistoryOp;
  const lin = checkHistory(history, 'cas-register', 'linearizable');
  if (lin.kind !== 'violation') throw new Error(`corrupted: expected a violation, the checker said ${lin.kind}`);
  const base = { ...result, history, trace, violations: [lin.violation] };
  return { result: { ...base, verdict: 'violation' }, op: invoke.index };
}

/** The report input for a run, as the CLI would pass it. */
export function inputOf(result: RunResult, replayCommand = `ensemble run ${result.plan.name} --seed ${result.seed}`): ReportInput {
  return { ...result, replayCommand, ensembleVersion: '0.1.0-test' };
}
