/**
 * From a history to search problems: compile it for the model, leave out what cannot matter,
 * split it into partitions, and lay each partition out as the search reads it.
 */
import { canonicalJson } from './values.js';
import type { HistoryEvent, Operation, Process } from './history.js';
import { pairOperations } from './history.js';
import type { Model } from './model.js';
import { groupByAtoms } from './partition.js';
import type { SearchOps } from './search/search.js';
import { BLIND, OBSERVES, OVERWRITES } from './search/search.js';

/** A history ready to search: its operations and their model form, in invocation order. */
export interface Problem<I, O> {
  readonly ops: readonly Operation[];
  readonly inputs: readonly I[];
  readonly outputs: readonly (O | undefined)[];
  readonly unknownOps: number;
  readonly failedOps: number;
  /** Per operation: where its call entry sits (see `SearchOps.start`). */
  readonly start: Float64Array;
  /** Per operation: a ZooKeeper-mode read (ordered only by its process and its process's writes). */
  readonly zkRead: Uint8Array;
}

export function buildProblem<S, I, O>(model: Model<S, I, O>, history: readonly HistoryEvent[], zookeeper: boolean, file?: string): Problem<I, O> {
  const paired = pairOperations(history, file);
  const compiled = model.compile(paired.operations, file);
  let ops = paired.operations;
  let { inputs, outputs } = compiled;
  // An unknown-outcome read changes nothing and constrains nothing: leave it out.
  const drop = (i: number): boolean => outputs[i] === undefined && model.isRead(inputs[i] as I);
  if (ops.some((_, i) => drop(i))) {
    const keep = ops.map((_, i) => !drop(i));
    ops = ops.filter((_, i) => keep[i]);
    inputs = inputs.filter((_, i) => keep[i]);
    outputs = outputs.filter((_, i) => keep[i]);
  }
  const n = ops.length;
  // ZooKeeper mode: a read follows everything that returned before its process's last write was
  // invoked (that write follows them, and the read follows that write), and its process's
  // previous operation (`after`, per partition); nothing else has to precede it.
  const start = new Float64Array(n);
  const zkRead = new Uint8Array(n);
  const lastWrite = new Map<Process, number>();
  for (let i = 0; i < n; i++) {
    const op = ops[i] as Operation;
    const read = zookeeper && outputs[i] !== undefined && model.isRead(inputs[i] as I);
    zkRead[i] = read ? 1 : 0;
    start[i] = read ? (lastWrite.get(op.process) ?? -1) : op.call;
    if (!read && op.outcome === 'ok') lastWrite.set(op.process, op.call);
  }
  return {
    ops,
    inputs,
    outputs,
    unknownOps: paired.operations.filter((op) => op.outcome === 'info').length,
    failedOps: paired.failed,
    start,
    zkRead,
  };
}

/** The partitions of a problem: operation indices and a readable key per partition. */
export function partitionsOf<S, I, O>(model: Model<S, I, O>, problem: Problem<I, O>): { readonly key: string; readonly members: number[] }[] {
  const atoms = model.partition ? model.partition(problem.ops, problem) : problem.ops.map(() => '');
  return groupByAtoms(atoms).map((g) => ({
    key: g.atoms.length === 1 && g.atoms[0] === '' ? '(all)' : g.atoms.join(' '),
    members: g.members,
  }));
}

/**
 * Some of a problem's operations (indices, in invocation order) as the search reads them.
 * `realTime`: plain linearizability constraints even in ZooKeeper mode.
 */
export function searchOpsOf<S, I, O>(model: Model<S, I, O>, problem: Problem<I, O>, members: readonly number[], realTime = false): SearchOps<I, O> {
  const m = members.length;
  const inputs: I[] = [];
  const outputs: (O | undefined)[] = [];
  const process: Process[] = [];
  const symmetry: (string | undefined)[] = [];
  const call = new Float64Array(m);
  const ret = new Float64Array(m);
  const start = new Float64Array(m);
  const after = new Int32Array(m).fill(-1);
  const pure = new Uint8Array(m);
  const use = new Uint8Array(m);
  const previous = new Map<Process, number>();
  for (let k = 0; k < m; k++) {
    const i = members[k] as number;
    const op = problem.ops[i] as Operation;
    const input = problem.inputs[i] as I;
    const output = problem.outputs[i];
    inputs.push(input);
    outputs.push(output);
    process.push(op.process);
    call[k] = op.call;
    ret[k] = op.ret;
    const zk = !realTime && problem.zkRead[i] === 1;
    start[k] = zk ? (problem.start[i] as number) : op.call;
    if (zk) after[k] = previous.get(op.process) ?? -1;
    if (output !== undefined) previous.set(op.process, k);
    pure[k] = (model.pure ? model.pure(input, output) : model.isRead(input)) ? 1 : 0;
    const claimed = model.stateUse?.(input, output);
    // An unknown outcome fits every state whatever the model says (`Model.step`).
    use[k] = claimed === 'overwrites' ? OVERWRITES : output === undefined || claimed === 'blind' ? BLIND : OBSERVES;
    symmetry.push(output !== undefined ? undefined : model.symmetryKey ? model.symmetryKey(op) : canonicalJson([op.f, op.key ?? null, op.value]));
  }
  return { inputs, outputs, call, ret, start, after, process, symmetry, pure, use };
}
