/**
 * ZooKeeper mode across partitions, the cheap way first: each partition's search found an order
 * (its witness). Put them together with the constraints that cross partitions (each process's
 * program order; every write after each operation that returned before the write was invoked) as
 * one graph. A witness is loosened first: its non-read operations stay in order, and each read
 * only has to stay after the last state-changing operation before it and before the next one
 * (reads change nothing, so between two changes they may go in any order). If the graph has no
 * cycle, any topological order is a valid order for the whole history: every partition sees the
 * same sequence of states as in its witness, and every constraint holds. A cycle proves nothing
 * (other witnesses might fit), so the caller then searches the whole history.
 */
import type { Operation, Process } from './history.js';
import type { Model } from './model.js';
import type { SearchOps } from './search/search.js';

export interface Witnessed {
  /** The partition's operations. */
  readonly ops: readonly Operation[];
  /** Indices into `ops`, in the order found. */
  readonly order: readonly number[];
  /** Per position of `order`: a read (free between state changes), and whether it changes the state. */
  readonly read: Uint8Array;
  readonly changes: Uint8Array;
}

/**
 * True when the witnesses and the cross-partition constraints fit one order. `isRead(op)` says
 * which operations may be ordered before earlier-returning operations (reads).
 */
export function witnessesMerge(parts: readonly Witnessed[], isRead: (op: Operation) => boolean): boolean {
  // Nodes: placed operations, then one node per event position that some edge goes through.
  const index = new Map<Operation, number>();
  const placed: Operation[] = [];
  for (const p of parts) {
    for (const k of p.order) {
      const op = p.ops[k] as Operation;
      index.set(op, placed.length);
      placed.push(op);
    }
  }
  const n = placed.length;
  // Real-time order of writes, through a chain of time points: a → T(a.ret) → … → T(b.call) → b
  // exactly when a returned before write b was invoked, with O(n) edges instead of O(n²).
  const positions = new Set<number>();
  for (const op of placed) {
    if (Number.isFinite(op.ret)) positions.add(op.ret);
    if (!isRead(op)) positions.add(op.call);
  }
  const times = [...positions].sort((a, b) => a - b);
  const timeNode = new Map<number, number>(times.map((t, i) => [t, n + i]));
  const total = n + times.length;
  const edges: number[][] = Array.from({ length: total }, () => []);
  const edge = (a: number, b: number): void => {
    (edges[a] as number[]).push(b);
  };
  for (const p of parts) {
    const node = (i: number): number => index.get(p.ops[p.order[i] as number] as Operation) as number;
    let lastOther = -1;
    let lastChange = -1;
    let pending: number[] = [];
    for (let i = 0; i < p.order.length; i++) {
      if (p.read[i] === 1) {
        if (lastChange >= 0) edge(node(lastChange), node(i));
        pending.push(i);
        continue;
      }
      if (lastOther >= 0) edge(node(lastOther), node(i));
      lastOther = i;
      if (p.changes[i] === 1) {
        for (const r of pending) edge(node(r), node(i));
        pending = [];
        lastChange = i;
      }
    }
  }
  for (let i = 1; i < times.length; i++) edge(n + i - 1, n + i);
  const lastKnown = new Map<Process, number>();
  const byCall = [...placed.keys()].sort((a, b) => (placed[a] as Operation).call - (placed[b] as Operation).call);
  for (const i of byCall) {
    const op = placed[i] as Operation;
    if (Number.isFinite(op.ret)) edge(i, timeNode.get(op.ret) as number);
    if (!isRead(op)) edge(timeNode.get(op.call) as number, i);
    if (op.outcome !== 'ok') continue;
    // Program order; for a write it is implied by real time, for a read it is the only constraint.
    const prev = lastKnown.get(op.process);
    if (prev !== undefined) edge(prev, i);
    lastKnown.set(op.process, i);
  }
  // Kahn's algorithm: every node comes out exactly when there is no cycle.
  const indegree = new Int32Array(total);
  for (const out of edges) for (const b of out) indegree[b] = (indegree[b] as number) + 1;
  const ready: number[] = [];
  for (let v = 0; v < total; v++) if (indegree[v] === 0) ready.push(v);
  let seen = 0;
  while (ready.length > 0) {
    const v = ready.pop() as number;
    seen++;
    for (const b of edges[v] as number[]) {
      indegree[b] = (indegree[b] as number) - 1;
      if (indegree[b] === 0) ready.push(b);
    }
  }
  return seen === total;
}

/**
 * Moves each read of a ZooKeeper-mode witness as late as it can go: to the last position where
 * the state is the one it read, before any operation that must follow it (a later operation of
 * its process, a write invoked after it returned, a read that did not return before it was
 * invoked). The search places a read as early as it fits; later is closer to where it happened,
 * which is what other partitions' orders expect. Returns the new order, valid for the partition
 * whenever `order` is, with which positions are reads and which change the state.
 */
export function slideReads<S, I, O>(
  model: Model<S, I, O>,
  ops: SearchOps<I, O>,
  order: readonly number[],
  init: S,
): { readonly order: number[]; readonly read: Uint8Array; readonly changes: Uint8Array } {
  const { inputs, outputs, process, call, ret } = ops;
  const isRead = (k: number): boolean => outputs[k] !== undefined && model.isRead(inputs[k] as I);
  const out = [...order];
  const m = out.length;
  // `states[i]`: the state after the operation at position i; `hashes` to compare them quickly.
  const states: S[] = [];
  const hashes = new Int32Array(m);
  let state = init;
  for (let i = 0; i < m; i++) {
    const k = out[i] as number;
    const next = model.step(state, inputs[k] as I, outputs[k]);
    if (next === undefined) throw new Error('check: a witness does not replay');
    state = next;
    states.push(state);
    hashes[i] = model.hash(state);
  }
  // Right to left, so a read can follow one of its process's later reads that has already moved.
  for (let i = m - 2; i >= 0; i--) {
    const r = out[i] as number;
    if (!isRead(r)) continue;
    const seen = states[i] as S;
    let target = i;
    for (let j = i + 1; j < m; j++) {
      const x = out[j] as number;
      if (process[x] === process[r] && outputs[x] !== undefined) break;
      // Reads keep their real-time order; a write invoked after the read returned must follow it.
      if (model.isRead(inputs[x] as I) ? (ret[x] as number) > (call[r] as number) : (call[x] as number) > (ret[r] as number)) break;
      if (hashes[j] === hashes[i] && (states[j] === seen || model.equal(states[j] as S, seen))) target = j;
    }
    if (target === i) continue;
    // Shift the operations in between one place left; the read takes the state it saw with it.
    for (let j = i; j < target; j++) {
      out[j] = out[j + 1] as number;
      states[j] = states[j + 1] as S;
      hashes[j] = hashes[j + 1] as number;
    }
    out[target] = r;
    states[target] = states[target - 1] as S;
    hashes[target] = hashes[target - 1] as number;
  }
  const read = new Uint8Array(m);
  const changes = new Uint8Array(m);
  let before = init;
  for (let i = 0; i < m; i++) {
    read[i] = isRead(out[i] as number) ? 1 : 0;
    const after = states[i] as S;
    changes[i] = after !== before && !model.equal(after, before) ? 1 : 0;
    before = after;
  }
  return { order: out, read, changes };
}
