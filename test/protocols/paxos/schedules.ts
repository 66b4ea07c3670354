/**
 * The scripted schedules that expose each Multi-Paxos mutant (protocols.md §4, adapted to this
 * Multi-Paxos and verified: the correct Paxos passes every one). Each builds a harness, runs the
 * schedule with the given mutants on, and returns the harness for judging.
 */
import { expect } from 'vitest';
import type { Accept, Heartbeat } from '../../../protocols/paxos/messages.js';
import { Harness } from './harness.js';

export type Schedule = (mutants: readonly string[]) => Harness;

/** Messages of the leader that tell a follower slot `k` (or a later one) is chosen, or carry it. */
const tellsChosen = (k: number) => (m: { readonly kind: string }) => (m as Accept | Heartbeat).commit >= k;

// P1 (acceptor amnesia): n1 leads. Paused, it stops being heard; n3 runs phase 1 and n2 promises
// n3's ballot, then crashes as the promise leaves. The mutant answered before the promise was on
// disk: n2 comes back promising only n1's ballot. n3 leads and proposes v2 for the next slot, which
// reaches only n3. n1 resumes (cut off from n3), proposes v1 for the same slot: the mutant n2
// accepts it, v1 is chosen and acknowledged. Then n3's retransmission reaches n2, which accepts the
// higher ballot: v2 is chosen in the same slot. The correct n2 refuses n1 (it promised n3).
export const P1: Schedule = (mutants) => {
  const h = new Harness({ clients: 3, mutants });
  const w = h.world;
  h.elect('n1');
  for (const c of ['c1', 'c2', 'c3']) h.connect(c, 'n1');
  h.complete('c1', { f: 'create', path: '/x', data: '1', mode: 'persistent' }, 'n1');
  h.runFor(50);
  h.rule({ id: 'n3-campaigns', match: { from: 'n2', kind: 'paxos.prepare' }, action: { kind: 'drop' } });
  h.rule({ id: 'crash-n2', match: { from: 'n2', to: 'n3', kind: 'paxos.promise' }, action: { kind: 'crash-sender' }, count: 1 });
  w.pause('n1');
  h.runFor(160);
  w.fireTimer('n3', 'paxos.failure');
  expect(h.runUntil(() => !w.isUp('n2'), 1_000)).toBe(true);
  h.rule({ id: 'n2-deaf-to-n3', match: { from: 'n3', to: 'n2' }, action: { kind: 'drop' } });
  w.restart('n2');
  expect(h.runUntil(() => h.leads('n3'), 1_000)).toBe(true);
  const v2 = h.op('c2', { f: 'set', path: '/x', data: 'v2', version: -1 }, 'n3', false, 3_000);
  h.runFor(5);
  w.cut(['n1'], ['n3']);
  w.resume('n1');
  const v1 = h.op('c3', { f: 'set', path: '/x', data: 'v1', version: -1 }, 'n1', false, 300);
  h.runUntil(() => v1.outcome !== 'pending', 400);
  w.removeRule('n2-deaf-to-n3');
  h.runUntil(() => v2.outcome !== 'pending', 1_000);
  w.heal();
  w.removeRule('n3-campaigns');
  h.runFor(500);
  const leader = h.leaderOtherThan('');
  if (leader !== undefined) h.complete('c1', { f: 'get', path: '/x' }, leader, true);
  return h;
};

// P2 (the new leader's own value): n1 gets x=2 chosen with n2 alone, and n2 never hears that it is
// chosen; n3 gets none of it. n1 crashes; n3 runs phase 1 and n2 reports x=2 as accepted. The
// correct n3 proposes it again; the mutant proposes its own (it has nothing there: a no-op), which
// n2 and n3 choose: the acknowledged write is gone.
export const P2: Schedule = (mutants) => {
  const h = new Harness({ mutants });
  const w = h.world;
  h.elect('n1');
  for (const c of ['c1', 'c2']) h.connect(c, 'n1');
  h.complete('c1', { f: 'create', path: '/x', data: '1', mode: 'persistent' }, 'n1');
  h.runFor(50);
  const k = h.node('n1').leader!.nextSlot;
  h.rule({ id: 'n3-behind', match: { from: 'n1', to: 'n3', kind: ['paxos.accept', 'paxos.commit', 'paxos.snapshot'] }, action: { kind: 'drop' } });
  h.rule({ id: 'n2-unaware', match: { from: 'n1', to: 'n2', kind: ['paxos.accept', 'paxos.heartbeat'], where: tellsChosen(k) }, action: { kind: 'drop' } });
  expect(h.complete('c1', { f: 'set', path: '/x', data: '2', version: -1 }, 'n1').outcome).toBe('ok');
  w.crash('n1');
  h.rule({ id: 'n3-campaigns', match: { from: 'n2', kind: 'paxos.prepare' }, action: { kind: 'drop' } });
  expect(h.runUntil(() => h.leads('n3'), 2_000)).toBe(true);
  h.complete('c2', { f: 'get', path: '/x' }, 'n3');
  return h;
};

