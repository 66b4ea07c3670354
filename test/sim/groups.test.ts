/**
 * Named actor groups: membership and peers per group, clients bound to the group they serve,
 * actors that join and leave while the run goes on, replica state reports, and nemesis targets
 * chosen by group and by role.
 */
import { describe, expect, it } from 'vitest';
import { constant } from '../../sim/latency.js';
import { Nemesis } from '../../sim/nemesis.js';
import type { Actor, NodeContext } from '../../sim/node.js';
import { Rng } from '../../sim/rng.js';
import { SimConfigError } from '../../sim/errors.js';
import { type ClientContext, World } from '../../sim/world.js';
import { type Ping, type Received, recorder } from './helpers.js';

/** A replica that reports itself leader of era `era` when it starts (and a follower otherwise). */
const reporting =
  (leaderOf: Record<string, number>) =>
  (ctx: NodeContext): Actor => ({
    start() {
      const era = leaderOf[ctx.id];
      ctx.reportState(era === undefined ? { role: 'follower', era: 0, leader: null, commit: 0, applied: 0, last: 0 } : { role: 'leader', era, leader: ctx.id, commit: 0, applied: 0, last: 0 }, { votes: 3 });
    },
    message() {},
    timer() {},
  });

function world(log: Received[] = []): World {
  return new World({
    seed: 1,
    groups: [
      { name: 'replica', members: ['n1', 'n2', 'n3'].map((id) => ({ id, actor: reporting({ n2: 4, n3: 2 }) })) },
      { name: 'kubelet', members: ['kubelet-1', 'kubelet-2'].map((id) => ({ id, actor: recorder(log) })), serves: 'replica' },
    ],
    network: { latency: constant(1_000) },
    trace: { level: 'state' },
  });
}

describe('actor groups', () => {
  it('give each actor its group, its peers in that group, and a client its served group', () => {
    const seen: Record<string, unknown> = {};
    const w = new World({
      seed: 1,
      groups: [
        { name: 'replica', members: ['n1', 'n2'].map((id) => ({ id, actor: (ctx: NodeContext) => ((seen[id] = { group: ctx.group, peers: ctx.peers, kubelets: ctx.members('kubelet') }), { start() {}, message() {}, timer() {} }) })) },
        { name: 'kubelet', members: [{ id: 'k1', actor: (ctx: NodeContext) => ((seen['k1'] = { group: ctx.group, replicas: (ctx as ClientContext).replicas }), { start() {}, message() {}, timer() {} }) }], serves: 'replica' },
      ],
    });
    w.start();
    expect(seen).toEqual({
      n1: { group: 'replica', peers: ['n2'], kubelets: ['k1'] },
      n2: { group: 'replica', peers: ['n1'], kubelets: ['k1'] },
      k1: { group: 'kubelet', replicas: ['n1', 'n2'] },
    });
    expect(w.groupNames).toEqual(['replica', 'kubelet']);
    expect(w.groupOf('k1')).toBe('kubelet');
  });

  it('refuse a duplicate id, an unknown served group, and a spawn into an unknown group', () => {
    const actor = () => ({ start() {}, message() {}, timer() {} });
    expect(() => new World({ seed: 1, groups: [{ name: 'a', members: [{ id: 'x', actor }] }, { name: 'b', members: [{ id: 'x', actor }] }] })).toThrow("node id 'x' is used twice");
    expect(() => new World({ seed: 1, groups: [{ name: 'a', members: [{ id: 'x', actor }], serves: 'nobody' }] })).toThrow("serves unknown group 'nobody'");
    expect(() => world().spawn('pods', { id: 'p1', actor })).toThrow(SimConfigError);
  });

  it('let actors join and leave while the run goes on', () => {
    const log: Received[] = [];
    const w = world(log);
    w.run(10_000);
    const pings = (ctx: NodeContext<Ping>): Actor<Ping> => ({
      start() {
        for (const p of ctx.peers) ctx.send(p, { kind: 'ping', n: 1 });
      },
      message() {},
      timer() {},
    });
    w.spawn('kubelet', { id: 'kubelet-3', actor: pings });
    expect(w.members('kubelet')).toEqual(['kubelet-1', 'kubelet-2', 'kubelet-3']);
    w.run(20_000);
    expect(log.map((r) => `${r.node}<-${r.from}`).sort()).toEqual(['kubelet-1<-kubelet-3', 'kubelet-2<-kubelet-3']);
    w.remove('kubelet-1');
    expect(w.members('kubelet')).toEqual(['kubelet-2', 'kubelet-3']);
    expect(w.isUp('kubelet-1')).toBe(false);
    w.restart('kubelet-1');
    expect(w.isUp('kubelet-1')).toBe(false);
    expect(w.trace.events().filter((e) => e.kind === 'node.join' || e.kind === 'node.leave').map((e) => `${e.kind} ${e.node}`)).toEqual(['node.join kubelet-3', 'node.leave kubelet-1']);
  });

  it('keep each replica’s state report: the leader is the live one with the highest era', () => {
    const w = world();
    const heard: string[] = [];
    w.onState((node, s) => heard.push(`${node}:${s.role}`));
    w.start();
    expect(heard).toEqual(['n1:follower', 'n2:leader', 'n3:leader']);
    expect(w.leader('replica')).toBe('n2');
    expect(w.stateOf('n2')?.era).toBe(4);
    w.crash('n2');
    expect(w.stateOf('n2')).toBeUndefined();
    expect(w.leader('replica')).toBe('n3');
    expect(w.leader('kubelet')).toBeUndefined();
    const report = w.trace.events().find((e) => e.kind === 'replica.state' && e.node === 'n2');
    expect(report).toMatchObject({ role: 'leader', era: 4, leader: 'n2', votes: 3 });
  });

  it('refuse a state report whose extra fields would hide the core ones', () => {
    const w = new World({
      seed: 1,
      replicas: [{ id: 'n1', actor: (ctx: NodeContext) => ({ start: () => ctx.reportState({ role: 'leader', era: 1, leader: 'n1', commit: 0, applied: 0, last: 0 }, { era: 'x' }), message() {}, timer() {} }) }],
      trace: { level: 'state' },
    });
    expect(() => w.start()).toThrow("extra field 'era'");
  });
});

