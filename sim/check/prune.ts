/**
 * Leaving out, per partition and before the search, unknown-outcome operations that cannot
 * matter: the partition is linearizable with them exactly when it is without them.
 *
 * For every model: an unknown-outcome operation that changes no state whatever the state
 * (`Model.pure` with no output, e.g. znode `sync`) goes: leaving it out of any valid order leaves
 * every state the same. Beyond that, `Model.prunable` (register and kv: operations whose written
 * value no one observes; see `models/prune-*.ts` for the proofs). Only unknown-outcome operations
 * are ever left out, so the verdict's witness and counterexample are over the rest.
 */
import type { Operation } from './history.js';
import type { Model } from './model.js';
import type { Problem } from './problem.js';

/** A partition's members (indices into the problem's operations, in invocation order), split. */
export interface Pruned {
  readonly kept: number[];
  readonly pruned: number;
}

export function prunePartition<S, I, O>(model: Model<S, I, O>, problem: Problem<I, O>, members: readonly number[]): Pruned {
  const { inputs, outputs } = problem;
  const unknown = (i: number): boolean => outputs[i] === undefined;
  const out = new Set<number>();
  let any = false;
  for (const i of members) {
    if (!unknown(i)) continue;
    any = true;
    if (model.pure?.(inputs[i] as I, undefined) === true) out.add(i);
  }
  if (model.prunable && any) {
    for (const i of model.prunable(members, problem.ops as readonly Operation[], problem)) if (unknown(i)) out.add(i);
  }
  if (out.size === 0) return { kept: [...members], pruned: 0 };
  const kept = members.filter((i) => !out.has(i));
  return { kept, pruned: members.length - kept.length };
}
