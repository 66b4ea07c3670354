/**
 * The values a kv history's ok gets read, per key, reduced for the two questions asked of them:
 * does a text occur in one (pruning), may a value begin one (the search, `Model.observable`).
 * Built by `compile` from the whole history, so a partition's questions see every get of its key.
 */
import { POLY_BASE } from '../hash.js';
import type { Operation } from '../history.js';

export class KvReads {
  private values: Map<string, string[]> | undefined;
  private readonly maximal = new Map<string, string[]>();

  /** `read(i)`: the value operation `i` read, if it is an ok get; asked on the first question. */
  constructor(
    private readonly ops: readonly Operation[],
    private readonly read: (i: number) => string | undefined,
  ) {}

  /** Whether `text` occurs in a value read from `key`: the maximal values joined by NUL, searched once. */
  occurs(key: string): (text: string) => boolean {
    const kept = this.maximalOf(key);
    if (kept.length === 0) return () => false;
    const joined = kept.join('\u0000');
    return (text) => (text.includes('\u0000') ? kept.some((v) => v.includes(text)) : joined.includes(text));
  }

  /**
   * Whether a value (its length and `polyHash`) may begin a value read from `key`: the prefix
   * hashes of the maximal values, compared. A hash collision only answers "may" wrongly.
   */
  mayBegin(key: string): (length: number, poly: number) => boolean {
    let tables: Int32Array[] | undefined;
    return (length, poly) => {
      tables ??= this.maximalOf(key).map(prefixHashes);
      for (const t of tables) if (length < t.length && t[length] === poly) return true;
      return false;
    };
  }

  /**
   * The values read from `key` that are not a prefix of another. With appends most values read
   * extend the one read before, so each is compared with the longest kept so far only: linear in
   * the values' length, and a few values stay.
   */
  private maximalOf(key: string): string[] {
    let kept = this.maximal.get(key);
    if (kept !== undefined) return kept;
    kept = [];
    let last = -1;
    for (const v of this.valuesOf(key)) {
      const current = last < 0 ? undefined : (kept[last] as string);
      if (current !== undefined && current.length >= v.length && current.startsWith(v)) continue;
      if (current !== undefined && v.startsWith(current)) kept[last] = v;
      else last = kept.push(v) - 1;
    }
    this.maximal.set(key, kept);
    return kept;
  }

  private valuesOf(key: string): readonly string[] {
    if (this.values === undefined) {
      const values = new Map<string, string[]>();
      this.ops.forEach((op, i) => {
        const v = this.read(i);
        if (v === undefined || op.key === undefined) return;
        const list = values.get(op.key);
        if (list === undefined) values.set(op.key, [v]);
        else list.push(v);
      });
      this.values = values;
    }
    return this.values.get(key) ?? [];
  }
}

/** `polyHash` of every prefix of `v`, by length. */
function prefixHashes(v: string): Int32Array {
  const table = new Int32Array(v.length + 1);
  let h = 0;
  for (let i = 0; i < v.length; i++) table[i + 1] = h = (Math.imul(h, POLY_BASE) + v.charCodeAt(i)) | 0;
  return table;
}
