/**
 * The store service and client library end to end over Raft: session expiry reaches the history
 * (so the checker sees ephemeral nodes go), watches reach the client that set them, a retried
 * write is answered once, and ZooKeeper read mode is sequentially consistent but not linearizable.
 */
import { describe, expect, it } from 'vitest';
import { RAFT } from '../../../protocols/raft/index.js';
import { replicaFactory } from '../../../scenarios/build.js';
import { REGISTRY } from '../../../scenarios/registry.js';
import { storeClient } from '../../../protocols/store/client.js';
import type { Op } from '../../../protocols/store/ops.js';
import type { WatchMessage } from '../../../protocols/store/wire.js';
import type { OpSpec } from '../../../sim/client.js';
import { check } from '../../../sim/check/index.js';
import { constant, uniform } from '../../../sim/latency.js';
import { Rng } from '../../../sim/rng.js';
import { World } from '../../../sim/world.js';
import { run } from '../../../scenarios/run.js';
import { raftPlan, randomNemesis } from '../raft/plans.js';

/** A workload that issues the given operations in order, then stops. */
function script(ops: readonly (Op | 'close')[]) {
  let i = 0;
  return {
    next(): OpSpec | undefined {
      const op = ops[i++];
      if (op === undefined) return undefined;
      if (op === 'close') return { f: 'close-session' };
      return { f: op.f, ...('path' in op ? { key: op.path } : {}), value: op };
    },
  };
}

function scriptedWorld(clients: Record<string, readonly (Op | 'close')[]>, onWatch?: (client: string, w: WatchMessage) => void): World {
  const ids = ['n1', 'n2', 'n3'];
  const replica = replicaFactory(RAFT, { ids, options: {}, mutants: [] }, REGISTRY);
  return new World({
    seed: 7,
    replicas: ids.map((id) => ({ id, actor: replica })),
    clients: Object.entries(clients).map(([id, ops]) => ({
      id,
      actor: storeClient({
        workload: script(ops),
        timeout: 1_000_000,
        thinkTime: constant(50_000),
        rng: Rng.fromSeed(1).fork(id),
        ...(onWatch ? { onWatch: (w: WatchMessage) => onWatch(id, w) } : {}),
      }),
    })),
    network: { latency: uniform(1_000, 5_000) },
    trace: { level: 'state' },
  });
}

describe('store service over Raft', () => {
  it('delivers a one-shot data watch to the client that set it, once', () => {
    const events: string[] = [];
    const world = scriptedWorld(
      {
        c1: [{ f: 'create', path: '/w', data: 'a', mode: 'persistent' }, { f: 'get', path: '/w', watch: true }],
        c2: [{ f: 'exists', path: '/z' }, { f: 'exists', path: '/z' }, { f: 'exists', path: '/z' }, { f: 'exists', path: '/z' }, { f: 'set', path: '/w', data: 'b', version: -1 }, { f: 'set', path: '/w', data: 'c', version: -1 }],
      },
      (client, w) => events.push(`${client} ${w.type} ${w.path}`),
    );
    world.run(3_000_000);
    const results = world.history.ops.filter((o) => o.type !== 'invoke').map((o) => `${o.f}:${JSON.stringify(o.value)}`);
    expect(results.filter((r) => r.startsWith('set')).length).toBe(2);
    expect(events).toEqual(['c1 NodeDataChanged /w']);
    expect(check(world.history.ops, { model: 'znode' }).verdict).toBe('linearizable');
  });

  it('expires the session of a client that stops pinging; the history records it and stays linearizable', () => {
    const plan = raftPlan(11, {
      replicas: 3,
      duration: 6_000_000,
      workload: { kind: 'znode', clients: 3, rate: 150, keys: 2, mix: { create: 6, get: 3, exists: 2, children: 2, delete: 1 }, timeout: 500_000 },
      nemesis: { script: [{ at: 1_500_000, fault: { kind: 'pause', node: 'c1', resumeAfter: 3_000_000 } }] },
    });
    const r = run(plan);
    expect(r.violations).toEqual([]);
    const expiries = r.history.filter((o) => o.f === 'close-session');
    expect(expiries.map((o) => o.type)).toEqual(['invoke', 'ok']);
    const expired = (expiries[0]!.value as { session: number }).session;
    // The paused client's ephemeral nodes belonged to the expired session, and it carries on with a new one.
    const sessions = new Set(r.history.filter((o) => o.type === 'invoke' && o.process < 3 && o.f !== 'close-session').map((o) => (o.value as { session: number }).session));
    expect(sessions.has(expired)).toBe(true);
    expect(sessions.size).toBeGreaterThan(3);
  });

  it('closes a session on request: its ephemeral nodes go, and the client opens another', () => {
    const world = scriptedWorld({
      c1: [{ f: 'create', path: '/e', data: 'x', mode: 'ephemeral' }, 'close', { f: 'exists', path: '/e' }],
    });
    world.run(3_000_000);
    const done = world.history.ops.filter((o) => o.type === 'ok').map((o) => `${o.f}:${JSON.stringify(o.value)}`);
    expect(done).toEqual(['create:{"path":"/e"}', 'close-session:{}', 'exists:{"exists":false}']);
    expect(check(world.history.ops, { model: 'znode' }).verdict).toBe('linearizable');
  });

  it('ZooKeeper read mode is sequentially consistent under faults, and serves reads a linearizable check rejects', () => {
    let stale = 0;
    for (let seed = 3000; seed < 3030; seed++) {
      const plan = raftPlan(seed, {
        options: { store: { reads: 'zookeeper' } },
        nemesis: { script: [], random: randomNemesis() },
        network: { latency: uniform(1_000, 10_000), drop: 0.01, duplicate: 0.01, reorder: 0.02 },
      });
      const zk = run({ ...plan, consistency: 'zookeeper' }, { keepTrace: 0 });
      expect(zk.violations).toEqual([]);
      if (check(zk.history, { model: 'znode', consistency: 'linearizable' }).verdict === 'not-linearizable') stale++;
    }
    expect(stale).toBeGreaterThan(2);
  });
});
