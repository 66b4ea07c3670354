/**
 * Reference sequential models, written plainly and separately from the checker's (mutable state,
 * cloned per step, results as plain objects), and a brute-force checker that tries every order.
 * They are slow and obviously right: the fast checker must agree with them.
 */
import type { HistoryEvent, Operation } from '../../../sim/check/index.js';
import { pairOperations } from '../../../sim/check/index.js';

export interface RefModel<S> {
  readonly name: string;
  init(): S;
  /** The result `op` answers in `state` and the state after; `value` is the invocation's argument. */
  apply(state: S, f: string, key: string | undefined, value: unknown, process: number | string): { result: unknown; state: S };
  /** Whether a recorded result agrees with the model's. */
  same(recorded: unknown, actual: unknown, f: string): boolean;
  isRead(f: string): boolean;
}

const json = (v: unknown): string => JSON.stringify(v ?? null);

export const refCasRegister: RefModel<unknown> = {
  name: 'cas-register',
  init: () => null,
  apply(state, f, _key, value) {
    if (f === 'read') return { result: state, state };
    if (f === 'write') return { result: value, state: value };
    const [from, to] = value as [unknown, unknown];
    return json(state) === json(from) ? { result: true, state: to } : { result: false, state };
  },
  same(recorded, actual, f) {
    if (f === 'read') return json(recorded) === json(actual);
    if (f === 'cas') return (recorded === false) === (actual === false);
    return true;
  },
  isRead: (f) => f === 'read',
};

export const refKv: RefModel<ReadonlyMap<string, string>> = {
  name: 'kv',
  init: () => new Map(),
  apply(state, f, key, value) {
    const k = key as string;
    const cur = state.get(k) ?? '';
    if (f === 'get') return { result: cur, state };
    const next = new Map(state);
    next.set(k, f === 'put' ? (value as string) : cur + (value as string));
    return { result: value, state: next };
  },
  same: (recorded, actual, f) => f !== 'get' || (recorded ?? '') === actual,
  isRead: (f) => f === 'get',
};

interface RefNode {
  data: string;
  version: number;
  cversion: number;
  owner: string | null;
}

type Tree = ReadonlyMap<string, RefNode>;

const parent = (p: string): string => (p.lastIndexOf('/') <= 0 ? '/' : p.slice(0, p.lastIndexOf('/')));
const validPath = (p: string): boolean => p === '/' || (/^(\/[^/]+)+$/.test(p) && !p.split('/').some((c) => c === '.' || c === '..'));
const kids = (t: Tree, p: string): string[] => [...t.keys()].filter((q) => q !== '/' && parent(q) === p);
const seq = (n: number): string => String(n).padStart(10, '0');

/** One write against a mutable copy; returns its result (an object with `error` on failure). */
function zWrite(t: Map<string, RefNode>, op: Record<string, unknown>, owner: string): Record<string, unknown> {
  const path = op['path'] as string;
  const version = (op['version'] as number | undefined) ?? -1;
  const kind = op['op'];
  if (kind === 'create') {
    const mode = String(op['mode'] ?? 'persistent');
    const sequential = mode.endsWith('sequential');
    const probe = sequential ? `${path}0` : path;
    if (!validPath(probe)) return { error: 'BadArguments' };
    if (probe === '/') return { error: 'NodeExists' };
    const par = t.get(parent(probe));
    if (!par) return { error: 'NoNode' };
    const name = sequential ? path + seq(par.cversion) : path;
    if (t.has(name)) return { error: 'NodeExists' };
    if (par.owner !== null) return { error: 'NoChildrenForEphemerals' };
    t.set(parent(probe), { ...par, cversion: par.cversion + 1 });
    t.set(name, { data: json(op['data']), version: 0, cversion: 0, owner: mode.startsWith('ephemeral') ? owner : null });
    return { path: name };
  }
  if (!validPath(path) || (kind === 'delete' && path === '/')) return { error: 'BadArguments' };
  const node = t.get(path);
  if (!node) return { error: 'NoNode' };
  if (version !== -1 && version !== node.version) return { error: 'BadVersion' };
  if (kind === 'set') {
    t.set(path, { ...node, data: json(op['data']), version: node.version + 1 });
    return { version: node.version + 1 };
  }
  if (kind === 'delete') {
    if (kids(t, path).length > 0) return { error: 'NotEmpty' };
    t.delete(path);
    const par = t.get(parent(path)) as RefNode;
    t.set(parent(path), { ...par, cversion: par.cversion + 1 });
  }
  return {};
}

