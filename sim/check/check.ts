/**
 * The checker's entry point: pair the history, compile it for the model, split it into
 * independent partitions, and search them interleaved (a fixed slice of steps each, round-robin)
 * so one hard partition cannot starve the rest; stop at the first violation.
 *
 * ZooKeeper mode (`consistency: 'zookeeper'`) checks that one total order of the operations exists
 * in which the model's results hold, every write (model `isRead` false: create, set, delete, multi,
 * sync, close-session; put/append; write/cas) follows every operation that returned before the
 * write was invoked, and each process's operations keep their program order. So writes are
 * linearizable, a read may be stale but never goes back in time within its process and sees the
 * process's own writes (ZooKeeper's "sequential consistency per session"), and no read sees a
 * write invoked after the read returned. Unknown-outcome operations take no part in program order.
 * The condition is not local per key (a session sees one global prefix of the writes), so each
 * partition is searched with the constraints that other partitions impose on it statically (a
 * read follows whatever returned before its process's last write began), then the partitions'
 * orders are merged with the remaining cross-partition constraints (`merge.ts`); only when they
 * do not fit together is the whole history searched once more with the partitions' states side by
 * side (partition `*`), which can run out of budget on long histories (verdict `unknown`).
 */
import { assertNever } from './errors.js';
import { buildCounterexample } from './counterexample.js';
import type { HistoryEvent, Operation } from './history.js';
import type { Model } from './model.js';
import { resolveModel } from './models/index.js';
import type { Witnessed } from './merge.js';
import { slideReads, witnessesMerge } from './merge.js';
import type { Problem } from './problem.js';
import { buildProblem, partitionsOf, searchOpsOf } from './problem.js';
import { prunePartition } from './prune.js';
import { productModel } from './product.js';
import type { SearchLimits, SearchOps, SearchStatus } from './search/search.js';
import { BLIND, OVERWRITES, Search } from './search/search.js';
import type { CheckResult, Consistency, Linearization, PartitionReport, PartitionVerdict } from './verdict.js';

/** Work limits, per partition, counted in search steps and memo entries (never in time). */
export interface CheckBudget {
  /** Model steps plus backtracks per partition. Default 20,000,000. */
  readonly steps?: number;
  /** Memo entries per partition. Default 2,000,000. */
  readonly memoEntries?: number;
}

export interface CheckOptions {
  /** A registered model name (`register`, `cas-register`, `kv`, `znode`) or a model. */
  readonly model: string | Model;
  /** Default `linearizable`. */
  readonly consistency?: Consistency;
  /** Per-partition limits; a number is the step limit. */
  readonly budget?: CheckBudget | number;
  /** Steps a partition runs before the next one gets its turn. Default 2,000. */
  readonly slice?: number;
  /** Reorders the partitions (given their keys, returns a permutation of indices); for tests. */
  readonly partitionOrder?: (keys: readonly string[]) => readonly number[];
  /** Polled between slices; returning true ends the check with verdict `unknown` (reason `interrupted`). */
  readonly shouldStop?: () => boolean;
  /** Named in error messages. */
  readonly file?: string;
}

export const DEFAULT_BUDGET: Required<CheckBudget> = { steps: 20_000_000, memoEntries: 2_000_000 };
const DEFAULT_SLICE = 2_000;

/**
 * Checks a history. Throws `HistoryError` only for input the model cannot read; every outcome of
 * the check itself is a value.
 */
export function check(history: readonly HistoryEvent[], options: CheckOptions): CheckResult {
  const model = typeof options.model === 'string' ? resolveModel(options.model) : options.model;
  return runCheck(model, history, options);
}

/** One partition's search, resumable, and what it found. */
interface Part {
  readonly key: string;
  /** Indices into the problem's operations: those searched (see `prune.ts`). */
  readonly members: readonly number[];
  /** The partition's operations left out before the search. */
  readonly pruned: number;
  readonly ops: readonly Operation[];
  readonly searchOps: SearchOps<unknown, unknown>;
  readonly model: Model;
  /** ZooKeeper mode: try plain linearizability first (its order keeps real time and merges). */
  realTimeFirst: boolean;
  search: Search<unknown, unknown, unknown> | undefined;
  /** The order found (indices into `ops`), once linearizable. */
  order: readonly number[] | undefined;
  /** ZooKeeper mode: the order found, reads slid for the cross-partition merge. */
  witness: Omit<Witnessed, 'ops'> | undefined;
  verdict: PartitionVerdict;
  steps: number;
  memoEntries: number;
  /** Work of a finished first attempt. */
  stepsBefore: number;
  memoBefore: number;
}

