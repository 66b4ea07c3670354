/**
 * Unknown-outcome kv operations that cannot matter (`Model.prunable` of `kv`; one partition is one
 * key).
 *
 * Rule. An unknown-outcome `append ""` is left out (it never changes the state), and so is an
 * unknown-outcome `put w` or `append w` whose text w is not a substring of the value of any ok
 * get of the key. (With no ok get at all, every unknown-outcome operation goes.)
 *
 * Soundness. Leaving out unknown-outcome operations never makes a history less linearizable (they
 * may "never happen"); the other direction: let L be a valid order of the key's operations and L'
 * the same order without the dropped ones (the marks: their texts). Follow the values s (along L)
 * and s' (along L') at each kept operation. Invariant: s = s', or s contains a mark.
 * - Start: s = s' = "".
 * - A dropped put w makes s = w, a mark; a dropped append w makes s end with w. (`append ""`
 *   changes nothing.)
 * - A kept put (any outcome) sets both to the same value.
 * - A kept append u (any outcome): s + u and s' + u are equal if s = s', and s + u still contains
 *   the mark that s contains: appends only add at the end.
 * - An ok get of g: in L, s = g, and g contains no mark, so s' = s: it fits L'.
 * L' keeps L's order, so the real-time (and ZooKeeper-mode) constraints among kept operations
 * still hold: L' is valid. Marks are defined by the ok gets alone, which are never left out, so
 * leaving one operation out never makes another one prunable: one pass is the fixpoint.
 */
import type { Operation } from '../history.js';
import type { ModelOps } from '../model.js';
import type { KvInput, KvOutput } from './kv.js';
import type { KvReads } from './kv-reads.js';

export function prunableKvOps(members: readonly number[], ops: readonly Operation[], compiled: ModelOps<KvInput, KvOutput>, reads: KvReads): number[] {
  const { inputs, outputs } = compiled;
  const occurs = new Map<string, (text: string) => boolean>();
  return members.filter((i) => {
    const input = inputs[i] as KvInput;
    if (outputs[i] !== undefined || input.kind === 'get') return false;
    if (input.kind === 'append' && input.value.length === 0) return true;
    const key = (ops[i] as Operation).key ?? '';
    let seen = occurs.get(key);
    if (seen === undefined) occurs.set(key, (seen = reads.occurs(key)));
    return !seen(input.value);
  });
}
