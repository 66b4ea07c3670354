/**
 * Lease reads are safe while clocks drift within the bound the lease assumes, and not beyond it:
 * the leader's clock runs slow, it is cut off, the others elect a leader and take a write, and
 * the old leader reads from its lease.
 */
import { describe, expect, it } from 'vitest';
import { Harness } from './harness.js';

function slowLeader(rate: number): Harness {
  const h = new Harness({ clients: 3, options: { readBarrier: 'lease', driftBound: 0.05 } });
  const w = h.world;
  h.elect('n1');
  for (const c of ['c1', 'c2']) h.connect(c, 'n1');
  h.complete('c1', { f: 'create', path: '/x', data: '1', mode: 'persistent' }, 'n1');
  h.runFor(100);
  // Right after a heartbeat round is acknowledged: the lease was just renewed.
  const reads = h.node('n1').leader!.reads;
  expect(h.runUntil(() => !reads.settled, 200) && h.runUntil(() => reads.settled, 200)).toBe(true);
  const term = h.node('n1').term;
  w.setClockRate('n1', rate);
  w.partition([['n1'], ['n2', 'n3']]);
  h.rule({ id: 'n2-campaigns', match: { from: 'n3', kind: ['raft.prevote', 'raft.vote'] }, action: { kind: 'drop' } });
  h.runFor(155);
  w.fireTimer('n2', 'raft.election');
  const leader = h.awaitLeader(term, 'n1');
  expect(leader).toBe('n2');
  w.removeRule('n2-campaigns');
  expect(h.complete('c1', { f: 'set', path: '/x', data: '2', version: -1 }, 'n2').outcome).toBe('ok');
  const read = h.op('c2', { f: 'get', path: '/x' }, 'n1', false, 1_000);
  h.runFor(1_000);
  expect(read.outcome === 'ok' || read.outcome === 'info').toBe(true);
  return h;
}

describe('lease reads', () => {
  it('are linearizable when the leader clock drifts within the bound', () => {
    expect(slowLeader(1 / 1.05).problems()).toEqual([]);
  });

  it('serve a stale read when the leader clock runs slower than the bound allows', () => {
    expect(slowLeader(0.5).problems()).toContain('linearizability');
  });
});
