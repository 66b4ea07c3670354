/**
 * The search for one partition: Wing & Gong's depth-first search over the order of operations, with
 * Lowe's memo of (linearized set, model state) and Porcupine's entry list (call and return events in
 * time order, linked so that a linearized operation is lifted out in O(1)). It is resumable: `run`
 * does a bounded slice of work, so many partitions can be interleaved.
 *
 * Beyond the textbook search:
 * - An operation that cannot change any state (a read, a failed cas, an error answer) is committed
 *   without a choice point when it fits: if any order works from here, one that places it first
 *   works too, since it changes nothing and every operation that had to precede it already has.
 *   (Only for operations pure in every state: a write of the current value may matter later.)
 * - Unknown-outcome operations have no return event, and the search succeeds once every operation
 *   with a known outcome is placed (the rest took effect "later", which no one observed, or never).
 *   Among unknown-outcome operations with the same input, only the earliest-invoked unplaced one is
 *   tried: any order of interchangeable operations can be rearranged into that one.
 * - Constraints beyond real time (ZooKeeper mode) come as data: an operation's call entry sits at
 *   `start` instead of its invocation, and it waits for `after` to be placed first.
 */
import type { Process } from '../history.js';
import { zobristKeys } from '../hash.js';
import type { Model } from '../model.js';
import { LinearizedSet } from './bits.js';
import type { Restrictions } from './memo.js';
import { Memo } from './memo.js';

/**
 * The operations of one search as parallel arrays (no object per operation), sorted by `call`.
 * Entry `k` of every array describes operation `k`.
 */
export interface SearchOps<I, O> {
  readonly inputs: readonly I[];
  /** `undefined`: unknown outcome. */
  readonly outputs: readonly (O | undefined)[];
  /** Event positions of the invocation and the completion (`Infinity`: unknown outcome). */
  readonly call: Float64Array;
  readonly ret: Float64Array;
  /**
   * Where its call entry sits: it may be placed once every operation that returned before this
   * position is. `call` for linearizability; earlier for a ZooKeeper read.
   */
  readonly start: Float64Array;
  /** An operation that must be placed before this one, or -1. */
  readonly after: Int32Array;
  readonly process: readonly Process[];
  /** Unknown-outcome operations with the same key have the same effect and are interchangeable. */
  readonly symmetry: readonly (string | undefined)[];
  /** 1 when the operation, with its output, changes no state (see `Model.pure`). */
  readonly pure: Uint8Array;
  /** How the operation depends on the state (see `Model.stateUse`): `OBSERVES`, `BLIND` or `OVERWRITES`. */
  readonly use: Uint8Array;
}

/** `SearchOps.use`: validity depends on the state. */
export const OBSERVES = 0;
/** `SearchOps.use`: valid in every state. */
export const BLIND = 1;
/** `SearchOps.use`: valid in every state, and leaves the same state whatever the state before. */
export const OVERWRITES = 2;

export interface SearchLimits {
  /** Search steps (model steps plus backtracks) before giving up. */
  readonly maxSteps: number;
  /** Memo entries before giving up. */
  readonly maxMemo: number;
}

export type SearchStatus = 'running' | 'linearizable' | 'violation' | 'budget';

export class Search<S, I, O> {
  status: SearchStatus = 'running';
  steps = 0;
  private readonly head: number;
  private readonly next: Int32Array;
  private readonly prev: Int32Array;
  /** The previous interchangeable unknown-outcome operation, or -1. */
  private readonly symPrev: Int32Array;
  private readonly known: Uint8Array;
  private readonly zob: Int32Array;
  private readonly set: LinearizedSet;
  private readonly memo: Memo<S>;
  private readonly stack: Int32Array;
  private readonly stackStates: S[];
  private readonly stackHashes: Int32Array;
  private readonly stackCommitted: Uint8Array;
  private readonly stackPending: Uint8Array;
  private readonly stackRunStart: Int32Array;
  private depth = 0;
  /** The depth where the current run of unknown-outcome operations starts (after the last known-outcome one). */
  private runStart = 0;
  /** 1 while an unknown-outcome operation's change has not been observed yet. */
  private pending = 0;
  /** Which candidates the scan is trying: 0 known-outcome operations, then 1 unknown-outcome ones. */
  private phase = 0;
  private setHash = 0;
  private state: S;
  private stateHash: number;
  private remaining = 0;
  private cursor: number;
  private readonly best: Int32Array;
  private bestDepth = 0;
  /** The stack and `best` agree below this depth. */
  private divergence = 0;

