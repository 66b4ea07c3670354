/**
 * Unknown-outcome register operations that cannot matter (`Model.prunable` of `register` and
 * `cas-register`).
 *
 * Rule. Let O, the *observed* values, be the least set that holds the value of every ok read, the
 * `from` of every cas that succeeded, and the `from` of every unknown-outcome cas that is kept.
 * An unknown-outcome `write v` or `cas [a b]` is left out when
 *   (1) it never changes the state (`cas [a a]`), or
 *   (2) the value it writes (v or b) is not in O, and every cas that answered "not equal" (an ok
 *       whose value is `false`) returned before it was invoked.
 * O depends on the kept cas, so this is a fixpoint: leaving out a `cas [a b]` takes `a` out of O,
 * which can let writes of `a` go too. We compute the least O (the most operations left out) as a
 * closure: start from the ok reads and cas, and each value that enters O keeps every unknown
 * writer of that value, whose `from` (if a cas) enters O in turn.
 *
 * Soundness. Leaving out unknown-outcome operations never makes a history less linearizable (they
 * may "never happen"), so only one direction needs proof: if L is a valid order of the whole
 * partition, then L' = L without the dropped operations D is valid. Follow the states s (along L)
 * and s' (along L') side by side, at each kept operation. Invariant: s = s', or s ∉ O and some
 * dropped operation precedes this point in L.
 * - Start: s = s' = nil. Nil is no special case: it is in O exactly when something observes it.
 * - A dropped operation (present in L only): it leaves s unchanged, or sets it to a value ∉ O.
 * - A write (kept, any outcome): both become v.
 * - An ok read of r: in L, s = r ∈ O, so the second case is impossible and s' = s: it fits L'.
 * - A cas that succeeded: s = a ∈ O, so s' = s; both become b.
 * - A cas that answered "not equal": by (2) every dropped operation was invoked after it returned,
 *   so none precedes it in L (nor in any order: an operation takes effect after its invocation,
 *   and this cas before its return). Hence s' = s: it fits L'. (Without this condition, dropping
 *   `write 5` breaks "cas [nil 1] → not equal".)
 * - A kept unknown-outcome cas [a b]: a ∈ O by the closure. If s = s', both agree. Otherwise s ∉ O,
 *   so s ≠ a and it changed nothing in L; in L' it may take effect (its outcome is unknown, any
 *   effect is allowed) and s' becomes b or stays: the invariant's second case still holds.
 * Every kept operation with a known outcome fits L', and L' keeps L's order, so every real-time
 * (and ZooKeeper-mode) constraint among the kept operations still holds: L' is valid.
 * Several writes of one value: an observed value keeps every unknown writer of it, since an
 * observation may be explained by any of them.
 */
import type { Operation } from '../history.js';
import type { ModelOps } from '../model.js';
import { byKey } from './keys.js';
import type { RegisterInput, RegisterOutput } from './register.js';

export function prunableRegisterOps(members: readonly number[], ops: readonly Operation[], compiled: ModelOps<RegisterInput, RegisterOutput>): number[] {
  return byKey(members, ops).flatMap((group) => prunableOfOneRegister(group, ops, compiled));
}

function prunableOfOneRegister(members: readonly number[], ops: readonly Operation[], compiled: ModelOps<RegisterInput, RegisterOutput>): number[] {
  const { inputs, outputs } = compiled;
  const observed = new Set<number>();
  /** Unknown-outcome writers not (yet) kept, by the value they write. */
  const writers = new Map<number, number[]>();
  const candidates: number[] = [];
  /** The last return of a cas that answered "not equal". */
  let lastNotEqual = -Infinity;
  for (const i of members) {
    const input = inputs[i] as RegisterInput;
    const output = outputs[i];
    if (output !== undefined) {
      if (input.kind === 'read') observed.add(output);
      else if (input.kind === 'cas' && output === 1) observed.add(input.from);
      else if (input.kind === 'cas') lastNotEqual = Math.max(lastNotEqual, (ops[i] as Operation).ret);
    } else if (input.kind !== 'read') {
      candidates.push(i);
    }
  }
  const kept = new Set<number>();
  const queue = [...observed];
  const observe = (v: number): void => {
    if (observed.has(v)) return;
    observed.add(v);
    queue.push(v);
  };
  const keep = (i: number): void => {
    kept.add(i);
    const input = inputs[i] as RegisterInput;
    if (input.kind === 'cas') observe(input.from);
  };
  for (const i of candidates) {
    const input = inputs[i] as RegisterInput;
    if (input.kind === 'cas' && input.from === input.to) continue;
    if ((ops[i] as Operation).call < lastNotEqual) {
      keep(i);
      continue;
    }
    const value = input.kind === 'cas' ? input.to : input.kind === 'write' ? input.value : 0;
    const list = writers.get(value);
    if (list === undefined) writers.set(value, [i]);
    else list.push(i);
  }
  for (let v = queue.pop(); v !== undefined; v = queue.pop()) {
    const list = writers.get(v);
    if (list === undefined) continue;
    writers.delete(v);
    for (const i of list) keep(i);
  }
  return candidates.filter((i) => !kept.has(i));
}
