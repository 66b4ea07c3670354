/**
 * The store against a tiny independent model: a map from path to { data, version } plus a child
 * counter per parent, written here from the ZooKeeper rules without reusing any store code.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Op } from '../../../protocols/store/index.js';
import { clientId, sessionId, StoreMachine, zxid } from '../../../protocols/store/index.js';

interface ModelNode {
  data: string;
  version: number;
  cversion: number;
}

class Model {
  readonly nodes = new Map<string, ModelNode>([['/', { data: '', version: 0, cversion: 0 }]]);

  apply(op: Op): unknown {
    switch (op.f) {
      case 'create': {
        const sequential = op.mode === 'persistent-sequential';
        const parent = this.nodes.get(parentPath(sequential ? `${op.path}x` : op.path));
        if (!sequential && this.nodes.has(op.path)) return { error: 'NodeExists' };
        if (parent === undefined) return { error: 'NoNode' };
        const path = sequential ? op.path + String(parent.cversion).padStart(10, '0') : op.path;
        if (this.nodes.has(path)) return { error: 'NodeExists' };
        parent.cversion++;
        this.nodes.set(path, { data: op.data, version: 0, cversion: 0 });
        return { path };
      }
      case 'set': {
        const node = this.nodes.get(op.path);
        if (node === undefined) return { error: 'NoNode' };
        if (op.version !== -1 && op.version !== node.version) return { error: 'BadVersion' };
        node.data = op.data;
        node.version++;
        return { version: node.version };
      }
      case 'delete': {
        if (op.path === '/') return { error: 'BadArguments' };
        const node = this.nodes.get(op.path);
        if (node === undefined) return { error: 'NoNode' };
        if (op.version !== -1 && op.version !== node.version) return { error: 'BadVersion' };
        if (this.childNames(op.path).length > 0) return { error: 'NotEmpty' };
        this.nodes.delete(op.path);
        (this.nodes.get(parentPath(op.path)) as ModelNode).cversion++;
        return {};
      }
      case 'get': {
        const node = this.nodes.get(op.path);
        return node === undefined ? { error: 'NoNode' } : { data: node.data, version: node.version };
      }
      case 'exists': {
        const node = this.nodes.get(op.path);
        return node === undefined ? { exists: false } : { exists: true, version: node.version };
      }
      case 'children':
        return this.nodes.has(op.path) ? { children: this.childNames(op.path) } : { error: 'NoNode' };
      default:
        throw new Error(`model does not cover ${op.f}`);
    }
  }

  /** Child names by scanning every path: slow and obviously right. */
  childNames(path: string): string[] {
    const prefix = path === '/' ? '/' : `${path}/`;
    return [...this.nodes.keys()]
      .filter((p) => p !== '/' && p.startsWith(prefix) && !p.slice(prefix.length).includes('/'))
      .map((p) => p.slice(prefix.length))
      .sort();
  }
}

function parentPath(path: string): string {
  const i = path.lastIndexOf('/');
  return i === 0 ? '/' : path.slice(0, i);
}

const path = fc.constantFrom('/', '/a', '/b', '/a/b', '/a/c', '/b/a', '/a/b/c');
const data = fc.constantFrom('', 'x', 'y', 'zz');
const version = fc.integer({ min: -1, max: 2 });
const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ f: fc.constant('create' as const), path, data, mode: fc.constantFrom('persistent' as const, 'persistent-sequential' as const) }) },
  { weight: 3, arbitrary: fc.record({ f: fc.constant('set' as const), path, data, version }) },
  { weight: 3, arbitrary: fc.record({ f: fc.constant('delete' as const), path, version }) },
  { weight: 2, arbitrary: fc.record({ f: fc.constant('get' as const), path }) },
  { weight: 1, arbitrary: fc.record({ f: fc.constant('exists' as const), path }) },
  { weight: 1, arbitrary: fc.record({ f: fc.constant('children' as const), path }) },
);

describe('store against a reference model', () => {
  it('agrees on every result of random create/set/delete/get/exists/children sequences', () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 150, size: 'max' }), (ops) => {
        const model = new Model();
        const machine = new StoreMachine();
        const session = sessionId(1);
        machine.apply({ kind: 'open-session', session, timeoutMs: 1000 }, zxid(1));
        ops.forEach((o, i) => {
          const applied = machine.apply({ kind: 'op', client: clientId('c'), seq: i, session, op: o }, zxid(i + 2));
          if (applied.response.kind !== 'op') throw new Error('expected an op response');
          const { stat: _stat, ...actual } = applied.response.result as { stat?: unknown };
          expect(actual, `op ${i}: ${JSON.stringify(o)}`).toEqual(model.apply(o));
        });
        const paths = [...model.nodes.keys()].sort();
        expect(machine.snapshot().nodes.map((n) => n.path)).toEqual(paths);
        for (const p of paths) {
          expect(machine.read({ f: 'get', path: p })).toMatchObject({ stat: { numChildren: model.childNames(p).length, cversion: model.nodes.get(p)?.cversion } });
        }
      }),
      { numRuns: 300 },
    );
  });
});
