/**
 * Lowe's memo of visited configurations (linearized set, model state), as an open-addressing hash
 * table keyed by a 32-bit hash: no string keys, no `Map` (which stops at 2^24 entries). Set
 * snapshots live in one growing `Uint32Array` arena.
 */
import type { LinearizedSet } from './bits.js';

/** What `add` did: stored the configuration, found it already stored, or refused (limit reached). */
export type MemoResult = 'added' | 'present' | 'full';

/**
 * What restricts a configuration's continuations beyond its set and state (see the search's
 * normal form): `pending` (1 restricts), and states the next unknown-outcome operations must not
 * lead back to (more restricts). A stored configuration that was explored with no more
 * restrictions than a new one covers it.
 */
export interface Restrictions<S> {
  readonly pending: number;
  readonly states: readonly S[];
  readonly hashes: readonly number[];
}

const MAX_RESTRICTED = (1 << 24) - 1;

export class Memo<S> {
  // Small to start with: most partitions are small; everything doubles as it fills.
  private table = new Int32Array(1 << 6);
  private mask = (1 << 6) - 1;
  private keys: Int32Array<ArrayBuffer> = new Int32Array(32);
  private stateHashes: Int32Array<ArrayBuffer> = new Int32Array(32);
  private offsets: Int32Array<ArrayBuffer> = new Int32Array(32);
  /** By entry, for the few entries stored with restrictions. */
  private readonly restrictions = new Map<number, Restrictions<S>>();
  private readonly states: S[] = [];
  private arena = new Uint32Array(1 << 8);
  private used = 0;
  size = 0;

  constructor(
    private readonly limit: number,
    private readonly equal: (a: S, b: S) => boolean,
  ) {}

  /**
   * Adds the configuration unless an equal one is present. `setHash` and `stateHash` must be the
   * hashes of `set` and `state`.
   */
  add(setHash: number, stateHash: number, set: LinearizedSet, state: S, restrictions?: Restrictions<S>): MemoResult {
    const key = (setHash ^ Math.imul(stateHash, 0x9e3779b1) ^ (stateHash >>> 15)) | 0;
    const { table, mask, keys, stateHashes, offsets, states, equal } = this;
    let i = key & mask;
    for (;;) {
      const slot = table[i] as number;
      if (slot === 0) break;
      const e = slot - 1;
      if (keys[e] === key && stateHashes[e] === stateHash && set.matchesSnapshot(this.arena, offsets[e] as number) && equal(states[e] as S, state)) {
        const stored = this.restrictions.get(e);
        if (stored === undefined || covers(stored, restrictions, equal)) return 'present';
        // Explored under more restrictions: explore again under these (no longer ones).
        if (restrictions === undefined) this.restrictions.delete(e);
        else this.restrictions.set(e, restrictions);
        return 'added';
      }
      i = (i + 1) & mask;
    }
    // (A `Map` holds at most 2^24 entries.)
    if (this.size >= this.limit || (restrictions !== undefined && this.restrictions.size >= MAX_RESTRICTED)) return 'full';
    const e = this.size++;
    if (e >= this.keys.length) this.growEntries();
    const need = set.snapshotSize();
    if (this.used + need > this.arena.length) this.growArena(need);
    this.keys[e] = key;
    this.stateHashes[e] = stateHash;
    this.offsets[e] = this.used;
    if (restrictions !== undefined) this.restrictions.set(e, restrictions);
    states.push(state);
    set.writeSnapshot(this.arena, this.used);
    this.used += need;
    table[i] = e + 1;
    if (this.size * 2 > table.length) this.rehash();
    return 'added';
  }

  private growEntries(): void {
    const grow = (a: Int32Array): Int32Array<ArrayBuffer> => {
      const b = new Int32Array(a.length * 2);
      b.set(a);
      return b;
    };
    this.keys = grow(this.keys);
    this.stateHashes = grow(this.stateHashes);
    this.offsets = grow(this.offsets);
  }

  private growArena(need: number): void {
    const b = new Uint32Array(Math.max(this.arena.length * 2, this.used + need));
    b.set(this.arena.subarray(0, this.used));
    this.arena = b;
  }

  private rehash(): void {
    const table = new Int32Array(this.table.length * 2);
    const mask = table.length - 1;
    for (let e = 0; e < this.size; e++) {
      let i = (this.keys[e] as number) & mask;
      while (table[i] !== 0) i = (i + 1) & mask;
      table[i] = e + 1;
    }
    this.table = table;
    this.mask = mask;
  }
}

/** Whether exploring under `stored` restrictions covers `fresh` ones: `stored` restricts no more. */
function covers<S>(stored: Restrictions<S>, fresh: Restrictions<S> | undefined, equal: (a: S, b: S) => boolean): boolean {
  if (fresh === undefined) return stored.pending === 0 && stored.states.length === 0;
  if (stored.pending > fresh.pending) return false;
  for (let i = 0; i < stored.states.length; i++) {
    let found = false;
    for (let j = 0; j < fresh.states.length && !found; j++) {
      found = stored.hashes[i] === fresh.hashes[j] && equal(stored.states[i] as S, fresh.states[j] as S);
    }
    if (!found) return false;
  }
  return true;
}