function runCheck<S, I, O>(typed: Model<S, I, O>, history: readonly HistoryEvent[], options: CheckOptions): CheckResult {
  const model = typed as unknown as Model;
  const consistency = options.consistency ?? 'linearizable';
  const zookeeper = consistency === 'zookeeper';
  const budget = { ...DEFAULT_BUDGET, ...(typeof options.budget === 'number' ? { steps: options.budget } : options.budget) };
  const slice = Math.max(1, options.slice ?? DEFAULT_SLICE);
  const limits: SearchLimits = { maxSteps: budget.steps, maxMemo: budget.memoEntries };
  const problem = buildProblem(model, history, zookeeper, options.file);
  const part = (key: string, members: readonly number[], pruned: number, m: Model, searchOps: SearchOps<unknown, unknown>): Part => ({
    key,
    members,
    pruned,
    ops: members.map((i) => problem.ops[i] as Operation),
    searchOps,
    model: m,
    realTimeFirst: false,
    search: undefined,
    order: undefined,
    witness: undefined,
    verdict: 'unchecked',
    steps: 0,
    memoEntries: 0,
    stepsBefore: 0,
    memoBefore: 0,
  });
  let parts = partitionsOf(model, problem).map((g) => {
    const { kept, pruned } = prunePartition(model, problem, g.members);
    return { ...part(g.key, kept, pruned, model, searchOpsOf(model, problem, kept)), realTimeFirst: zookeeper };
  });
  if (options.partitionOrder) {
    const order = options.partitionOrder(parts.map((p) => p.key));
    if (order.length !== parts.length || new Set(order).size !== parts.length || order.some((i) => parts[i] === undefined)) {
      throw new Error('check: partitionOrder must return a permutation of the partition indices');
    }
    parts = order.map((i) => parts[i] as Part);
  }
  const all: Part[] = [...parts];

  const run = (live: Part[]): { readonly failed?: Part; readonly interrupted?: boolean } => {
    while (live.length > 0) {
      for (let i = 0; i < live.length; ) {
        if (options.shouldStop?.()) return { interrupted: true };
        const p = live[i] as Part;
        if (p.search === undefined) {
          const observable = p.searchOps.outputs.includes(undefined) ? p.model.observable?.(p.ops) : undefined;
          p.search = p.realTimeFirst
            ? new Search(p.model, realTimeOps(p), p.model.init(), { ...limits, maxSteps: Math.min(budget.steps, 10 * p.ops.length + 10_000) }, observable)
            : new Search(p.model, p.searchOps, p.model.init(), limits, observable);
        }
        const status = p.search.run(slice);
        p.steps = p.stepsBefore + p.search.steps;
        p.memoEntries = p.memoBefore + p.search.memoEntries;
        if (status === 'running') {
          i++;
          continue;
        }
        if (p.realTimeFirst && status !== 'linearizable') {
          // Not linearizable (or not quickly): search with the ZooKeeper constraints instead.
          p.realTimeFirst = false;
          p.stepsBefore = p.steps;
          p.memoBefore = p.memoEntries;
          p.search = undefined;
          continue;
        }
        p.verdict = verdictOf(status);
        live.splice(i, 1);
        if (status === 'violation') return { failed: p };
        if (status === 'linearizable') {
          p.order = p.search.witness();
          if (zookeeper) p.witness = slideReads(p.model, p.searchOps, p.order, p.model.init());
        }
        p.search = undefined; // free the memo
      }
    }
    return {};
  };

  const finish = (outcome: { readonly failed?: Part; readonly interrupted?: boolean }): CheckResult | undefined => {
    const common = summary(model, consistency, problem, all);
    if (outcome.failed) return { ...common, verdict: 'not-linearizable', counterexample: counterexampleOf(outcome.failed) };
    if (outcome.interrupted) return { ...common, verdict: 'unknown', reason: 'interrupted', undecided: all.filter((p) => p.verdict === 'unchecked').map((p) => p.key) };
    const undecided = all.filter((p) => p.verdict === 'unknown').map((p) => p.key);
    return undecided.length > 0 ? { ...common, verdict: 'unknown', reason: 'budget', undecided } : undefined;
  };

  const first = finish(run([...all]));
  if (first) return first;
  if (zookeeper && parts.length > 1 && !merges(model, problem, parts)) {
    const product = productModel(model, parts.map((p) => p.key));
    const everything = parts.flatMap((p) => p.members).sort((a, b) => a - b);
    const partOf = new Int32Array(problem.ops.length);
    parts.forEach((p, index) => p.members.forEach((i) => (partOf[i] = index)));
    const base = searchOpsOf(model, problem, everything);
    // A write overwrites its partition's state, not the product's: it is only blind there.
    const use = base.use.map((u) => (u === OVERWRITES ? BLIND : u));
    // The operations every partition kept (what was left out stays out: the proofs hold for the
    // whole history's order just as for one partition's).
    const cross = part('*', everything, 0, product as unknown as Model, { ...base, use, inputs: base.inputs.map((input, k) => ({ part: partOf[everything[k] as number] as number, input })) });
    all.push(cross);
    const second = finish(run([cross]));
    if (second) return second;
    return { ...summary(model, consistency, problem, all), verdict: 'linearizable', linearization: [linearizationOf(cross)] };
  }
  return { ...summary(model, consistency, problem, all), verdict: 'linearizable', linearization: parts.map(linearizationOf) };
}

