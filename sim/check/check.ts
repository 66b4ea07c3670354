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
 * This condition is not local per key (ZooKeeper's sessions see one global prefix of the writes),
 * so after every partition passes on its own, the whole history is searched once more with the
 * partitions' states side by side (partition `*`).
 */
import { canonicalJson } from './values.js';
import { assertNever } from './errors.js';
import { buildCounterexample } from './counterexample.js';
import type { HistoryEvent, Operation } from './history.js';
import { pairOperations } from './history.js';
import type { Model, ModelOp } from './model.js';
import { resolveModel } from './models/index.js';
import { groupByAtoms } from './partition.js';
import { productModel } from './product.js';
import type { SearchOp, SearchStatus } from './search/search.js';
import { Search } from './search/search.js';
import type { CheckResult, Consistency, Counterexample, PartitionReport, PartitionVerdict } from './verdict.js';

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

interface Part<S, I, O> {
  readonly key: string;
  readonly ops: readonly Operation[];
  readonly searchOps: readonly SearchOp<I, O>[];
  readonly model: Model<S, I, O>;
  readonly init: () => S;
  search: Search<S, I, O> | undefined;
  verdict: PartitionVerdict;
  steps: number;
  memoEntries: number;
}

function runCheck<S, I, O>(model: Model<S, I, O>, history: readonly HistoryEvent[], options: CheckOptions): CheckResult {
  const consistency = options.consistency ?? 'linearizable';
  const zookeeper = consistency === 'zookeeper';
  const budget = { ...DEFAULT_BUDGET, ...(typeof options.budget === 'number' ? { steps: options.budget } : options.budget) };
  const slice = Math.max(1, options.slice ?? DEFAULT_SLICE);
  const paired = pairOperations(history, options.file);
  const compiled = model.compile(paired.operations, options.file);
  // An unknown-outcome read changes nothing and constrains nothing: leave it out.
  let ops = paired.operations;
  let modelOps = compiled;
  if (ops.some((op, i) => op.outcome === 'info' && model.isRead((compiled[i] as ModelOp<I, O>).input))) {
    const keep = (i: number): boolean => (ops[i] as Operation).outcome === 'ok' || !model.isRead((compiled[i] as ModelOp<I, O>).input);
    modelOps = compiled.filter((_, i) => keep(i));
    ops = ops.filter((_, i) => keep(i));
  }
  const searchOp = (i: number): SearchOp<I, O> => {
    const op = ops[i] as Operation;
    const m = modelOps[i] as ModelOp<I, O>;
    const known = op.outcome === 'ok';
    return {
      input: m.input,
      output: m.output,
      call: op.call,
      ret: op.ret,
      process: op.process,
      symmetry: known ? undefined : model.symmetryKey ? model.symmetryKey(op) : canonicalJson([op.f, op.key ?? null, op.value]),
      pure: model.pure ? model.pure(m.input, m.output) : model.isRead(m.input),
    };
  };
  const atoms = model.partition ? model.partition(ops, modelOps) : ops.map(() => '');
  const groups = groupByAtoms(atoms);
  let parts: Part<S, I, O>[] = groups.map((g) => ({
    key: g.atoms.length === 1 && g.atoms[0] === '' ? '(all)' : g.atoms.join(' '),
    ops: g.members.map((i) => ops[i] as Operation),
    searchOps: g.members.map(searchOp),
    model,
    init: () => model.init(),
    search: undefined,
    verdict: 'unchecked',
    steps: 0,
    memoEntries: 0,
  }));
  if (options.partitionOrder) {
    const order = options.partitionOrder(parts.map((p) => p.key));
    if (order.length !== parts.length || new Set(order).size !== parts.length || order.some((i) => parts[i] === undefined)) {
      throw new Error('check: partitionOrder must return a permutation of the partition indices');
    }
    parts = order.map((i) => parts[i] as Part<S, I, O>);
  }
  const common = () => {
    const reports: PartitionReport[] = all.map((p) => ({ key: p.key, ops: p.ops.length, verdict: p.verdict, steps: p.steps, memoEntries: p.memoEntries }));
    return {
      model: model.name,
      consistency,
      ops: ops.length,
      unknownOps: paired.operations.filter((op) => op.outcome === 'info').length,
      failedOps: paired.failed,
      partitions: reports,
      steps: reports.reduce((s, r) => s + r.steps, 0),
      memoEntries: reports.reduce((s, r) => s + r.memoEntries, 0),
    };
  };
  const all: Part<unknown, unknown, unknown>[] = [...(parts as Part<unknown, unknown, unknown>[])];
  const limits = { zookeeper, maxSteps: budget.steps, maxMemo: budget.memoEntries };

  const runAll = (live: Part<unknown, unknown, unknown>[]): { failed?: Part<unknown, unknown, unknown>; interrupted?: boolean } => {
    while (live.length > 0) {
      for (let i = 0; i < live.length; ) {
        if (options.shouldStop?.()) return { interrupted: true };
        const p = live[i] as Part<unknown, unknown, unknown>;
        p.search ??= new Search(p.model, p.searchOps, p.init(), limits);
        const status = p.search.run(slice);
        p.steps = p.search.steps;
        p.memoEntries = p.search.memoEntries;
        if (status === 'running') {
          i++;
          continue;
        }
        p.verdict = verdictOf(status);
        live.splice(i, 1);
        if (status === 'violation') return { failed: p };
        p.search = undefined; // free the memo
      }
    }
    return {};
  };

  const finish = (outcome: { failed?: Part<unknown, unknown, unknown>; interrupted?: boolean }): CheckResult | undefined => {
    if (outcome.failed) return { ...common(), verdict: 'not-linearizable', counterexample: counterexampleOf(outcome.failed, zookeeper) };
    if (outcome.interrupted) {
      return { ...common(), verdict: 'unknown', reason: 'interrupted', undecided: all.filter((p) => p.verdict === 'unchecked').map((p) => p.key) };
    }
    const undecided = all.filter((p) => p.verdict === 'unknown').map((p) => p.key);
    if (undecided.length > 0) return { ...common(), verdict: 'unknown', reason: 'budget', undecided };
    return undefined;
  };

  const first = finish(runAll([...all]));
  if (first) return first;
  if (zookeeper && parts.length > 1) {
    const labels = parts.map((p) => p.key);
    const product = productModel(model, labels);
    const partOf = new Map<Operation, number>();
    parts.forEach((p, index) => p.ops.forEach((op) => partOf.set(op, index)));
    const order = ops.map((_, i) => i);
    const cross: Part<unknown, unknown, unknown> = {
      key: '*',
      ops,
      searchOps: order.map((i) => {
        const s = searchOp(i);
        return { ...s, input: { part: partOf.get(ops[i] as Operation) as number, input: s.input } };
      }),
      model: product as Model<unknown, unknown, unknown>,
      init: () => product.init(),
      search: undefined,
      verdict: 'unchecked',
      steps: 0,
      memoEntries: 0,
    };
    all.push(cross);
    const second = finish(runAll([cross]));
    if (second) return second;
  }
  return { ...common(), verdict: 'linearizable' };
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

function counterexampleOf(p: Part<unknown, unknown, unknown>, zookeeper: boolean): Counterexample {
  return buildCounterexample({
    model: p.model,
    init: p.init(),
    key: p.key,
    ops: p.ops,
    searchOps: p.searchOps,
    prefix: p.search?.longestPrefix() ?? [],
    zookeeper,
  });
}