  constructor(
    private readonly model: Model<S, I, O>,
    private readonly ops: SearchOps<I, O>,
    init: S,
    private readonly limits: SearchLimits,
  ) {
    const n = ops.inputs.length;
    // Odd, like a return entry: reaching it means nothing more can be placed here.
    this.head = 2 * n + 1;
    this.next = new Int32Array(2 * n + 2);
    this.prev = new Int32Array(2 * n + 2);
    this.symPrev = new Int32Array(n).fill(-1);
    this.known = new Uint8Array(n);
    this.zob = zobristKeys(n);
    const unknown: boolean[] = [];
    for (let k = 0; k < n; k++) {
      const isKnown = ops.outputs[k] !== undefined;
      this.known[k] = isKnown ? 1 : 0;
      unknown.push(!isKnown);
      if (isKnown) this.remaining++;
    }
    this.set = new LinearizedSet(unknown);
    this.memo = new Memo<S>(limits.maxMemo, (a, b) => model.equal(a, b));
    this.stack = new Int32Array(n);
    this.stackStates = new Array<S>(n);
    this.stackHashes = new Int32Array(n);
    this.stackCommitted = new Uint8Array(n);
    this.stackPending = new Uint8Array(n);
    this.stackRunStart = new Int32Array(n);
    this.best = new Int32Array(n);
    this.state = init;
    this.stateHash = model.hash(init) | 0;
    this.link();
    this.cursor = this.next[this.head] as number;
  }

  /** Does up to `slice` more steps; returns the status afterwards. */
  run(slice: number): SearchStatus {
    if (this.status !== 'running') return this.status;
    const { model, next, known, set, memo, symPrev, head } = this;
    const { inputs, outputs, pure, after, use } = this.ops;
    const limit = Math.min(this.steps + slice, this.limits.maxSteps);
    let e = this.cursor;
    for (;;) {
      if (this.remaining === 0) return (this.status = 'linearizable');
      if (this.steps >= limit) {
        this.cursor = e;
        if (this.steps >= this.limits.maxSteps) this.status = 'budget';
        return this.status;
      }
      if ((e & 1) === 0) {
        const k = e >> 1;
        if ((known[k] as number) + this.phase !== 1) {
          e = next[e] as number;
          continue;
        }
        const sp = symPrev[k] as number;
        const f = after[k] as number;
        const u = use[k] as number;
        if ((sp < 0 || set.has[sp] === 1) && (f < 0 || set.has[f] === 1) && !(u === OVERWRITES && this.pending === 1)) {
          this.steps++;
          const before = this.state;
          const stepped = model.step(before, inputs[k] as I, outputs[k]);
          const same = stepped === before;
          const hash = stepped === undefined || same ? this.stateHash : model.hash(stepped) | 0;
          // An unknown-outcome operation must change the state to one its run has not been in.
          if (stepped !== undefined && (known[k] === 1 || (!same && !this.revisits(stepped, hash)))) {
            const commit = same && pure[k] === 1;
            const pending = known[k] === 0 ? 1 : u === OBSERVES ? 0 : this.pending;
            this.mark(k);
            const added = memo.add(this.setHash, hash, set, stepped, this.restrictions(known[k] === 1, pending));
            if (added === 'added') {
              this.push(k, before, commit);
              if (known[k] === 1) this.runStart = this.depth;
              this.state = stepped;
              this.stateHash = hash;
              this.pending = pending;
              if (known[k] === 1) this.remaining--;
              this.lift(k);
              this.phase = 0;
              e = next[head] as number;
              continue;
            }
            this.unmark(k);
            if (added === 'full') {
              this.cursor = e;
              return (this.status = 'budget');
            }
            if (commit) {
              // The configuration with it placed is a dead end already explored, so this one is too.
              e = this.backtrack();
              if (e < 0) return (this.status = 'violation');
              continue;
            }
          }
        }
        e = next[e] as number;
      } else if (this.phase === 0) {
        // The return of an operation not yet placed (or the end): nothing more can go before it.
        // Now the unknown-outcome candidates, from the start.
        this.phase = 1;
        e = next[head] as number;
      } else {
        this.steps++;
        e = this.backtrack();
        if (e < 0) return (this.status = 'violation');
      }
    }
  }

  /** Memo entries so far. */
  get memoEntries(): number {
    return this.memo.size;
  }

  /** After a `linearizable` verdict: the order found (indices into `ops`; unknown-outcome operations left out never happened). */
  witness(): number[] {
    if (this.status !== 'linearizable') throw new Error('check: no witness without a linearizable verdict');
    return Array.from(this.stack.subarray(0, this.depth));
  }

  /** The longest sequence of operations (indices into `ops`) placed at any point of the search. */
  longestPrefix(): number[] {
    return Array.from(this.best.subarray(0, this.bestDepth));
  }

