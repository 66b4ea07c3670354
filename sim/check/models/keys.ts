/** Grouping by key, for models whose state is one value per key. */
import type { Operation } from '../history.js';

/** `members` (indices into `ops`) grouped by key (none = "", as the models partition), each group in the given order. */
export function byKey(members: readonly number[], ops: readonly Operation[]): number[][] {
  const first = members.length === 0 ? '' : ((ops[members[0] as number] as Operation).key ?? '');
  if (members.every((i) => ((ops[i] as Operation).key ?? '') === first)) return [[...members]];
  const groups = new Map<string, number[]>();
  for (const i of members) {
    const key = (ops[i] as Operation).key ?? '';
    const group = groups.get(key);
    if (group === undefined) groups.set(key, [i]);
    else group.push(i);
  }
  return [...groups.values()];
}
