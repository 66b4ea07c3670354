/**
 * The store session the control plane's actors embed: operations in order with a callback each,
 * recorded in the history; watches; a new session after expiry; unknown outcomes after a timeout;
 * and the spans of store positions its answers carry.
 */
import { describe, expect, it } from 'vitest';
import { RAFT } from '../../../protocols/raft/index.js';
import type { StoreHost } from '../../../protocols/store/host.js';
import type { SessionId } from '../../../protocols/store/ids.js';
import type { Op } from '../../../protocols/store/ops.js';
import { StoreSession, type Outcome, type StoreSessionOptions } from '../../../protocols/store/session.js';
import type { WatchMessage } from '../../../protocols/store/wire.js';
import { replicaFactory } from '../../../scenarios/build.js';
import { REGISTRY } from '../../../scenarios/registry.js';
import { check } from '../../../sim/check/index.js';
import { constant } from '../../../sim/latency.js';
import type { Actor, Message, NodeId } from '../../../sim/node.js';
import { type ClientContext, World } from '../../../sim/world.js';

/** An actor that is nothing but a session the test drives. */
class Probe implements Actor {
  readonly session: StoreSession;
  readonly events: string[] = [];
  readonly outcomes: Outcome<any>[] = [];
  readonly watches: WatchMessage[] = [];

  constructor(ctx: ClientContext, options: StoreSessionOptions) {
    this.session = new StoreSession(
      ctx,
      {
        opened: (s: SessionId) => this.events.push(`opened ${s}`),
        lost: (s: SessionId) => this.events.push(`lost ${s}`),
        watch: (w) => this.watches.push(w),
        watchesLost: () => this.events.push('watches lost'),
      },
      options,
    );
  }

  start(): void {
    this.session.start();
  }

  message(from: NodeId, msg: Message): void {
    this.session.message(from, msg);
  }

  timer(name: string): void {
    this.session.timer(name);
  }

  run(op: Op): void {
    this.session.submit(op, (o) => this.outcomes.push(o));
  }
}

function world(options: StoreSessionOptions = {}, seed = 3): World {
  const ids = ['n1', 'n2', 'n3'];
  const replica = replicaFactory(RAFT, { ids, options: {}, mutants: [] }, REGISTRY);
  return new World({
    seed,
    groups: [
      { name: 'replica', members: ids.map((id) => ({ id, actor: replica })) },
      { name: 'k8s', serves: 'replica', members: [{ id: 'probe', actor: (ctx) => new Probe(ctx as ClientContext, options) }] },
    ],
    network: { latency: constant(1_000) },
    trace: { level: 'state', keep: 0 },
  });
}

const probe = (w: World): Probe => w.actor<Probe>('probe')!;
const create = (path: string, data = ''): Op => ({ f: 'create', path, data, mode: 'persistent' });

