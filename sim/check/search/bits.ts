/**
 * The linearized set of a search, as bits. A snapshot (what the memo stores) keeps only the
 * *window* of words between the first word that is not all ones and the last word that is not
 * all zeros: everything below is linearized, everything above is not. Operations with a known
 * outcome must be linearized before they return, so their window spans only the operations that
 * overlap in time, and a snapshot costs O(concurrency), not O(history). Unknown-outcome operations
 * have no such bound, so they get their own window.
 */

const FULL = 0xffffffff;

/** One region of bits with a maintained window `[lo, hi]`. */
class Region {
  readonly words: Uint32Array;
  /** First word that is not all ones. */
  lo = 0;
  /** Last word that is not all zeros (-1: none). */
  hi = -1;

  constructor(bits: number) {
    this.words = new Uint32Array(Math.max(1, (bits + 31) >>> 5));
  }

  set(i: number): void {
    const w = i >>> 5;
    const words = this.words;
    words[w] = (words[w] as number) | (1 << (i & 31));
    if (w > this.hi) this.hi = w;
    if (w === this.lo) {
      let lo = w;
      while (lo < words.length && words[lo] === FULL) lo++;
      this.lo = lo;
    }
  }

  clear(i: number): void {
    const w = i >>> 5;
    const words = this.words;
    words[w] = (words[w] as number) & ~(1 << (i & 31));
    if (w < this.lo) this.lo = w;
    if (w === this.hi) {
      let hi = w;
      while (hi >= 0 && words[hi] === 0) hi--;
      this.hi = hi;
    }
  }

  /** Words a snapshot takes: lo, hi + 1, then the window. */
  size(): number {
    return 2 + Math.max(0, this.hi - this.lo + 1);
  }

  write(arena: Uint32Array, at: number): number {
    const { lo, hi, words } = this;
    arena[at] = lo;
    arena[at + 1] = hi + 1;
    let o = at + 2;
    for (let w = lo; w <= hi; w++) arena[o++] = words[w] as number;
    return o;
  }

  /** Offset after the snapshot at `at` when it equals this region, else -1. */
  matches(arena: Uint32Array, at: number): number {
    const { lo, hi, words } = this;
    if (arena[at] !== lo || arena[at + 1] !== hi + 1) return -1;
    let o = at + 2;
    for (let w = lo; w <= hi; w++) if (arena[o++] !== words[w]) return -1;
    return o;
  }
}

/** The set of linearized operations: known-outcome ones in one region, unknown-outcome ones in another. */
export class LinearizedSet {
  private readonly known: Region;
  private readonly unknown: Region;
  /** Bit index of each operation within its region; negative (`~index`) for the unknown region. */
  private readonly slot: Int32Array;
  readonly has: Uint8Array;

  /** `unknownOutcome[k]` says which region operation `k` belongs to. */
  constructor(unknownOutcome: readonly boolean[]) {
    const n = unknownOutcome.length;
    this.slot = new Int32Array(n);
    this.has = new Uint8Array(n);
    let a = 0;
    let b = 0;
    for (let k = 0; k < n; k++) this.slot[k] = unknownOutcome[k] ? ~b++ : a++;
    this.known = new Region(a);
    this.unknown = new Region(b);
  }

  add(k: number): void {
    this.has[k] = 1;
    const s = this.slot[k] as number;
    if (s >= 0) this.known.set(s);
    else this.unknown.set(~s);
  }

  remove(k: number): void {
    this.has[k] = 0;
    const s = this.slot[k] as number;
    if (s >= 0) this.known.clear(s);
    else this.unknown.clear(~s);
  }

  snapshotSize(): number {
    return this.known.size() + this.unknown.size();
  }

  writeSnapshot(arena: Uint32Array, at: number): void {
    this.unknown.write(arena, this.known.write(arena, at));
  }

  matchesSnapshot(arena: Uint32Array, at: number): boolean {
    const o = this.known.matches(arena, at);
    return o >= 0 && this.unknown.matches(arena, o) >= 0;
  }
}