describe('nemesis targets by group and role', () => {
  it('aims a bare pick at its own group and `{pick, group}` at another', () => {
    const w = world();
    const nemesis = new Nemesis(w, Rng.fromSeed(3), { group: 'replica' });
    w.start();
    expect(nemesis.apply({ kind: 'pause', node: 'leader' })).toBe('n2');
    expect(nemesis.apply({ kind: 'pause', node: 'follower' })).toMatch(/^n[13]$/);
    expect(nemesis.apply({ kind: 'pause', node: { pick: 'random', group: 'kubelet' } })).toMatch(/^kubelet-[12]$/);
    expect(nemesis.apply({ kind: 'crash', node: { pick: 'leader', group: 'kubelet' } })).toBeUndefined();
    expect(w.trace.events().some((e) => e.kind === 'nemesis.skip' && e['target'] === 'leader-of kubelet')).toBe(true);
  });

  it('isolates a node from the rest of its own group', () => {
    const w = world();
    const nemesis = new Nemesis(w, Rng.fromSeed(3), { group: 'replica' });
    w.start();
    nemesis.apply({ kind: 'isolate', node: 'kubelet-1' });
    expect(nemesis.applied.at(-1)?.fault).toEqual({ kind: 'partition', groups: [['kubelet-1'], ['kubelet-2']] });
  });

  it('refuses an unknown group in a scheduled fault, and restarts only the groups it manages', () => {
    const w = world();
    const nemesis = new Nemesis(w, Rng.fromSeed(3), { group: 'replica', managed: ['replica', 'kubelet'] });
    expect(() => nemesis.schedule([{ at: 0, fault: { kind: 'crash', node: { pick: 'random', group: 'pods' } } }])).toThrow("nemesis[0].node: unknown group 'pods'");
    w.start();
    w.crash('kubelet-2');
    w.crash('n1');
    nemesis.quiesce();
    expect(w.isUp('kubelet-2') && w.isUp('n1')).toBe(true);
    expect(() => new Nemesis(w, Rng.fromSeed(3), { group: 'pods' })).toThrow("unknown group 'pods'");
  });
});
