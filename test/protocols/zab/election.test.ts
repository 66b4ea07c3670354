/**
 * Fast Leader Election: the total order, a first election, and a LOOKING server answering a late
 * joiner whose vote is worse (one step, with the kit's FakeContext).
 */
import { describe, expect, it } from 'vitest';
import { Connections } from '../../../protocols/kit/connection.js';
import { FakeContext } from '../../../protocols/kit/fake-context.js';
import { NO_MUTANTS } from '../../../protocols/kit/mutants.js';
import { better } from '../../../protocols/zab/election.js';
import type { ElectionMessage, Notification, ZabWire } from '../../../protocols/zab/messages.js';
import { ZabNode } from '../../../protocols/zab/node.js';
import { DEFAULT_ZAB_OPTIONS } from '../../../protocols/zab/options.js';
import { zxid } from '../../../protocols/zab/types.js';
import type { ReplicatedService } from '../../../protocols/store/replication.js';
import { run } from '../../../scenarios/run.js';
import { zabPlan } from './plans.js';

const sid = (id: string): number => Number(id.slice(1));

describe('the total order', () => {
  it('epoch first, then zxid, then server id', () => {
    expect(better({ leader: 'n1', zxid: zxid(1, 1), peerEpoch: 3 }, { leader: 'n5', zxid: zxid(2, 9), peerEpoch: 2 }, sid)).toBe(true);
    expect(better({ leader: 'n1', zxid: zxid(2, 9), peerEpoch: 2 }, { leader: 'n5', zxid: zxid(2, 8), peerEpoch: 2 }, sid)).toBe(true);
    expect(better({ leader: 'n5', zxid: zxid(2, 8), peerEpoch: 2 }, { leader: 'n1', zxid: zxid(2, 8), peerEpoch: 2 }, sid)).toBe(true);
    expect(better({ leader: 'n1', zxid: zxid(2, 8), peerEpoch: 2 }, { leader: 'n1', zxid: zxid(2, 8), peerEpoch: 2 }, sid)).toBe(false);
  });
});

describe('a first election', () => {
  it('every server follows the one with the largest id, which establishes epoch 1', () => {
    const result = run(zabPlan(3, { duration: 500_000, settle: { length: 200_000, grace: 100_000 } }), { keepTrace: 100_000 });
    expect(result.verdict).toBe('ok');
    const elected = result.trace.filter((e) => e.kind === 'zab.elected');
    expect(new Set(elected.map((e) => e['leader']))).toEqual(new Set(['n5']));
    expect(elected.map((e) => e.node).sort()).toEqual(['n1', 'n2', 'n3', 'n4', 'n5']);
    expect(result.trace.filter((e) => e.kind === 'zab.established').map((e) => [e.node, e['epoch']])).toEqual([['n5', 1]]);
  });
});

const SERVICE: ReplicatedService = {
  apply: () => {},
  snapshot: () => ({ format: 'ensemble.store/1', appliedZxid: 0 as never, nodes: [], sessions: [], clients: [] }),
  restore: () => {},
  leadershipChanged: () => {},
  digest: () => '',
};

describe('a LOOKING server', () => {
  it('answers a notification of its round whose vote is worse than its own', () => {
    const ctx = new FakeContext<ZabWire>({ id: 'n1', peers: ['n2', 'n3'] });
    const node = new ZabNode(ctx, SERVICE, DEFAULT_ZAB_OPTIONS, NO_MUTANTS, ['n1', 'n2', 'n3']);
    ctx.disk.put('zab.currentEpoch', 4);
    node.start();
    ctx.take();
    // n2 (a larger id: it opens their election connection) votes for n2, with an older epoch.
    const peer = new FakeContext<ZabWire>({ id: 'n2', peers: ['n1', 'n3'], seed: 2 });
    const heard: Notification[] = [];
    const n2 = new Connections<ElectionMessage>(peer, { channel: 'election', reorderWindow: 40_000, timeout: Infinity, keepAlive: Infinity, pairing: 'larger-opens' }, { deliver: (_from, m) => heard.push(m) });
    n2.connect('n1');
    n2.send('n1', { kind: 'zab.notification', leader: 'n2', zxid: zxid(0, 0), electionEpoch: node.logicalclock, peerEpoch: 0, state: 'looking' });
    for (const s of peer.take()) if (s.kind === 'send') node.message('n2', s.msg);
    for (const s of ctx.sent()) if (s.to === 'n2' && n2.owns(s.msg)) n2.receive('n1', s.msg);
    const ours: Notification = { kind: 'zab.notification', leader: 'n1', zxid: zxid(0, 0), electionEpoch: node.logicalclock, peerEpoch: 4, state: 'looking' };
    // Once, because the connection opened (n1 had called for it, to send its vote), and once in answer.
    expect(heard).toEqual([ours, ours]);
  });
});
