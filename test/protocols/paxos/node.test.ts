/**
 * One replica's steps, etcd-style: feed a message or a timer through a FakeContext and read the
 * effects as values. What the acceptor answers and when (only once durable), what it refuses, what
 * a new leader proposes in recovery, and which promises count.
 */
import { describe, expect, it } from 'vitest';
import { mutantSet } from '../../../protocols/kit/mutants.js';
import { FakeContext } from '../../../protocols/kit/fake-context.js';
import { PAXOS, Proposers, type Ballot, type PaxosMessage, type PaxosNode } from '../../../protocols/paxos/index.js';
import { DEFAULT_PAXOS_OPTIONS } from '../../../protocols/paxos/options.js';
import type { SlotEntry, Value } from '../../../protocols/paxos/ballot.js';
import { storeReplica, type StoreHost } from '../../../protocols/store/host.js';
import { DEFAULT_STORE_OPTIONS } from '../../../protocols/store/options.js';
import { sessionId } from '../../../protocols/store/ids.js';

const IDS = ['n1', 'n2', 'n3'];
const P = new Proposers(IDS);
const b = (round: number, id: string): Ballot => P.ballot(round, id);
const value = (origin: Ballot, n: number): Value => ({ origin, cmd: { kind: 'open-session', session: sessionId(n), timeoutMs: 1000 } });
const entry = (ballot: Ballot, v: Value, chosen = false): SlotEntry => ({ ballot, value: v, chosen });

function replica(id: string, mutants: readonly string[] = []): { ctx: FakeContext<PaxosMessage>; node: PaxosNode } {
  const ctx = new FakeContext<PaxosMessage>({ id, peers: IDS.filter((x) => x !== id) });
  const make = storeReplica(PAXOS.ordering({ ids: IDS, options: DEFAULT_PAXOS_OPTIONS, mutants: new Set(mutants) }), DEFAULT_STORE_OPTIONS, mutantSet(mutants));
  const host = make(ctx) as StoreHost<PaxosMessage>;
  host.start();
  ctx.completeSyncs();
  ctx.take();
  return { ctx, node: host.protocol as PaxosNode };
}

describe('the acceptor', () => {
  it('answers a prepare only once its promise is on disk, and the promise survives a crash', () => {
    const { ctx, node } = replica('n2');
    node.message('n1', { kind: 'paxos.prepare', ballot: b(1, 'n1'), from: 1 });
    expect(ctx.sent()).toEqual([]);
    ctx.completeSyncs();
    expect(ctx.sent()).toEqual([{ to: 'n1', msg: { kind: 'paxos.promise', ballot: b(1, 'n1'), entries: [] } }]);
    expect(ctx.storage.durableValue('paxos.promised')).toBe(b(1, 'n1'));
  });

  it('answers at once with mutant P1, so a crash can take back a promise already given', () => {
    const { ctx, node } = replica('n2', ['P1']);
    node.message('n1', { kind: 'paxos.prepare', ballot: b(1, 'n1'), from: 1 });
    expect(ctx.sent().map((s) => s.msg.kind)).toEqual(['paxos.promise']);
    ctx.storage.crash();
    expect(ctx.storage.durableValue('paxos.promised')).toBeUndefined();
  });

  it('refuses a lower ballot with a nack naming its promise, and answers a repeated prepare again', () => {
    const { ctx, node } = replica('n2');
    node.message('n3', { kind: 'paxos.prepare', ballot: b(2, 'n3'), from: 1 });
    ctx.completeSyncs();
    ctx.take();
    node.message('n1', { kind: 'paxos.prepare', ballot: b(2, 'n1'), from: 1 });
    node.message('n1', { kind: 'paxos.accept', ballot: b(2, 'n1'), slot: 1, values: [value(b(2, 'n1'), 1)], commit: 0 });
    node.message('n3', { kind: 'paxos.prepare', ballot: b(2, 'n3'), from: 1 });
    expect(ctx.sent()).toEqual([
      { to: 'n1', msg: { kind: 'paxos.nack', ballot: b(2, 'n1'), promised: b(2, 'n3') } },
      { to: 'n1', msg: { kind: 'paxos.nack', ballot: b(2, 'n1'), promised: b(2, 'n3') } },
      { to: 'n3', msg: { kind: 'paxos.promise', ballot: b(2, 'n3'), entries: [] } },
    ]);
  });

  it('accepts a higher ballot (raising its promise), acknowledges once durable, and takes a duplicate without writing', () => {
    const { ctx, node } = replica('n2');
    const v = value(b(3, 'n3'), 1);
    node.message('n3', { kind: 'paxos.accept', ballot: b(3, 'n3'), slot: 1, values: [v], commit: 0 });
    expect(ctx.sent()).toEqual([]);
    ctx.completeSyncs();
    expect(ctx.sent()).toEqual([{ to: 'n3', msg: { kind: 'paxos.accepted', ballot: b(3, 'n3'), slot: 1, count: 1 } }]);
    expect(node.promised).toBe(b(3, 'n3'));
    expect(node.log.at(1)).toEqual(entry(b(3, 'n3'), v));
    ctx.take();
    const writes = ctx.storage.durableLog('paxos.log.0').length;
    node.message('n3', { kind: 'paxos.accept', ballot: b(3, 'n3'), slot: 1, values: [v], commit: 1 });
    expect(ctx.sent().map((s) => s.msg.kind)).toEqual(['paxos.accepted']);
    ctx.completeSyncs();
    expect(ctx.storage.durableLog('paxos.log.0').length).toBe(writes);
    expect(node.commit).toBe(1);
    expect(node.applied).toBe(1);
  });

  it('holds off a higher ballot while it follows a live leader, and promises it after a failure timeout', () => {
    const { ctx, node } = replica('n2');
    node.message('n1', { kind: 'paxos.heartbeat', ballot: b(1, 'n1'), commit: 0, round: 1 });
    ctx.completeSyncs();
    ctx.take();
    node.message('n3', { kind: 'paxos.prepare', ballot: b(2, 'n3'), from: 1 });
    ctx.completeSyncs();
    expect(ctx.sent()).toEqual([]);
    ctx.advance(DEFAULT_PAXOS_OPTIONS.failureTimeout);
    node.message('n3', { kind: 'paxos.prepare', ballot: b(2, 'n3'), from: 1 });
    ctx.completeSyncs();
    expect(ctx.sent().map((s) => s.msg.kind)).toEqual(['paxos.promise']);
  });

  it('never rewrites a slot it knows chosen', () => {
    const { ctx, node } = replica('n2');
    const chosen = value(b(1, 'n1'), 1);
    node.message('n1', { kind: 'paxos.accept', ballot: b(1, 'n1'), slot: 1, values: [chosen], commit: 1 });
    ctx.completeSyncs();
    node.message('n3', { kind: 'paxos.accept', ballot: b(2, 'n3'), slot: 1, values: [value(b(2, 'n3'), 9)], commit: 0 });
    ctx.completeSyncs();
    expect(node.log.at(1)?.value).toBe(chosen);
    expect(ctx.sent().at(-1)?.msg).toMatchObject({ kind: 'paxos.accepted', ballot: b(2, 'n3'), slot: 1 });
  });
});

