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
import { byKey } from './keys.js';
import type { KvInput, KvOutput } from './kv.js';

export function prunableKvOps(members: readonly number[], ops: readonly Operation[], compiled: ModelOps<KvInput, KvOutput>): number[] {
  return byKey(members, ops).flatMap((group) => prunableOfOneKey(group, compiled));
}

function prunableOfOneKey(members: readonly number[], compiled: ModelOps<KvInput, KvOutput>): number[] {
  const { inputs, outputs } = compiled;
  const read = new Set<string>();
  const candidates: number[] = [];
  for (const i of members) {
    const input = inputs[i] as KvInput;
    const output = outputs[i];
    if (input.kind === 'get') {
      if (output !== undefined && output !== 0) read.add(output.value);
    } else if (output === undefined) {
      candidates.push(i);
    }
  }
  const seen = substrings([...read]);
  return candidates.filter((i) => {
    const input = inputs[i] as KvInput;
    if (input.kind === 'get') return false;
    return (input.kind === 'append' && input.value.length === 0) || !seen(input.value);
  });
}

/**
 * Whether a text occurs in any of `values`. A value that is a prefix of another adds nothing (with
 * appends, the values read grow by prefixes), and in sorted order a value's extensions directly
 * follow it; the rest are joined by NUL into one text to search.
 */
function substrings(values: string[]): (text: string) => boolean {
  if (values.length === 0) return () => false;
  values.sort();
  const maximal = values.filter((v, i) => i === values.length - 1 || !(values[i + 1] as string).startsWith(v));
  const joined = maximal.join('\u0000');
  return (text) => (text.includes('\u0000') ? maximal.some((v) => v.includes(text)) : joined.includes(text));
}