// P3 (a stale promise counted): before anyone leads, n2's first prepare is answered by n3, and that
// promise is held up; n2 is cut off. n1 leads, and x=2 is chosen by n1, n3 and n4 (n5 never gets
// it). n1 crashes, n2 returns and runs phase 1 again: n3's and n4's promises are lost, n5 promises.
// The old promise of n3 arrives: the mutant counts it with n5's and its own, a majority that has
// not seen x=2, and puts a new write in its slot. The correct n2 waits for a real third promise.
export const P3: Schedule = (mutants) => {
  const h = new Harness({ replicas: 5, clients: 2, mutants });
  const w = h.world;
  h.rule({ id: 'stale', match: { from: 'n3', to: 'n2', kind: 'paxos.promise' }, action: { kind: 'hold', bucket: 'stale' }, count: 1 });
  h.rule({ id: 'n2-unheard', match: { to: 'n2', kind: 'paxos.promise' }, action: { kind: 'drop' } });
  w.fireTimer('n2', 'paxos.failure');
  expect(h.runUntil(() => w.heldCount('stale') === 1, 200)).toBe(true);
  const others = ['n1', 'n3', 'n4', 'n5'];
  w.cut(['n2'], others);
  h.elect('n1');
  for (const c of ['c1', 'c2']) h.connect(c, 'n1');
  h.complete('c1', { f: 'create', path: '/x', data: '1', mode: 'persistent' }, 'n1');
  h.runFor(50);
  h.rule({ id: 'n5-behind', match: { from: 'n1', to: 'n5', kind: ['paxos.accept', 'paxos.commit', 'paxos.snapshot'] }, action: { kind: 'drop' } });
  expect(h.complete('c1', { f: 'set', path: '/x', data: '2', version: -1 }, 'n1').outcome).toBe('ok');
  h.runFor(50);
  w.crash('n1');
  w.removeRule('n2-unheard');
  h.rule({ id: 'lost-promises', match: { from: ['n3', 'n4'], to: 'n2', kind: 'paxos.promise' }, action: { kind: 'drop' } });
  h.rule({ id: 'n2-campaigns', match: { from: ['n3', 'n4', 'n5'], kind: 'paxos.prepare' }, action: { kind: 'drop' } });
  w.heal();
  expect(h.runUntil(() => h.node('n2').candidacy?.promisedBy('n5') === true, 3_000)).toBe(true);
  w.release('stale');
  h.runFor(20);
  const write = h.op('c2', { f: 'create', path: '/y', data: 'y', mode: 'persistent' }, 'n2', false, 3_000);
  h.runFor(300);
  w.removeRule('lost-promises');
  h.runUntil(() => write.outcome !== 'pending', 3_000);
  w.removeRule('n2-campaigns');
  h.complete('c2', { f: 'get', path: '/x' }, 'n2', true);
  return h;
};

// P4 (recovery up to the leader's own log): n1 gets x=2 and /z chosen with n2, which never hears
// that they are; n3 gets neither. n1 crashes; n3 leads with n2's promise, which reports both
// slots. The mutant recovers only up to the end of its own log and puts the next write in x=2's
// slot; n2 accepts it and it is chosen there.
export const P4: Schedule = (mutants) => {
  const h = new Harness({ mutants });
  const w = h.world;
  h.elect('n1');
  for (const c of ['c1', 'c2']) h.connect(c, 'n1');
  h.complete('c1', { f: 'create', path: '/x', data: '1', mode: 'persistent' }, 'n1');
  h.runFor(50);
  const k = h.node('n1').leader!.nextSlot;
  h.rule({ id: 'n3-behind', match: { from: 'n1', to: 'n3', kind: ['paxos.accept', 'paxos.commit', 'paxos.snapshot'] }, action: { kind: 'drop' } });
  h.rule({ id: 'n2-unaware', match: { from: 'n1', to: 'n2', kind: ['paxos.accept', 'paxos.heartbeat'], where: tellsChosen(k) }, action: { kind: 'drop' } });
  // Sent together, so both accepts still carry a commit below k.
  const two = h.op('c1', { f: 'set', path: '/x', data: '2', version: -1 }, 'n1');
  const three = h.op('c2', { f: 'create', path: '/z', data: '3', mode: 'persistent' }, 'n1');
  h.runUntil(() => two.outcome !== 'pending' && three.outcome !== 'pending', 1_000);
  expect([two.outcome, three.outcome]).toEqual(['ok', 'ok']);
  w.crash('n1');
  h.rule({ id: 'n3-campaigns', match: { from: 'n2', kind: 'paxos.prepare' }, action: { kind: 'drop' } });
  expect(h.runUntil(() => h.leads('n3'), 2_000)).toBe(true);
  h.complete('c2', { f: 'create', path: '/y', data: 'y', mode: 'persistent' }, 'n3');
  h.complete('c2', { f: 'get', path: '/x' }, 'n3');
  return h;
};
