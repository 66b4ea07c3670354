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
 * - ZooKeeper mode: reads carry no call event; a read becomes placeable as soon as its process's
 *   previous operation is placed (sequential consistency per process), while its return event still
 *   orders it before every write invoked after it returned.
 */
import type { Process } from '../history.js';
import { zobrist } from '../hash.js';
import type { Model } from '../model.js';
import { LinearizedSet } from './bits.js';
import { Memo } from './memo.js';

/** An operation as the search sees it, sorted by `call`. */
export interface SearchOp<I, O> {
  readonly input: I;
  /** `undefined`: unknown outcome. */
  readonly output: O | undefined;
  readonly call: number;
  /** `Infinity` when the outcome is unknown. */
  readonly ret: number;
  readonly process: Process;
  /** Unknown-outcome operations with the same key have the same effect and are interchangeable. */
  readonly symmetry: string | undefined;
  /** True when the operation, with this output, changes no state (see `Model.pure`). */
  readonly pure: boolean;
}

export interface SearchLimits {
  readonly zookeeper: boolean;
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
  /** ZooKeeper mode: the read that becomes placeable when this operation is placed, or -1. */
  private readonly chainNext: Int32Array;
  /** The previous interchangeable unknown-outcome operation, or -1. */
  private readonly symPrev: Int32Array;
  private readonly known: Uint8Array;
  private readonly pure: Uint8Array;
  private readonly zob: Int32Array;
  private readonly set: LinearizedSet;
  private readonly memo: Memo<S>;
  private readonly stack: Int32Array;
  private readonly stackStates: S[];
  private readonly stackHashes: Int32Array;
  private readonly stackSame: Uint8Array;
  private depth = 0;
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
    private readonly ops: readonly SearchOp<I, O>[],
    init: S,
    private readonly limits: SearchLimits,
  ) {
    const n = ops.length;
    this.head = 2 * n;
    this.next = new Int32Array(2 * n + 1);
    this.prev = new Int32Array(2 * n + 1);
    this.chainNext = new Int32Array(n).fill(-1);
    this.symPrev = new Int32Array(n).fill(-1);
    this.known = new Uint8Array(n);
    this.pure = new Uint8Array(n);
    this.zob = new Int32Array(n);
    const unknown: boolean[] = [];
    for (let k = 0; k < n; k++) {
      const op = ops[k] as SearchOp<I, O>;
      const isKnown = op.output !== undefined;
      this.known[k] = isKnown ? 1 : 0;
      this.pure[k] = op.pure ? 1 : 0;
      unknown.push(!isKnown);
      if (isKnown) this.remaining++;
      this.zob[k] = zobrist(k);
    }
    this.set = new LinearizedSet(unknown);
    this.memo = new Memo<S>(limits.maxMemo, (a, b) => model.equal(a, b));
    this.stack = new Int32Array(n);
    this.stackStates = new Array<S>(n);
    this.stackHashes = new Int32Array(n);
    this.stackSame = new Uint8Array(n);
    this.best = new Int32Array(n);
    this.state = init;
    this.stateHash = model.hash(init);
    this.link();
    this.cursor = this.next[this.head] as number;
  }

  /** Does up to `slice` more steps; returns the status afterwards. */
  run(slice: number): SearchStatus {
    if (this.status !== 'running') return this.status;
    const { model, ops, next, known, pure, set, memo, symPrev, head } = this;
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
        const sp = symPrev[k] as number;
        if (sp < 0 || set.has[sp] === 1) {
          this.steps++;
          const op = ops[k] as SearchOp<I, O>;
          const before = this.state;
          const after = model.step(before, op.input, op.output);
          if (after !== undefined) {
            const same = after === before;
            const hash = same ? this.stateHash : model.hash(after) | 0;
            const commit = same && pure[k] === 1;
            this.mark(k);
            const added = memo.add(this.setHash, hash, set, after);
            if (added === 'added') {
              this.push(k, before, commit);
              this.state = after;
              this.stateHash = hash;
              if (known[k] === 1) this.remaining--;
              this.lift(k);
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
      } else {
        // The return of an operation not yet placed: nothing more can go before it.
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

  /** The longest sequence of operations (indices into `ops`) placed at any point of the search. */
  longestPrefix(): number[] {
    return Array.from(this.best.subarray(0, this.bestDepth));
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
    this.stackSame[d] = commit ? 1 : 0;
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
      if (this.stackSame[d] === 0) return this.next[2 * k] as number;
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

  private insertFirst(e: number): void {
    const h = this.head;
    const first = this.next[h] as number;
    this.prev[e] = h;
    this.next[e] = first;
    this.prev[first] = e;
    this.next[h] = e;
  }

  private lift(k: number): void {
    this.unlink(2 * k);
    if (this.known[k] === 1) this.unlink(2 * k + 1);
    const c = this.chainNext[k] as number;
    if (c >= 0) this.insertFirst(2 * c);
  }

  private unlift(k: number): void {
    const c = this.chainNext[k] as number;
    if (c >= 0) this.unlink(2 * c);
    if (this.known[k] === 1) this.relink(2 * k + 1);
    this.relink(2 * k);
  }

  /** Builds the entry list (and, in ZooKeeper mode, the per-process read chains). */
  private link(): void {
    const { ops, model } = this;
    const zk = this.limits.zookeeper;
    const n = ops.length;
    const timed: number[] = [];
    const firstReads: number[] = [];
    const lastKnown = new Map<Process, number>();
    const lastOfSymmetry = new Map<string, number>();
    for (let k = 0; k < n; k++) {
      const op = ops[k] as SearchOp<I, O>;
      const isKnown = this.known[k] === 1;
      const isRead = zk && isKnown && model.isRead(op.input);
      if (isRead) {
        const p = lastKnown.get(op.process);
        if (p === undefined) firstReads.push(k);
        else this.chainNext[p] = k;
      } else {
        timed.push(2 * k);
      }
      if (isKnown) {
        timed.push(2 * k + 1);
        lastKnown.set(op.process, k);
      } else if (op.symmetry !== undefined) {
        const s = lastOfSymmetry.get(op.symmetry);
        if (s !== undefined) this.symPrev[k] = s;
        lastOfSymmetry.set(op.symmetry, k);
      }
    }
    // Sort by position, calls before returns at the same position (such operations count as
    // concurrent), as numbers packed with the entry in a typed array: no comparator calls.
    const width = 2 * n + 2;
    const keys = new Float64Array(timed.length);
    for (let i = 0; i < timed.length; i++) {
      const e = timed[i] as number;
      const op = ops[e >> 1] as SearchOp<I, O>;
      keys[i] = ((e & 1) === 0 ? op.call * 2 : op.ret * 2 + 1) * width + e;
    }
    keys.sort();
    let last = this.head;
    const order = firstReads.map((k) => 2 * k);
    for (let i = 0; i < keys.length; i++) order.push((keys[i] as number) % width);
    for (const e of order) {
      this.next[last] = e;
      this.prev[e] = last;
      last = e;
    }
    this.next[last] = this.head;
    this.prev[this.head] = last;
  }
}