/**
 * Makes n1 a candidate of ballot 2.n1 (it has heard of 1.n3), holding `own` in its log; its own
 * promise is on disk (and counted) unless `durable` is false.
 */
function candidate(mutants: readonly string[] = [], own: readonly (readonly [number, SlotEntry])[] = [], durable = true): { ctx: FakeContext<PaxosMessage>; node: PaxosNode } {
  const r = replica('n1', mutants);
  for (const [slot, e] of own) r.node.step(() => r.node.log.put(slot, e));
  r.node.message('n3', { kind: 'paxos.nack', ballot: b(1, 'n1'), promised: b(1, 'n3') });
  r.ctx.completeSyncs();
  r.node.timer('paxos.failure');
  if (durable) {
    r.ctx.completeSyncs();
    expect(r.ctx.sent().map((s) => s.msg.kind)).toEqual(['paxos.prepare', 'paxos.prepare']);
  }
  r.ctx.take();
  return r;
}

describe('a new leader', () => {
  const b1 = b(1, 'n2');
  const b2 = b(1, 'n3');
  const low = value(b1, 1);
  const high = value(b2, 2);
  const third = value(b1, 3);
  const me = b(2, 'n1');
  const noop = { origin: me, cmd: { kind: 'noop' } };

  /** The values n1 proposes to n2 in recovery, once n2 promised with these entries. */
  function recovery(mutants: readonly string[], own: readonly (readonly [number, SlotEntry])[]): Value[] {
    const { ctx, node } = candidate(mutants, own);
    expect(node.promised).toBe(me);
    node.message('n2', { kind: 'paxos.promise', ballot: me, entries: [[1, entry(b1, low)], [3, entry(b1, third)]] });
    expect(node.role).toBe('leader');
    const accepts = ctx.sent().filter((s) => s.to === 'n2' && s.msg.kind === 'paxos.accept');
    return accepts.flatMap((s) => (s.msg.kind === 'paxos.accept' ? s.msg.values : []));
  }

  it('proposes, for every slot up to the highest reported, the highest-ballot value, and a no-op in a gap', () => {
    expect(recovery([], [[1, entry(b2, high)]])).toEqual([high, noop, third]);
  });

  it('learns a slot a promise reports chosen, and proposes nothing for it', () => {
    const { ctx, node } = candidate();
    node.message('n2', { kind: 'paxos.promise', ballot: me, entries: [[1, entry(b1, low, true)]] });
    expect(node.commit).toBe(1);
    expect(ctx.sent().filter((s) => s.msg.kind === 'paxos.accept')).toEqual([]);
    expect(node.leader?.nextSlot).toBe(2);
  });

  it('with mutant P2, proposes its own value instead of the highest-ballot one reported', () => {
    expect(recovery(['P2'], [[1, entry(b1, low)]])).toEqual([low, noop, noop]);
  });

  it('with mutant P4, recovers only up to the end of its own log', () => {
    expect(recovery(['P4'], [[1, entry(b2, high)]])).toEqual([high]);
  });

  it('counts only promises of its own ballot: mutant P3 counts a stale one', () => {
    for (const [mutants, role] of [
      [[], 'candidate'],
      [['P3'], 'leader'],
    ] as const) {
      const { node } = candidate(mutants);
      node.message('n2', { kind: 'paxos.promise', ballot: b(1, 'n1'), entries: [] });
      expect(node.role).toBe(role);
    }
  });

  it('counts each acceptor once: mutant P3 counts a duplicate again', () => {
    for (const [mutants, role] of [
      [[], 'candidate'],
      [['P3'], 'leader'],
    ] as const) {
      const { node } = candidate(mutants, [], false);
      node.message('n2', { kind: 'paxos.promise', ballot: me, entries: [] });
      node.message('n2', { kind: 'paxos.promise', ballot: me, entries: [] });
      expect(node.role).toBe(role);
    }
  });
});
