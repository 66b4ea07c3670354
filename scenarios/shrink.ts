import type { ScheduledFault } from '../sim/nemesis.js';
import type { RunPlan } from './plan.js';
import type { RunResult } from './result.js';
import { run } from './run.js';

export interface ShrinkOptions {
  /** At most this many runs (each a full simulation). Default 300. */
  readonly maxRuns?: number;
  /** Called after every trial run, for progress. */
  readonly onTrial?: (trials: number, faults: number, failed: boolean) => void;
}

export type ShrinkOutcome =
  | { readonly kind: 'not-reproduced'; readonly runs: number; readonly reason: string }
  | {
      readonly kind: 'shrunk';
      readonly plan: RunPlan;
      readonly result: RunResult;
      readonly runs: number;
      /** True when the run budget ran out before the search finished: smaller may exist. */
      readonly budgetExhausted: boolean;
      readonly from: { readonly faults: number; readonly clients: number; readonly duration: number; readonly ops: number };
    };

/**
 * Minimizes a failing run: its faults become a script (the random nemesis replaced by what it did),
 * delta debugging removes every fault the failure does not need, and then the workload is cut
 * (fewer clients, keys and operations, a shorter run) while the run still fails the same check.
 */
export function shrink(plan: RunPlan, applied: readonly ScheduledFault[], original: RunResult, options: ShrinkOptions = {}): ShrinkOutcome {
  const maxRuns = options.maxRuns ?? 300;
  const checks = new Set(original.violations.map((v) => v.check));
  let runs = 0;
  let last: RunResult | undefined;
  const fails = (candidate: RunPlan): boolean => {
    if (runs >= maxRuns) return false;
    runs++;
    const r = run(candidate, { keepTrace: 0 });
    const failed = r.violations.some((v) => checks.has(v.check));
    options.onTrial?.(runs, candidate.nemesis.script.length, failed);
    if (failed) last = r;
    return failed;
  };
  if (checks.size === 0) return { kind: 'not-reproduced', runs, reason: 'the run did not fail: nothing to shrink' };
  const withScript = (script: readonly ScheduledFault[], base: RunPlan = plan): RunPlan => ({ ...base, nemesis: { script: [...script] } });
  let best = withScript(applied);
  if (!fails(best)) {
    return { kind: 'not-reproduced', runs, reason: `the faults replayed as a script did not fail ${[...checks].join('/')} again (the random nemesis' timing mattered); try shrink on a run of a scripted scenario` };
  }
  let bestResult = last!;

  const faults = ddmin(applied, (subset) => fails(withScript(subset, best)));
  best = withScript(faults, best);
  bestResult = last ?? bestResult;

  // Then the workload and the run length, one knob at a time, keeping what still fails.
  const lastFault = faults.reduce((m, f) => Math.max(m, f.at), 0);
  const tries: ((p: RunPlan) => RunPlan | undefined)[] = [
    (p) => (p.workload.clients > 1 ? { ...p, workload: { ...p.workload, clients: Math.max(1, Math.floor(p.workload.clients / 2)) } } : undefined),
    (p) => (p.workload.keys > 1 ? { ...p, workload: { ...p.workload, keys: Math.max(1, Math.floor(p.workload.keys / 2)) } } : undefined),
    (p) => (p.duration / 2 > lastFault ? { ...p, duration: Math.round(p.duration / 2) } : undefined),
    (p) => (p.workload.rate > 1 ? { ...p, workload: { ...p.workload, rate: p.workload.rate / 2 } } : undefined),
  ];
  for (let progress = true; progress && runs < maxRuns; ) {
    progress = false;
    for (const t of tries) {
      const candidate = t(best);
      if (candidate && fails(candidate)) {
        best = candidate;
        bestResult = last!;
        progress = true;
      }
    }
  }
  return {
    kind: 'shrunk',
    plan: best,
    result: bestResult,
    runs,
    budgetExhausted: runs >= maxRuns,
    from: { faults: applied.length, clients: plan.workload.clients, duration: plan.duration, ops: original.stats.ops },
  };
}

/** Zeller's ddmin: a 1-minimal subsequence of `items` for which `test` still holds. */
export function ddmin<T>(items: readonly T[], test: (subset: readonly T[]) => boolean): T[] {
  let current = [...items];
  let n = 2;
  while (current.length >= 2) {
    const chunk = Math.ceil(current.length / n);
    let reduced = false;
    for (let i = 0; i < current.length; i += chunk) {
      const complement = [...current.slice(0, i), ...current.slice(i + chunk)];
      if (complement.length < current.length && test(complement)) {
        current = complement;
        n = Math.max(n - 1, 2);
        reduced = true;
        break;
      }
    }
    if (!reduced) {
      if (n >= current.length) break;
      n = Math.min(current.length, n * 2);
    }
  }
  if (current.length === 1 && test([])) return [];
  return current;
}
