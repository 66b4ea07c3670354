/**
 * The `znode` workload: random store operations over a few top-level nodes `/k0 … /k{n-1}` and
 * their children: creates in every mode (an ephemeral `/kX/e`, sequential `/kX/s-` and ephemeral
 * sequential `/kX/q-` children), reads, sets and deletes with an expected version (often the last
 * version this client saw, so compare-and-set both succeeds and fails), exists, children, multi
 * (kept inside one subtree) and sync. Each operation stays under one top-level node, so the
 * checker can check the subtrees apart.
 */
import type { OpSpec } from '../../sim/client.js';
import type { Rng } from '../../sim/rng.js';
import type { ObservingWorkload } from './client.js';
import { CLOSE_SESSION } from './client.js';
import type { CreateMode, Op, OpResult, SubOp } from './ops.js';

/** Relative weights of the operations, by the name a scenario's `mix` uses. */
export interface ZnodeMix {
  readonly create?: number;
  readonly get?: number;
  readonly set?: number;
  readonly delete?: number;
  readonly exists?: number;
  readonly children?: number;
  readonly multi?: number;
  readonly sync?: number;
  /** The client closes its session (and opens another): its ephemeral nodes go. */
  readonly close?: number;
}

export const ZNODE_OPS = ['create', 'get', 'set', 'delete', 'exists', 'children', 'multi', 'sync', 'close'] as const;

export const DEFAULT_ZNODE_MIX: Required<ZnodeMix> = { create: 3, get: 4, set: 3, delete: 2, exists: 1, children: 1, multi: 1, sync: 1, close: 0 };

export function znodeWorkload(keys: number, mix: ZnodeMix = DEFAULT_ZNODE_MIX): ObservingWorkload {
  const weights = ZNODE_OPS.map((f) => mix[f] ?? 0);
  const total = weights.reduce((a, b) => a + b, 0);
  if (!(total > 0)) throw new RangeError('znode workload: the mix gives no operation a positive weight');
  const versions = new Map<string, number>();
  /** Children this client knows of (it created them, or a `children` listed them), to delete. */
  const known: string[] = [];
  /** How many children each top-level node had when this client last looked: sequential creates stop at 8, so the tree stays small. */
  const childCounts = new Map<string, number>();
  const knownSet = new Set<string>();
  const remember = (path: string): void => {
    if (knownSet.has(path)) return;
    known.push(path);
    knownSet.add(path);
    if (known.length > 32) knownSet.delete(known.shift()!);
  };
  const forget = (path: string): void => {
    if (!knownSet.delete(path)) return;
    known.splice(known.indexOf(path), 1);
  };

  const version = (rng: Rng, path: string): number => {
    const r = rng.next();
    if (r < 0.35) return -1;
    const seen = versions.get(path);
    return seen !== undefined && r < 0.85 ? seen : rng.int(0, 3);
  };
  const data = (rng: Rng): string => String(rng.int(0, 9));

  const pick = (rng: Rng): (typeof ZNODE_OPS)[number] => {
    let r = rng.next() * total;
    for (let i = 0; i < ZNODE_OPS.length; i++) {
      r -= weights[i]!;
      if (r < 0) return ZNODE_OPS[i]!;
    }
    return ZNODE_OPS[ZNODE_OPS.length - 1]!;
  };

  const make = (rng: Rng): Op | typeof CLOSE_SESSION => {
    const top = `/k${rng.int(0, keys - 1)}`;
    const eph = `${top}/e`;
    switch (pick(rng)) {
      case 'create': {
        const r = (childCounts.get(top) ?? 0) >= 8 ? rng.next() * 0.7 : rng.next();
        const [path, mode]: [string, CreateMode] =
          r < 0.45 ? [top, 'persistent'] : r < 0.7 ? [eph, 'ephemeral'] : r < 0.85 ? [`${top}/s-`, 'persistent-sequential'] : [`${top}/q-`, 'ephemeral-sequential'];
        return { f: 'create', path, data: data(rng), mode };
      }
      case 'get':
        return { f: 'get', path: rng.chance(0.7) ? top : eph };
      case 'exists':
        return { f: 'exists', path: rng.chance(0.6) ? top : eph };
      case 'set': {
        const path = rng.chance(0.8) ? top : eph;
        return { f: 'set', path, data: data(rng), version: version(rng, path) };
      }
      case 'delete': {
        const mine = known.filter((p) => p.startsWith(`${top}/`));
        const r = rng.next();
        const path = r < 0.4 && mine.length > 0 ? rng.pick(mine) : r < 0.7 ? eph : top;
        return { f: 'delete', path, version: version(rng, path) };
      }
      case 'children':
        return { f: 'children', path: top };
      case 'multi': {
        const ops: SubOp[] = rng.chance(0.5)
          ? [
              { op: 'check', path: top, version: version(rng, top) },
              { op: 'set', path: top, data: data(rng), version: -1 },
            ]
          : [
              { op: 'create', path: `${top}/m`, data: data(rng), mode: 'persistent' },
              { op: 'set', path: top, data: data(rng), version: version(rng, top) },
              { op: 'delete', path: `${top}/m`, version: -1 },
            ];
        return { f: 'multi', ops };
      }
      case 'sync':
        return { f: 'sync', path: top };
      case 'close':
        return CLOSE_SESSION;
    }
  };

  return {
    next(rng: Rng): OpSpec {
      const op = make(rng);
      if (op === CLOSE_SESSION) return { f: CLOSE_SESSION };
      return { f: op.f, ...('path' in op ? { key: op.path } : {}), value: op };
    },
    observe(op: Op, result: OpResult): void {
      if (result.error !== undefined) {
        if (result.error === 'NoNode' && 'path' in op) {
          versions.delete(op.path);
          forget(op.path);
        }
        return;
      }
      if (op.f === 'get' && 'version' in result) versions.set(op.path, result.version);
      else if (op.f === 'set' && 'version' in result) versions.set(op.path, result.version);
      else if (op.f === 'create' && 'path' in result) {
        versions.set(result.path, 0);
        if (result.path !== op.path) remember(result.path);
      } else if (op.f === 'children' && 'children' in result) {
        childCounts.set(op.path, result.children.length);
        for (const name of result.children) if (name !== 'e' && name !== 'm') remember(`${op.path}/${name}`);
      } else if (op.f === 'delete') {
        versions.delete(op.path);
        forget(op.path);
      }
    },
  };
}
