/**
 * The znode model's `lookahead`: sequence numbers date nodes, so the search can rule out a
 * configuration long before it reaches the operation that no longer fits.
 *
 * Facts about a search's operations (those of one partition), whatever their order:
 * (F1) The cversion of a parent P that none of them can delete (no delete of P, alone or in a
 *      multi; and, if any close-session is among them, no ephemeral create that could make P)
 *      never decreases: once P exists it stays, and only adding or removing a child of P changes
 *      its cversion, by one each (a multi or a close-session counts one per child; the root's
 *      stays 0 when the model does not track it). It cannot wrap: that takes 2^31 children
 *      created or deleted, far more than a history has. So it is never negative, and a sequence
 *      suffix (`%010d`) is exactly ten digits.
 * (F2) So under such a P, a node N named `prefix` + ten digits v that none of the operations
 *      creates by its plain name (only sequential creates name it) comes into existence only by a
 *      sequential create while cversion(P) = v: once cversion(P) > v and N is absent, N never
 *      exists again.
 * (F3) A present node disappears only by a delete of its path (alone or in a multi) or by a
 *      close-session of its owner (which never changes while it exists).
 * (F4) Every operation that returned before `start[x]` is placed before x (the order's rules).
 *
 * A known-outcome operation x not yet placed comes after the current configuration in every
 * continuation. The configuration is hopeless (no valid continuation) when, for some such x:
 * (a) x is a sequential create that answered N (suffix v) under P of F1: x fits only while
 *     cversion(P) = v; known-outcome creates and deletes of children of P that answered success
 *     (each adds one to cversion(P) wherever it fits, P tracked) and returned before `start[x]`
 *     are placed before x (F4), so it is hopeless once cversion(P) plus the number of those not
 *     yet placed exceeds v (F1: nothing takes the counter back);
 * (b) x answered N present (get, set, delete, exists true, children listing N) with N as in F2:
 *     hopeless once N is absent and cversion(P) > v (F2);
 * (c) x answered N absent (exists false, NoNode from get, set or delete, children of N's parent
 *     not listing it, a plain create that succeeded): hopeless once N is present and none of the
 *     operations that could delete it (F3) is left to place.
 * Each test below is one of these, asked when its condition may have just become true: (a) and
 * (b) when cversion(P) moves past v or N goes, (c) when N appears. A test not asked only loses
 * pruning, never a valid order: every answer stands on the configuration alone.
 */
import type { Lookahead, TimedOps } from '../../model.js';
import { formatSequence, isValidPath, parentOf, probeOf } from './paths.js';
import type { ZNode, ZState } from './state.js';
import type { ZInput, ZResult, ZWrite } from './types.js';

/** How far above the counter (a) is asked, in sequence numbers: the pins most likely to bind. */
const AHEAD = 16;

const TEN_DIGITS = /^\d{10}$/;

/** Operations waiting at one counter value: `name` present (b), or none for a sequential create (a). */
interface Need {
  readonly op: number;
  readonly name: string | undefined;
}

/** What the lookahead knows about one parent of F1. */
interface Parent {
  /** By counter value v: the operations that need the counter at most v, or N present (a, b). */
  readonly needs: Map<number, Need[]>;
  /** By counter value v: sequential creates that answered it (a). */
  readonly pins: Map<number, number[]>;
  /** Known-outcome creates and deletes of children that answered success (a), sorted by return position. */
  bumpOp: Int32Array;
  bumpRet: Float64Array;
}

/** A children read (c): the paths it lists. */
interface ChildrenRead {
  readonly op: number;
  readonly names: ReadonlySet<string>;
}

/** The suffix value of a path ending in ten digits, or -1. */
function sequenceOf(path: string): number {
  const suffix = path.slice(-10);
  return path.length >= 11 && TEN_DIGITS.test(suffix) ? Number(suffix) : -1;
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [value]);
  else list.push(value);
}

function writesOf(input: ZInput): readonly ZWrite[] {
  return input.kind === 'multi' ? input.ops : input.kind === 'create' || input.kind === 'delete' ? [input] : [];
}

/**
 * The lookahead for one search, or undefined when nothing in it can be ruled out early.
 * `trackRoot`: whether the root's counter is kept (else creates under "/" do not move it).
 */