function linearizationOf(p: Part): Linearization {
  return { partition: p.key, order: (p.order ?? []).map((k) => (p.ops[k] as Operation).call) };
}

/** A partition's operations with plain linearizability constraints. */
function realTimeOps(p: Part): SearchOps<unknown, unknown> {
  return { ...p.searchOps, start: p.searchOps.call, after: new Int32Array(p.searchOps.after.length).fill(-1) };
}

function merges(model: Model, problem: Problem<unknown, unknown>, parts: readonly Part[]): boolean {
  const inputOf = new Map<Operation, unknown>(problem.ops.map((op, i) => [op, problem.inputs[i]]));
  const empty = { order: [], read: new Uint8Array(0), changes: new Uint8Array(0) };
  return witnessesMerge(
    parts.map((p) => ({ ...(p.witness ?? empty), ops: p.ops })),
    (op) => model.isRead(inputOf.get(op)),
  );
}

function summary(model: Model, consistency: Consistency, problem: Problem<unknown, unknown>, all: readonly Part[]) {
  const partitions: PartitionReport[] = all.map((p) => ({
    key: p.key,
    ops: p.ops.length + p.pruned,
    prunedOps: p.pruned,
    verdict: p.verdict,
    steps: p.steps,
    memoEntries: p.memoEntries,
  }));
  return {
    model: model.name,
    consistency,
    ops: problem.ops.length,
    unknownOps: problem.unknownOps,
    failedOps: problem.failedOps,
    prunedOps: all.reduce((sum, p) => sum + p.pruned, 0),
    partitions,
    steps: partitions.reduce((s, r) => s + r.steps, 0),
    memoEntries: partitions.reduce((s, r) => s + r.memoEntries, 0),
  };
}

function verdictOf(status: SearchStatus): PartitionVerdict {
  switch (status) {
    case 'linearizable':
      return 'linearizable';
    case 'violation':
      return 'not-linearizable';
    case 'budget':
      return 'unknown';
    case 'running':
      return 'unchecked';
    default:
      return assertNever(status);
  }
}

function counterexampleOf(p: Part) {
  return buildCounterexample({
    model: p.model,
    init: p.model.init(),
    key: p.key,
    ops: p.ops,
    searchOps: p.realTimeFirst ? realTimeOps(p) : p.searchOps,
    prefix: p.search?.longestPrefix() ?? [],
  });
}