  /** Whether `state` is the current state or one the current run of unknown-outcome operations left. */
  private revisits(state: S, hash: number): boolean {
    const { model, stackStates, stackHashes } = this;
    if (hash === this.stateHash && model.equal(state, this.state)) return true;
    for (let d = this.runStart; d < this.depth; d++) {
      if (stackHashes[d] === hash && model.equal(state, stackStates[d] as S)) return true;
    }
    return false;
  }

  /** The restrictions after placing an operation here (known outcome or not) with this `pending`. */
  private restrictions(known: boolean, pending: number): Restrictions<S> | undefined {
    if (known) return pending === 0 ? undefined : { pending, states: [], hashes: [] };
    const states: S[] = [];
    const hashes: number[] = [];
    for (let d = this.runStart; d < this.depth; d++) {
      states.push(this.stackStates[d] as S);
      hashes.push(this.stackHashes[d] as number);
    }
    states.push(this.state);
    hashes.push(this.stateHash);
    return { pending, states, hashes };
  }

  private mark(k: number): void {
    this.set.add(k);
    this.setHash ^= this.zob[k] as number;
  }

  private unmark(k: number): void {
    this.set.remove(k);
    this.setHash ^= this.zob[k] as number;
  }

  private push(k: number, before: S, commit: boolean): void {
    const d = this.depth++;
    this.stack[d] = k;
    this.stackStates[d] = before;
    this.stackHashes[d] = this.stateHash;
    this.stackCommitted[d] = commit ? 1 : 0;
    this.stackPending[d] = this.pending;
    this.stackRunStart[d] = this.runStart;
    if (this.depth > this.bestDepth) {
      this.best.set(this.stack.subarray(this.divergence, this.depth), this.divergence);
      this.bestDepth = this.depth;
      this.divergence = this.depth;
    }
  }

  /** Undoes placements back to the last real choice; returns the entry to try next, or -1 when none is left. */
  private backtrack(): number {
    while (this.depth > 0) {
      const d = --this.depth;
      if (this.divergence > d) this.divergence = d;
      const k = this.stack[d] as number;
      this.unlift(k);
      this.unmark(k);
      if (this.known[k] === 1) this.remaining++;
      this.state = this.stackStates[d] as S;
      this.stackStates[d] = undefined as S;
      this.stateHash = this.stackHashes[d] as number;
      this.pending = this.stackPending[d] as number;
      this.runStart = this.stackRunStart[d] as number;
      if (this.stackCommitted[d] === 0) {
        this.phase = this.known[k] === 1 ? 0 : 1;
        return this.next[2 * k] as number;
      }
    }
    return -1;
  }

  private unlink(e: number): void {
    const p = this.prev[e] as number;
    const n = this.next[e] as number;
    this.next[p] = n;
    this.prev[n] = p;
  }

  private relink(e: number): void {
    this.next[this.prev[e] as number] = e;
    this.prev[this.next[e] as number] = e;
  }

  private lift(k: number): void {
    this.unlink(2 * k);
    if (this.known[k] === 1) this.unlink(2 * k + 1);
  }

  private unlift(k: number): void {
    if (this.known[k] === 1) this.relink(2 * k + 1);
    this.relink(2 * k);
  }

  /** Builds the entry list: call entries at `start`, return entries at `ret`, in time order. */
  private link(): void {
    const { start, ret, symmetry } = this.ops;
    const n = start.length;
    const timed: number[] = [];
    const lastOfSymmetry = new Map<string, number>();
    for (let k = 0; k < n; k++) {
      timed.push(2 * k);
      if (this.known[k] === 1) {
        timed.push(2 * k + 1);
        continue;
      }
      const key = symmetry[k];
      if (key === undefined) continue;
      const s = lastOfSymmetry.get(key);
      if (s !== undefined) this.symPrev[k] = s;
      lastOfSymmetry.set(key, k);
    }
    // Sort by position, calls before returns at the same position (such operations count as
    // concurrent), as numbers packed with the entry in a typed array: no comparator calls.
    const width = 2 * n + 2; // > every entry index
    const keys = new Float64Array(timed.length);
    for (let i = 0; i < timed.length; i++) {
      const e = timed[i] as number;
      const k = e >> 1;
      keys[i] = ((e & 1) === 0 ? (start[k] as number) * 2 + 2 : (ret[k] as number) * 2 + 3) * width + e;
    }
    keys.sort();
    let last = this.head;
    for (let i = 0; i < keys.length; i++) {
      const e = (keys[i] as number) % width;
      this.next[last] = e;
      this.prev[e] = last;
      last = e;
    }
    this.next[last] = this.head;
    this.prev[this.head] = last;
  }
}
