import { describe, expect, it } from 'vitest';
import { IDLE, type WorkloadHost } from '../../../../protocols/store/client.js';
import { sessionId } from '../../../../protocols/store/ids.js';
import { type RecipeEnv, type RecipeGen, recipeWorkload } from '../../../../protocols/store/recipes/driver.js';
import { ordered } from '../../../../protocols/store/recipes/queue.js';
import { call, firstRole, sequenceOf, waitFor } from '../../../../protocols/store/recipes/steps.js';
import { Rng } from '../../../../sim/rng.js';
import type { WatchMessage } from '../../../../protocols/store/wire.js';

/** A host whose clock the test moves, recording the trace events the recipe emits. */
function host(): WorkloadHost & { clock: number; events: { kind: string; data: Record<string, unknown> }[] } {
  const h = { id: 'c2', clock: 0, events: [] as { kind: string; data: Record<string, unknown> }[], now: () => h.clock, trace: (kind: string, data: Record<string, unknown>) => h.events.push({ kind, data }) };
  return h;
}

describe('the recipe driver', () => {
  it('hands the client each operation, resumes with its result, idles through a wait and wakes on a watch', () => {
    const log: string[] = [];
    function* recipe(env: RecipeEnv): RecipeGen {
      log.push(`index ${env.index} of ${env.clients}`);
      const r = yield* call({ f: 'exists', path: '/x', watch: true });
      log.push(`exists ${JSON.stringify(r)}`);
      const woke = yield* waitFor(env, 1_000_000, { watch: true });
      log.push(`woke by ${woke.by} on ${woke.events.map((e) => e.path).join(',')}`);
      const lost = yield* call({ f: 'get', path: '/x' });
      log.push(`get ${JSON.stringify(lost)}`);
      env.emit('test.done', {});
    }
    const h = host();
    const w = recipeWorkload(recipe, { clients: 3, stopAt: 0, mutants: new Set() });
    w.bind!(h);
    w.sessionChanged!(sessionId(7));
    const rng = Rng.fromSeed(1);
    expect(w.next(rng, 'c2')).toEqual({ f: 'exists', key: '/x', value: { f: 'exists', path: '/x', watch: true } });
    w.observe!({ f: 'exists', path: '/x', watch: true }, { exists: false });
    expect(w.next(rng, 'c2')).toEqual({ f: IDLE, value: 1_000_000 });
    h.clock = 400_000;
    expect(w.next(rng, 'c2')).toEqual({ f: IDLE, value: 600_000 });
    const watch: WatchMessage = { kind: 'store.watch', session: sessionId(7), path: '/x', type: 'NodeCreated', zxid: 9 };
    w.watched!(watch);
    expect(w.next(rng, 'c2')).toEqual({ f: 'get', key: '/x', value: { f: 'get', path: '/x' } });
    w.unanswered!({ f: 'get', path: '/x' }, 'info');
    expect(w.next(rng, 'c2')).toBeUndefined();
    expect(log).toEqual(['index 1 of 3', 'exists {"exists":false}', 'woke by watch on /x', 'get undefined']);
    expect(h.events).toEqual([{ kind: 'recipe.test.done', data: {} }]);
  });

  it('ends a wait that asked for it when the session changes', () => {
    function* recipe(env: RecipeEnv): RecipeGen {
      const woke = yield* waitFor(env, 5_000_000, { session: true });
      env.emit('woke', { by: woke.by });
    }
    const h = host();
    const w = recipeWorkload(recipe, { clients: 1, stopAt: 0, mutants: new Set() });
    w.bind!(h);
    w.sessionChanged!(sessionId(3));
    expect(w.next(Rng.fromSeed(1), 'c2')?.f).toBe(IDLE);
    w.sessionChanged!(undefined);
    w.sessionChanged!(sessionId(9));
    expect(w.next(Rng.fromSeed(1), 'c2')).toBeUndefined();
    expect(h.events).toEqual([{ kind: 'recipe.woke', data: { by: 'session' } }]);
  });
});

describe('recipe steps', () => {
  it('reads the counter of a sequential name, and orders a queue by it (or by name, the L2 bug)', () => {
    expect(sequenceOf('c1.2-0000000042')).toBe(42);
    expect(sequenceOf('member')).toBeNaN();
    const queue = ['c3.1-0000000007', 'c1.4-0000000009', 'c2.2-0000000003', 'stray'];
    expect(ordered(queue, false)).toEqual(['c2.2-0000000003', 'c3.1-0000000007', 'c1.4-0000000009']);
    expect(ordered(queue, true)).toEqual(['c1.4-0000000009', 'c2.2-0000000003', 'c3.1-0000000007']);
  });

  it('splits clients between two roles by weight, each role getting one while there are enough', () => {
    const roles = (clients: number, a: number, b: number) =>
      Array.from({ length: clients }, (_, index) => (firstRole({ index, clients } as RecipeEnv, a, b) ? 'A' : 'B')).join('');
    expect(roles(6, 1, 2)).toBe('AABBBB');
    expect(roles(4, 1, 1)).toBe('AABB');
    expect(roles(3, 9, 1)).toBe('AAB');
    expect(roles(3, 1, 9)).toBe('ABB');
    expect(roles(1, 1, 1)).toBe('A');
    expect(roles(3, 0, 1)).toBe('BBB');
  });
});
