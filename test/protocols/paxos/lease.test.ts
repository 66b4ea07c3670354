/**
 * Lease reads are safe while clocks drift within the bound the lease assumes, and not beyond it:
 * the leader's clock runs slow, it is cut off, the others elect a leader (once they have stopped
 * holding off other ballots for it) and take a write, and the old leader reads from its lease.
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
  w.setClockRate('n1', rate);
  w.partition([['n1'], ['n2', 'n3']]);
  h.runFor(155);
  expect(h.campaign('n2', 1_000)).toBe(true);
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
