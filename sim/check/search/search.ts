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
 * - At each point, operations with a known outcome are tried first, unknown-outcome ones after
 *   (an order heuristic: it changes what is found first, never the verdict).
 * - Constraints beyond real time (ZooKeeper mode) come as data: an operation's call entry sits at
 *   `start` instead of its invocation, and it waits for `after` to be placed first.
 * - After a step that changes the state, the model may look further (`Model.lookahead`) and
 *   declare the configuration hopeless: it has no valid continuation at all. The step is then
 *   treated as one that does not fit, and the configuration is not stored. No valid order, lean
 *   or not, passes through such a configuration, so none is lost; and the memo still holds only
 *   configurations explored without success (or on the current path).
 *
 * Unknown-outcome operations: the lean normal form. Removing unknown-outcome operations from a
 * valid order never breaks a constraint (none has to precede anything: they never return, and take
 * no part in program order), so every linearizable partition has a *lean* valid order: one from
 * which no set of unknown-outcome operations can be removed with the order staying valid. In a
 * lean order, with `Model.stateUse`'s classes (`observes`: whether it fits depends on the state;
 * `blind`: fits every state, as every unknown-outcome operation does; `overwrites`: blind, and the
 * state after it is the same whatever the state before):
 *   (1) every unknown-outcome operation changes the state (else remove it);
 *   (2) after an unknown-outcome operation X, the first operation that is not blind observes: it
 *       is neither an overwrite nor missing (else remove X: what lies between fits every state,
 *       and the overwrite, or the end, makes the rest as before);
 *   (3) where `Model.revisits`, no run of consecutive unknown-outcome operations returns to a state
 *       it has been in, counting the state before it (else remove the ops of the round trip);
 *   (4) while (2) waits for its observer, the state passes `Model.observable`: only blind
 *       operations lie between it and a state that observer accepts.
 * The search generates only orders with (1), (3), (4) and no overwrite while a change is pending
 * (from an unknown-outcome placement to the next `observes` one), which is all of (2) but its end
 * (the search stops once every known-outcome operation is placed).
 * So the set of continuations of a configuration depends on the pending flag and, for (3), on the
 * run's states; the memo stores both and reuses a result only for a configuration restricted at
 * least as much (memo.ts). Completeness: if a configuration, under its restrictions, has a valid
 * continuation obeying (1)–(4), the search does not report it failed. At a choice point, the
 * continuation's first step is tried (the lookahead cannot rule it out: the configuration after it
 * has a continuation) and the rest obeys the rules from there; an interchangeable
 * unknown-outcome operation swapped for the earliest changes no effect; when a pure operation P is
 * committed, move it first and remove from the rest, while any is, the unknown-outcome operations
 * that (1)–(3) then reject (each removal keeps the order valid and shortens it): (4) still holds
 * since it is a property of states, a change pending before P is observed by P or, P being blind,
 * by the same later observer behind blind operations only, and the run after P starts afresh. The
 * root's continuations include a lean order, so a linearizable partition is found linearizable.
 */
import { zobristKeys } from '../hash.js';
import type { Lookahead, Model, StateTest } from '../model.js';
import { LinearizedSet } from './bits.js';
import type { Restrictions } from './memo.js';
import { Memo } from './memo.js';
import type { SearchOps } from './ops.js';
import { OBSERVES, OVERWRITES } from './ops.js';

export type { SearchOps } from './ops.js';
export { BLIND, OBSERVES, OVERWRITES } from './ops.js';

export interface SearchLimits {
  /** Search steps (model steps plus backtracks) before giving up. */
  readonly maxSteps: number;
  /** Memo entries before giving up. */
  readonly maxMemo: number;
}

export type SearchStatus = 'running' | 'linearizable' | 'violation' | 'budget';

/** The restrictions after a known-outcome operation while a change is still unobserved. */
const PENDING: Restrictions<never> = { pending: 1, states: [], hashes: [] };

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
  /** `Model.observable` for these operations. */
  private readonly observable: StateTest<S> | undefined;
  /** Whether `pending` can matter here (something overwrites, or `observable` tests it). */
  private readonly tracksPending: boolean;
  /** `Model.revisits`. */
  private readonly noRevisits: boolean;
  /** `Model.lookahead` for these operations. */
  private readonly lookahead: Lookahead<S> | undefined;
  /** Whether there are unknown-outcome operations at all (else the scan has one phase). */
  private readonly anyUnknown: boolean;
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
    /** `Model.observable` for these operations. */
    observable?: StateTest<S>,
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
    this.observable = observable;
    this.tracksPending = observable !== undefined || ops.use.includes(OVERWRITES);
    this.noRevisits = model.revisits === true;
    this.lookahead = model.lookahead?.(ops);
    this.anyUnknown = unknown.includes(true);
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
    const { model, next, known, set, memo, symPrev, head, lookahead } = this;
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
        // (2): no overwrite while a change is pending.
        if ((sp < 0 || set.has[sp] === 1) && (f < 0 || set.has[f] === 1) && !(u === OVERWRITES && this.pending === 1)) {
          this.steps++;
          const before = this.state;
          const stepped = model.step(before, inputs[k] as I, outputs[k]);
          const same = stepped === before;
          const hash = stepped === undefined || same ? this.stateHash : model.hash(stepped) | 0;
          const pending = !this.tracksPending ? 0 : known[k] === 0 ? 1 : u === OBSERVES ? 0 : this.pending;
          // (1) and (3): an unknown-outcome operation changes the state, to one its run has not
          // been in; (4): a pending change stays observable.
          if (
            stepped !== undefined &&
            (known[k] === 1 || (!same && !(this.noRevisits && this.revisits(stepped, hash)))) &&
            (pending === 0 || this.observable === undefined || this.observable.accepts(stepped))
          ) {
            const commit = same && pure[k] === 1;
            this.mark(k);
            const added =
              !same && lookahead !== undefined && lookahead.hopeless(before, stepped, k, set.has)
                ? 'hopeless'
                : memo.add(this.setHash, hash, set, stepped, this.restrictions(known[k] === 1, pending));
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
      } else if (this.phase === 0 && this.anyUnknown) {
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
    if (known || !this.noRevisits) return pending === 0 ? undefined : PENDING;
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