export function znodeLookahead(ops: TimedOps<ZInput, ZResult>, trackRoot: boolean): Lookahead<ZState> | undefined {
  const { inputs, outputs, start, ret } = ops;
  const n = inputs.length;
  // F1, F2, F3: what the operations can create and delete.
  const deleters = new Map<string, number[]>();
  const closers = new Map<string, number[]>();
  const plainCreated = new Set<string>();
  const ephemeralCreates: Extract<ZWrite, { kind: 'create' }>[] = [];
  for (let k = 0; k < n; k++) {
    const input = inputs[k] as ZInput;
    if (input.kind === 'close-session') push(closers, input.owner, k);
    for (const w of writesOf(input)) {
      if (w.kind === 'delete') push(deleters, w.path, k);
      if (w.kind !== 'create') continue;
      if (!w.sequential) plainCreated.add(w.path);
      if (w.ephemeral) ephemeralCreates.push(w);
    }
  }
  const mayBeEphemeral = (path: string): boolean =>
    ephemeralCreates.some((w) => (w.sequential ? path.length === w.path.length + 10 && path.startsWith(w.path) : path === w.path));
  const stable = new Map<string, boolean>();
  const isStable = (path: string): boolean => {
    let s = stable.get(path);
    if (s === undefined) {
      s = path === '/' || (!deleters.has(path) && !(closers.size > 0 && mayBeEphemeral(path)));
      stable.set(path, s);
    }
    return s;
  };

  const parents = new Map<string, Parent>();
  const parentOfCounter = (path: string): Parent | undefined => {
    if (!isStable(path)) return undefined;
    let p = parents.get(path);
    if (p === undefined) {
      p = { needs: new Map(), pins: new Map(), bumpOp: new Int32Array(0), bumpRet: new Float64Array(0) };
      parents.set(path, p);
    }
    return p;
  };
  const presentByName = new Map<string, number[]>();
  const absentByName = new Map<string, number[]>();
  const childrenReads = new Map<string, ChildrenRead[]>();
  const bumps = new Map<string, number[]>();

  /** (b): x answered `name` present. */
  const present = (x: number, name: string): void => {
    const v = sequenceOf(name);
    if (v < 0 || plainCreated.has(name)) return;
    const p = parentOfCounter(parentOf(name));
    if (p === undefined) return;
    push(p.needs, v, { op: x, name });
    push(presentByName, name, x);
  };
  /** (c): x answered `name` absent. */
  const absent = (x: number, name: string): void => {
    if (isValidPath(name) && name !== '/') push(absentByName, name, x);
  };

  for (let x = 0; x < n; x++) {
    const input = inputs[x] as ZInput;
    const out = outputs[x];
    if (out === undefined) continue;
    const noNode = out.error === 'NoNode';
    if (out.error !== undefined && !noNode) continue;
    switch (input.kind) {
      case 'create': {
        if (noNode) break;
        const parent = parentOf(probeOf(input.path, input.sequential));
        if (trackRoot || parent !== '/') push(bumps, parent, x);
        if (!input.sequential) {
          absent(x, input.path);
          break;
        }
        const name = out.path;
        if (name === undefined || name.length !== input.path.length + 10 || !name.startsWith(input.path)) break;
        const v = sequenceOf(name);
        const p = v < 0 ? undefined : parentOfCounter(parent);
        if (p === undefined) break;
        push(p.needs, v, { op: x, name: undefined });
        push(p.pins, v, x);
        break;
      }
      case 'delete':
        if (noNode) absent(x, input.path);
        else {
          present(x, input.path);
          const parent = parentOf(input.path);
          if (trackRoot || parent !== '/') push(bumps, parent, x);
        }
        break;
      case 'set':
      case 'get':
        if (noNode) absent(x, input.path);
        else present(x, input.path);
        break;
      case 'exists':
        if (out.exists === true) present(x, input.path);
        if (out.exists === false) absent(x, input.path);
        break;
      case 'children': {
        if (noNode || out.names === undefined || !isValidPath(input.path)) break;
        const base = input.path === '/' ? '' : input.path;
        const names = new Set(out.names.split('\u0000').filter((s) => s.length > 0).map((s) => `${base}/${s}`));
        for (const name of names) present(x, name);
        push(childrenReads, input.path, { op: x, names });
        break;
      }
      default:
        break;
    }
  }
  for (const [path, p] of parents) {
    if (p.pins.size === 0) continue;
    const sorted = (bumps.get(path) ?? []).sort((a, b) => (ret[a] as number) - (ret[b] as number));
    p.bumpOp = Int32Array.from(sorted);
    p.bumpRet = Float64Array.from(sorted, (x) => ret[x] as number);
  }
  if (parents.size === 0 && absentByName.size === 0 && childrenReads.size === 0) return undefined;

  const anyUnplaced = (list: readonly number[] | undefined, placed: Uint8Array): boolean => list !== undefined && list.some((j) => placed[j] === 0);

  /** (c) for a node that just appeared. */
  const appeared = (name: string, node: ZNode, placed: Uint8Array): boolean => {
    if (anyUnplaced(deleters.get(name), placed) || (node.owner !== null && anyUnplaced(closers.get(node.owner), placed))) return false;
    return anyUnplaced(absentByName.get(name), placed) || (childrenReads.get(parentOf(name)) ?? []).some((r) => placed[r.op] === 0 && !r.names.has(name));
  };

  /** (b) for a node that just went. */
  const went = (name: string, after: ZState, placed: Uint8Array): boolean => {
    if (!anyUnplaced(presentByName.get(name), placed)) return false;
    const parent = after.nodes.get(parentOf(name));
    return parent !== undefined && parent.cversion > sequenceOf(name);
  };

  /** Known-outcome successes under `p` not yet placed that returned in [from, to): each precedes an operation starting at `to`. */
  const unplacedBumps = (p: Parent, from: number, to: number, placed: Uint8Array): number => {
    let count = 0;
    for (let i = lowerBound(p.bumpRet, from); i < p.bumpRet.length && (p.bumpRet[i] as number) < to; i++) {
      if (placed[p.bumpOp[i] as number] === 0) count++;
    }
    return count;
  };

  /** (a) and (b) for a counter that moved from c0 to c1; `k` was just placed. */
  const moved = (p: Parent, c0: number, c1: number, after: ZState, k: number, placed: Uint8Array): boolean => {
    for (let v = c0; v < c1; v++) {
      for (const need of p.needs.get(v) ?? []) {
        if (placed[need.op] === 0 && (need.name === undefined || !after.nodes.has(need.name))) return true;
      }
    }
    if (p.bumpRet.length === 0) return false;
    // Every operation that returned before `start[k]` is placed (it preceded k), so counting from
    // there loses nothing; counting fewer would only be weaker.
    const from = start[k] as number;
    for (let v = c1; v < c1 + AHEAD; v++) {
      for (const x of p.pins.get(v) ?? []) {
        if (placed[x] === 0 && c1 + unplacedBumps(p, from, start[x] as number, placed) > v) return true;
      }
    }
    return false;
  };

  /** The tests a change to `path` (node `was` before, `is` after) may have made true. */
  const examine = (path: string, was: ZNode | undefined, is: ZNode | undefined, after: ZState, k: number, placed: Uint8Array): boolean => {
    if (was === is) return false;
    if (was === undefined) return appeared(path, is as ZNode, placed);
    if (is === undefined) return went(path, after, placed);
    const p = was.cversion < is.cversion ? parents.get(path) : undefined;
    return p !== undefined && moved(p, was.cversion, is.cversion, after, k, placed);
  };
  const at = (path: string, before: ZState, after: ZState, k: number, placed: Uint8Array): boolean =>
    examine(path, before.nodes.get(path), after.nodes.get(path), after, k, placed);

  return {
    hopeless(before, after, k, placed) {
      const input = inputs[k] as ZInput;
      switch (input.kind) {
        case 'create': {
          // The node it made (its name from the counter before) and its parent.
          const parent = parentOf(probeOf(input.path, input.sequential));
          const counter = before.nodes.get(parent)?.cversion;
          const name = !input.sequential ? input.path : counter === undefined ? undefined : input.path + formatSequence(counter);
          return (name !== undefined && at(name, before, after, k, placed)) || at(parent, before, after, k, placed);
        }
        case 'delete':
          return at(input.path, before, after, k, placed) || at(parentOf(input.path), before, after, k, placed);
        case 'multi':
        case 'close-session': {
          // Several nodes: compare the trees.
          for (const [path, node] of after.nodes) if (examine(path, before.nodes.get(path), node, after, k, placed)) return true;
          for (const [path, node] of before.nodes) if (!after.nodes.has(path) && examine(path, node, undefined, after, k, placed)) return true;
          return false;
        }
        default:
          // A set changes data and version only; nothing else changes the state.
          return false;
      }
    },
  };
}

/** The first index whose value is not below `x`. */
function lowerBound(sorted: Float64Array, x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((sorted[mid] as number) < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