describe('the store session', () => {
  it('runs operations one at a time, in order, each answered with its exact position, all in the history', () => {
    const w = world();
    w.run(500_000);
    const p = probe(w);
    expect(p.events).toEqual([`opened ${p.session.session}`]);
    p.run(create('/a', '1'));
    p.run({ f: 'set', path: '/a', data: '2', version: 0 });
    p.run({ f: 'set', path: '/a', data: '3', version: 0 });
    p.run({ f: 'get', path: '/a' });
    w.run(1_000_000);
    expect(p.outcomes.map((o) => (o.type === 'ok' ? o.result : o.type))).toEqual([{ path: '/a' }, { version: 1 }, { error: 'BadVersion' }, expect.objectContaining({ data: '2', version: 1 })]);
    const [c, s] = p.outcomes as Extract<Outcome, { type: 'ok' }>[];
    expect(c!.exact && c!.lo === c!.zxid).toBe(true);
    expect(s!.zxid).toBeGreaterThan(c!.zxid);
    const invokes = w.history.ops.filter((o) => o.type === 'invoke');
    expect(invokes.map((o) => o.f)).toEqual(['create', 'set', 'set', 'get']);
    expect(invokes[0]!.value).toEqual({ ...create('/a', '1'), session: p.session.session });
    expect(check(w.history.ops, { model: 'znode' }).verdict).toBe('linearizable');
  });

  it('delivers the watches it set', () => {
    const w = world();
    w.run(500_000);
    const p = probe(w);
    p.run(create('/w'));
    p.run({ f: 'get', path: '/w', watch: true });
    p.run({ f: 'children', path: '/w', watch: true });
    p.run(create('/w/child'));
    w.run(1_000_000);
    expect(p.watches.map((x) => `${x.type} ${x.path}`)).toEqual(['NodeChildrenChanged /w']);
    p.run({ f: 'set', path: '/w', data: 'x', version: -1 });
    w.run(1_500_000);
    expect(p.watches.map((x) => `${x.type} ${x.path}`)).toEqual(['NodeChildrenChanged /w', 'NodeDataChanged /w']);
  });

  it('opens a new session when the store expired the old one, and says so', () => {
    const w = world({ sessionTimeoutMs: 1_000 });
    w.run(500_000);
    const p = probe(w);
    const first = p.session.session;
    p.run({ f: 'create', path: '/e', data: '', mode: 'ephemeral' });
    w.run(600_000);
    w.pause('probe');
    w.run(3_000_000);
    w.resume('probe');
    p.run({ f: 'exists', path: '/e' });
    w.run(4_000_000);
    const second = p.session.session;
    expect(second).not.toBe(first);
    expect(p.events).toEqual([`opened ${first}`, `lost ${first}`, `opened ${second}`]);
    // The operation sent on the expired session is answered so; the next runs on the new one, and
    // the ephemeral node went with the old session.
    expect(p.outcomes.at(-1)).toMatchObject({ type: 'ok', result: { error: 'SessionExpired' } });
    p.run({ f: 'exists', path: '/e' });
    w.run(4_500_000);
    expect(p.outcomes.at(-1)).toMatchObject({ type: 'ok', result: { exists: false } });
    expect(check(w.history.ops, { model: 'znode' }).verdict).toBe('linearizable');
  });

  it('gives up on an operation after its timeout: unknown, info in the history, a fresh process next', () => {
    const w = world({ opTimeout: 300_000 });
    w.run(500_000);
    const p = probe(w);
    w.partition([['probe'], ['n1', 'n2', 'n3']]);
    p.run(create('/u'));
    w.run(900_000);
    expect(p.outcomes).toEqual([{ type: 'unknown', lo: expect.any(Number) }]);
    w.heal();
    p.run(create('/v'));
    w.run(2_000_000);
    expect(p.outcomes[1]?.type).toBe('ok');
    const ops = w.history.ops;
    const info = ops.find((o) => o.type === 'info')!;
    const next = ops.find((o) => o.type === 'invoke' && o.f === 'create' && (o.value as { path: string }).path === '/v')!;
    expect(next.process).not.toBe(info.process);
  });

  it('answers a retried write with a span that holds its position', () => {
    const w = world({ opTimeout: 2_000_000, retransmit: 20_000 });
    w.run(500_000);
    const p = probe(w);
    // The first answer is lost: the retransmission is answered from the exactly-once table.
    w.addRule({ id: 'lose-answer', match: { to: 'probe', kind: 'client.response' }, action: { kind: 'drop' }, count: 1 });
    p.run(create('/r'));
    p.run({ f: 'get', path: '/r' });
    w.run(1_500_000);
    const [made, read] = p.outcomes as Extract<Outcome<any>, { type: 'ok' }>[];
    expect(made!.exact).toBe(false);
    const czxid = read!.result.stat.czxid as number;
    expect(made!.lo).toBeLessThanOrEqual(czxid);
    expect(made!.zxid).toBeGreaterThanOrEqual(czxid);
  });

  it('numbers the requests of a restarted actor above its last incarnation’s', () => {
    const w = world();
    w.run(500_000);
    for (let i = 0; i < 5; i++) probe(w).run(create(`/x${i}`));
    w.run(800_000);
    w.crash('probe');
    w.restart('probe');
    w.run(1_300_000);
    const p = probe(w);
    p.run(create('/y'));
    p.run({ f: 'get', path: '/y' });
    w.run(1_800_000);
    // Not answered from the exactly-once table with an old result: created, and there.
    expect(p.outcomes.map((o) => o.type === 'ok' && o.result)).toEqual([{ path: '/y' }, expect.objectContaining({ data: '' })]);
    expect(check(w.history.ops, { model: 'znode' }).verdict).toBe('linearizable');
  });

  it('takes one lost answer for a lost message, not for lost watches', () => {
    const w = world({ retransmit: 50_000 });
    w.run(500_000);
    const p = probe(w);
    p.run(create('/l'));
    p.run({ f: 'get', path: '/l', watch: true });
    w.run(600_000);
    w.addRule({ id: 'lose-one', match: { to: 'probe', kind: 'client.response' }, action: { kind: 'drop' }, count: 1 });
    for (let i = 0; i < 5; i++) p.run({ f: 'exists', path: '/l' });
    w.run(2_000_000);
    expect(p.outcomes).toHaveLength(7);
    expect(p.events).not.toContain('watches lost');
  });

  it('moves on from a leader that crashed, and reports the watches it held as lost', () => {
    const w = world({ retransmit: 100_000 });
    w.run(500_000);
    const p = probe(w);
    p.run(create('/h'));
    p.run({ f: 'get', path: '/h', watch: true });
    w.run(700_000);
    const leader = w.leader('replica')!;
    w.crash(leader);
    p.run({ f: 'set', path: '/h', data: 'x', version: -1 });
    w.run(8_000_000);
    expect(p.outcomes.at(-1)).toMatchObject({ type: 'ok', result: { version: 1 } });
    expect(p.events).toContain('watches lost');
    expect((w.actor<StoreHost>(w.leader('replica')!)!.service.machine.read({ f: 'get', path: '/h' }) as { data: string }).data).toBe('x');
  });
});