export const refZnode: RefModel<Tree> = {
  name: 'znode',
  init: () => new Map([['/', { data: json(''), version: 0, cversion: 0, owner: null }]]),
  apply(state, f, key, value, process) {
    const v = (value ?? {}) as Record<string, unknown>;
    const path = (v['path'] as string | undefined) ?? key ?? '';
    const owner = json(v['session'] ?? process);
    const t = new Map(state);
    switch (f) {
      case 'get': {
        if (!validPath(path)) return { result: { error: 'BadArguments' }, state };
        const n = state.get(path);
        return { result: n ? { data: JSON.parse(n.data) as unknown, version: n.version } : { error: 'NoNode' }, state };
      }
      case 'exists': {
        if (!validPath(path)) return { result: { error: 'BadArguments' }, state };
        const n = state.get(path);
        return { result: n ? { exists: true, version: n.version } : { exists: false }, state };
      }
      case 'children':
        if (!validPath(path)) return { result: { error: 'BadArguments' }, state };
        return { result: state.has(path) ? { children: kids(state, path).map((p) => p.slice(p.lastIndexOf('/') + 1)).sort() } : { error: 'NoNode' }, state };
      case 'sync':
        return { result: validPath(path) ? {} : { error: 'BadArguments' }, state };
      case 'close-session': {
        for (const [p, n] of state) {
          if (n.owner === owner) {
            t.delete(p);
            const par = t.get(parent(p)) as RefNode;
            t.set(parent(p), { ...par, cversion: par.cversion + 1 });
          }
        }
        return { result: {}, state: t };
      }
      case 'multi': {
        const results: unknown[] = [];
        const ops = v['ops'] as Record<string, unknown>[];
        for (let i = 0; i < ops.length; i++) {
          const r = zWrite(t, ops[i] as Record<string, unknown>, owner);
          if (r['error'] !== undefined) return { result: { error: r['error'], index: i }, state };
          results.push(r);
        }
        return { result: { results }, state: t };
      }
      default: {
        const r = zWrite(t, { ...v, path, op: f }, owner);
        return { result: r, state: r['error'] === undefined ? t : state };
      }
    }
  },
  same: (recorded, actual) => canonical(recorded) === canonical(actual),
  isRead: (f) => f === 'get' || f === 'exists' || f === 'children',
};

/** JSON with sorted keys (result comparison must not depend on key order). */
export function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v !== null && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    return `{${Object.keys(o)
      .filter((k) => o[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical(o[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v ?? null);
}

/**
 * Tries every order: each operation with a known outcome placed exactly once, each unknown one
 * placed at most once, every placement after all operations that must precede it, every result as
 * the model answers. `zookeeper`: a read (model `isRead`) must follow only its process's earlier
 * completed operations; a write must follow everything that returned before it was invoked.
 */
export function bruteForce<S>(model: RefModel<S>, events: readonly HistoryEvent[], zookeeper = false): boolean {
  const ops = pairOperations(events).operations;
  const n = ops.length;
  const precedes = (a: Operation, b: Operation): boolean => {
    if (a.outcome === 'info') return false;
    if (!zookeeper || !(b.outcome === 'ok' && model.isRead(b.f))) return a.ret < b.call;
    return a.process === b.process && a.call < b.call;
  };
  const preds = ops.map((b) => ops.filter((a) => a !== b && precedes(a, b)).map((a) => a.id));
  const placed = new Array<boolean>(n).fill(false);
  const known = ops.filter((op) => op.outcome === 'ok').length;
  const go = (state: S, placedKnown: number): boolean => {
    if (placedKnown === known) return true;
    for (const op of ops) {
      if (placed[op.id] || !(preds[op.id] as number[]).every((p) => placed[p])) continue;
      const { result, state: next } = model.apply(state, op.f, op.key, op.value, op.process);
      if (op.outcome === 'ok' && !model.same(op.result, result, op.f)) continue;
      placed[op.id] = true;
      const found = go(next, placedKnown + (op.outcome === 'ok' ? 1 : 0));
      placed[op.id] = false;
      if (found) return true;
    }
    return false;
  };
  return go(model.init(), 0);
}

/**
 * Why a checker's linearization is not a valid order of `events`, or undefined when it is: each
 * partition's order, replayed through the reference model from the initial state, gives every
 * recorded result and respects the precedence constraints between its operations; every
 * known-outcome operation is in exactly one order, and nothing that failed is in any.
 */
export function linearizationError<S>(
  model: RefModel<S>,
  events: readonly HistoryEvent[],
  linearization: readonly { readonly partition: string; readonly order: readonly number[] }[],
  zookeeper = false,
): string | undefined {
  const ops = pairOperations(events).operations;
  const byCall = new Map(ops.map((op) => [op.call, op]));
  const seen = new Set<number>();
  const precedes = (a: Operation, b: Operation): boolean => {
    if (a.outcome === 'info') return false;
    if (!zookeeper || !(b.outcome === 'ok' && model.isRead(b.f))) return a.ret < b.call;
    return a.process === b.process && a.call < b.call;
  };
  for (const { partition, order } of linearization) {
    let state = model.init();
    const placed: Operation[] = [];
    for (const call of order) {
      const op = byCall.get(call);
      if (op === undefined) return `${partition}: ${call} is no operation's invocation`;
      if (seen.has(call)) return `${partition}: operation at ${call} placed twice`;
      seen.add(call);
      const later = placed.find((a) => precedes(op, a));
      if (later) return `${partition}: ${op.f} at ${call} placed after ${later.f} at ${later.call}, which it precedes`;
      const { result, state: next } = model.apply(state, op.f, op.key, op.value, op.process);
      if (op.outcome === 'ok' && !model.same(op.result, result, op.f)) return `${partition}: ${op.f} at ${call} returned ${JSON.stringify(op.result)}, the order gives ${JSON.stringify(result)}`;
      state = next;
      placed.push(op);
    }
  }
  const missing = ops.find((op) => op.outcome === 'ok' && !seen.has(op.call));
  return missing ? `${missing.f} at ${missing.call} (ok) is in no order` : undefined;
}
