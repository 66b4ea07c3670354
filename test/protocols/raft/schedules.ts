/**
 * The scripted schedules that expose each Raft mutant (protocols.md §4, adapted to this Raft and
 * verified: the correct Raft passes every one). Each builds a harness, runs the schedule with the
 * given mutants on, and returns the harness for judging.
 */
import { expect } from 'vitest';
import type { AppendRequest } from '../../../protocols/raft/messages.js';
import { Harness } from './harness.js';

export type Schedule = (mutants: readonly string[]) => Harness;

// S2 (the store's; Raft's R10 once): the reply to a write is lost; the client resends it (same seq) and, without exactly-once,
// the write applies twice: the answer shows a version the history cannot explain.
export const S2: Schedule = (mutants) => {
  const h = new Harness({ mutants });
  h.elect('n1');
  h.connect('c1', 'n1');
  h.complete('c1', { f: 'create', path: '/x', data: 'a', mode: 'persistent' }, 'n1');
  h.rule({ id: 'lose-reply', match: { from: 'n1', to: 'c1', kind: 'client.response' }, action: { kind: 'drop' }, count: 1 });
  const set = h.complete('c1', { f: 'set', path: '/x', data: 'b', version: -1 }, 'n1');
  expect(set.outcome).toBe('ok');
  h.complete('c1', { f: 'get', path: '/x' }, 'n1');
  return h;
};

// R2: n3 grants n1 its vote and crashes before the vote is on disk (the mutant answered first);
// restarted, it grants n2's delayed request for the same term: two leaders in term 1.
export const R2: Schedule = (mutants) => {
  const h = new Harness({ mutants });
  const w = h.world;
  w.cut(['n1'], ['n2']);
  h.rule({ id: 'hold-n2-vote', match: { from: 'n2', to: 'n3', kind: 'raft.vote' }, action: { kind: 'hold', bucket: 'n2-vote' } });
  h.rule({ id: 'crash-n3', match: { from: 'n3', to: 'n1', kind: 'raft.vote-resp' }, action: { kind: 'crash-sender' }, count: 1 });
  w.fireTimer('n1', 'raft.election');
  w.fireTimer('n2', 'raft.election');
  h.runUntil(() => !w.isUp('n3'), 1_000);
  h.rule({ id: 'quiet-n1', match: { from: 'n1', to: 'n3' }, action: { kind: 'drop' } });
  w.restart('n3');
  w.release('n2-vote');
  h.runFor(50);
  w.removeRule('quiet-n1');
  h.runFor(300);
  return h;
};

// S1 (the store's; Raft's R3 once): n1 leads; a partition leaves it with n2 only, and a pause keeps it from noticing. The other
// side elects a leader and takes a write; resumed, n1 answers a read from its own state.
export const S1: Schedule = (mutants) => {
  const h = new Harness({ replicas: 5, clients: 3, mutants });
  const w = h.world;
  h.elect('n1');
  for (const c of ['c1', 'c2']) h.connect(c, 'n1');
  h.complete('c1', { f: 'create', path: '/x', data: '1', mode: 'persistent' }, 'n1');
  h.runFor(50);
  w.partition([
    ['n1', 'n2'],
    ['n3', 'n4', 'n5'],
  ]);
  w.pause('n1');
  h.runUntil(() => h.leaderOtherThan('n1') !== undefined, 2_000);
  const leader = h.leaderOtherThan('n1')!;
  expect(h.complete('c1', { f: 'set', path: '/x', data: '2', version: -1 }, leader).outcome).toBe('ok');
  w.resume('n1');
  h.op('c2', { f: 'get', path: '/x' }, 'n1', false, 1_000);
  h.runFor(1_500);
  return h;
};

// R4: n1 commits x=2 with n2 but n2 never hears that it is committed; n1 is cut off and n2 wins.
// Before n2's first entry of its term commits (its appends to n3 are held), a read arrives at n2.
export const R4: Schedule = (mutants) => {
  const h = new Harness({ mutants });
  const w = h.world;
  h.elect('n1');
  for (const c of ['c1', 'c2']) h.connect(c, 'n1');
  h.complete('c1', { f: 'create', path: '/x', data: '1', mode: 'persistent' }, 'n1');
  h.runFor(100);
  const k = h.node('n1').log.lastIndex + 1;
  h.rule({ id: 'n3-behind', match: { from: 'n1', to: 'n3', kind: 'raft.append' }, action: { kind: 'drop' } });
  h.rule({
    id: 'n2-unaware',
    match: { from: 'n1', to: 'n2', kind: ['raft.append', 'raft.heartbeat'], where: (m) => (m as unknown as { commit: number }).commit >= k },
    action: { kind: 'drop' },
  });
  expect(h.complete('c1', { f: 'set', path: '/x', data: '2', version: -1 }, 'n1').outcome).toBe('ok');
  w.partition([['n1'], ['n2', 'n3']]);
  h.rule({ id: 'hold-noop', match: { from: 'n2', to: 'n3', kind: 'raft.append' }, action: { kind: 'hold', bucket: 'noop' } });
  expect(h.runUntil(() => h.node('n2').role === 'leader', 2_000)).toBe(true);
  const read = h.op('c2', { f: 'get', path: '/x' }, 'n2', false, 2_000);
  h.runFor(100);
  w.removeRule('hold-noop');
  w.release('noop');
  h.runUntil(() => read.outcome !== 'pending', 2_000);
  return h;
};

// R5: a read at n1 starts a round whose acknowledgements are held up; n1 is cut off, the others
// elect a leader and take a write. A second read arrives at n1, then the old acknowledgements are
// delivered: the mutant lets them confirm the second read too. (CheckQuorum is off so n1 keeps
// believing it leads; ReadIndex does not depend on it.)
export const R5: Schedule = (mutants) => {
  const h = new Harness({ clients: 3, mutants, options: { checkQuorum: false } });
  const w = h.world;
  h.elect('n1');
  for (const c of ['c1', 'c2', 'c3']) h.connect(c, 'n1');
  h.complete('c1', { f: 'create', path: '/x', data: '1', mode: 'persistent' }, 'n1');
  h.runFor(50);
  h.rule({ id: 'hold-acks', match: { from: ['n2', 'n3'], to: 'n1', kind: 'raft.heartbeat-resp' }, action: { kind: 'hold', bucket: 'acks' } });
  h.op('c2', { f: 'get', path: '/x' }, 'n1', false, 3_000);
  h.runFor(2);
  w.partition([['n1'], ['n2', 'n3']]);
  h.runUntil(() => h.leaderOtherThan('n1') !== undefined, 2_000);
  const leader = h.leaderOtherThan('n1')!;
  expect(h.complete('c1', { f: 'set', path: '/x', data: '2', version: -1 }, leader).outcome).toBe('ok');
  h.op('c3', { f: 'get', path: '/x' }, 'n1', false, 1_000);
  h.runFor(5);
  w.removeRule('hold-acks');
  h.rule({ id: 'shield-n1', match: { from: ['n2', 'n3'], to: 'n1' }, action: { kind: 'drop' } });
  w.heal();
  w.release('acks');
  h.runFor(1_500);
  return h;
};

// R7: n1's first append of a new entry to n2 is held back; a later append repeats it together
// with the next entry, n2 acknowledges both and n1 commits them. Then the stale append arrives:
// the mutant cuts n2's log back to it. n1 crashes; n2, ahead of n3 (which gets no appends), wins
// without the committed entry.
export const R7: Schedule = (mutants) => {
  const h = new Harness({ clients: 3, mutants });
  const w = h.world;
  h.elect('n1');
  for (const c of ['c1', 'c2', 'c3']) h.connect(c, 'n1');
  h.complete('c1', { f: 'create', path: '/x', data: '0', mode: 'persistent' }, 'n1');
  h.runFor(50);
  h.rule({ id: 'n3-behind', match: { from: 'n1', to: 'n3', kind: 'raft.append' }, action: { kind: 'drop' } });
  h.rule({ id: 'hold-first', match: { from: 'n1', to: 'n2', kind: 'raft.append' }, action: { kind: 'hold', bucket: 'stale' }, count: 1 });
  const a = h.op('c1', { f: 'set', path: '/x', data: 'A', version: -1 }, 'n1');
  const b = h.op('c2', { f: 'create', path: '/y', data: 'B', mode: 'persistent' }, 'n1');
  h.runUntil(() => a.outcome !== 'pending' && b.outcome !== 'pending', 1_000);
  expect([a.outcome, b.outcome]).toEqual(['ok', 'ok']);
  w.release('stale');
  h.runFor(20);
  w.crash('n1');
  w.removeRule('n3-behind');
  h.runUntil(() => h.leaderOtherThan('n1') !== undefined, 2_000);
  const leader = h.leaderOtherThan('n1');
  if (leader !== undefined) h.complete('c3', { f: 'get', path: '/y' }, leader);
  return h;
};

// R8: n3 leads, is cut off and appends writes nobody else gets (its log grows longer). n1 and n2
// elect one of them, which commits x=2, then crashes; n3 comes back. With votes compared by length
// only, the survivor elects n3, which overwrites the committed write.
export const R8: Schedule = (mutants) => {
  const h = new Harness({ clients: 6, mutants });
  const w = h.world;
  h.elect('n3');
  for (const c of ['c1', 'c2', 'c3', 'c4', 'c5', 'c6']) h.connect(c, 'n3');
  h.complete('c1', { f: 'create', path: '/x', data: '1', mode: 'persistent' }, 'n3');
  h.runFor(50);
  w.partition([['n3'], ['n1', 'n2']]);
  for (const c of ['c2', 'c3', 'c4', 'c5']) h.op(c, { f: 'set', path: '/x', data: `lost-${c}`, version: -1 }, 'n3', false, 500);
  h.runUntil(() => h.leaderOtherThan('n3') !== undefined, 2_000);
  const first = h.leaderOtherThan('n3')!;
  expect(h.complete('c1', { f: 'set', path: '/x', data: '2', version: -1 }, first).outcome).toBe('ok');
  h.runFor(50);
  const term = h.node(first).term;
  w.crash(first);
  w.heal();
  const leader = h.awaitLeader(term);
  if (leader !== undefined) h.complete('c6', { f: 'get', path: '/x' }, leader);
  return h;
};

// R1 (Figure 8): n1 leads and gets X to n2 only, then crashes. n5 wins (n3, n4), appends an entry
// at X's index that nobody else gets, and crashes. n1 returns, wins, and sends X on (one entry per
// append) while its own new entries are lost: X is on a majority but of an old term. The mutant
// commits it (and answers the client). n1 crashes; n5 returns, wins with its later-term entry, and
// overwrites X.
export const R1: Schedule = (mutants) => {
  const h = new Harness({ replicas: 5, clients: 2, mutants, options: { maxBatch: 1 } });
  const w = h.world;
  h.elect('n1');
  for (const c of ['c1', 'c2']) h.connect(c, 'n1');
  h.complete('c1', { f: 'create', path: '/x', data: 'A', mode: 'persistent' }, 'n1');
  h.runFor(50);
  h.rule({ id: 'only-n2', match: { from: 'n1', to: ['n3', 'n4', 'n5'], kind: 'raft.append' }, action: { kind: 'drop' } });
  h.op('c1', { f: 'set', path: '/x', data: 'X', version: -1 }, 'n1', false, 20_000);
  const n1 = h.node('n1');
  expect(h.runUntil(() => h.node('n2').log.lastIndex === n1.log.lastIndex && n1.log.lastIndex > n1.commitIndex)).toBe(true);
  h.runFor(5);
  w.crash('n1');
  w.removeRule('only-n2');
  // From here on only the replicas the schedule names may campaign.
  h.rule({ id: 'no-campaign', match: { from: ['n2', 'n3', 'n4'], kind: ['raft.prevote', 'raft.vote'] }, action: { kind: 'drop' } });
  h.rule({ id: 'n5-alone', match: { from: 'n5', kind: 'raft.append' }, action: { kind: 'drop' } });
  expect(h.runUntil(() => h.node('n5').role === 'leader', 3_000)).toBe(true);
  h.runFor(5);
  w.crash('n5');
  w.restart('n1');
  h.rule({
    id: 'old-terms-only',
    match: { from: 'n1', kind: 'raft.append', where: (m) => (m as unknown as AppendRequest).entries.some((e) => e.term === h.node('n1').term) },
    action: { kind: 'drop' },
  });
  expect(h.runUntil(() => w.isUp('n1') && h.node('n1').role === 'leader', 3_000)).toBe(true);
  h.runFor(300);
  w.crash('n1');
  w.removeRule('old-terms-only');
  w.removeRule('n5-alone');
  w.restart('n5');
  expect(h.runUntil(() => h.leads('n5'), 3_000)).toBe(true);
  w.removeRule('no-campaign');
  h.complete('c2', { f: 'get', path: '/x' }, 'n5', true);
  return h;
};

// R6: with lease reads, n1's acknowledgements of one heartbeat round are held up and n1 is cut off
// from sending. They are delivered just before the followers' patience with n1 runs out. The
// others elect a leader and take a write; the mutant's lease, counted from the late delivery,
// still holds, and n1 answers a read from its own state.
export const R6: Schedule = (mutants) => {
  const h = new Harness({ clients: 3, mutants, options: { readBarrier: 'lease' } });
  const w = h.world;
  h.elect('n1');
  for (const c of ['c1', 'c2']) h.connect(c, 'n1');
  h.complete('c1', { f: 'create', path: '/x', data: '1', mode: 'persistent' }, 'n1');
  h.runFor(100);
  h.rule({ id: 'hold-acks', match: { from: ['n2', 'n3'], to: 'n1', kind: 'raft.heartbeat-resp' }, action: { kind: 'hold', bucket: 'acks' } });
  expect(h.runUntil(() => w.heldCount('acks') >= 2, 200)).toBe(true);
  const term = h.node('n1').term;
  w.cut(['n1'], ['n2', 'n3'], true);
  h.rule({ id: 'shield', match: { from: ['n2', 'n3'], to: 'n1' }, action: { kind: 'drop' } });
  h.runFor(130);
  w.removeRule('hold-acks');
  w.release('acks');
  h.rule({ id: 'n2-campaigns', match: { from: 'n3', kind: ['raft.prevote', 'raft.vote'] }, action: { kind: 'drop' } });
  h.runFor(25);
  w.fireTimer('n2', 'raft.election');
  const leader = h.awaitLeader(term, 'n1');
  expect(leader).toBeDefined();
  w.removeRule('n2-campaigns');
  expect(h.complete('c1', { f: 'set', path: '/x', data: '2', version: -1 }, leader!).outcome).toBe('ok');
  h.op('c2', { f: 'get', path: '/x' }, 'n1', false, 1_000);
  h.runFor(1_000);
  return h;
};

// R9 (the single-server membership change bug): voters n1–n4. Leader n1 adds n5, but the entry
// reaches only n5. n1 crashes; n2 wins with n3 and n4 and at once adds n6 instead (the mutant does
// not wait for an entry of its term to commit); with n3 and n6 that change commits in
// {n1,n2,n3,n4,n6}, and so does a write. n2 crashes; n1 returns and wins with n4 and n5, a
// majority of its own configuration {n1,…,n5}, without the write.
export const R9: Schedule = (mutants) => {
  const h = new Harness({ replicas: 6, clients: 2, mutants, options: { voters: 4 } });
  const w = h.world;
  h.elect('n1');
  for (const c of ['c1', 'c2']) h.connect(c, 'n1');
  h.complete('c1', { f: 'create', path: '/x', data: '1', mode: 'persistent' }, 'n1');
  h.runFor(50);
  h.rule({ id: 'only-n5', match: { from: 'n1', to: ['n2', 'n3', 'n4'], kind: 'raft.append' }, action: { kind: 'drop' } });
  expect(h.node('n1').changeVoters(['n1', 'n2', 'n3', 'n4', 'n5'])).toBe(true);
  expect(h.runUntil(() => h.node('n5').log.config.voters.length === 5, 1_000)).toBe(true);
  w.crash('n1');
  w.removeRule('only-n5');
  h.rule({ id: 'n2-campaigns', match: { from: ['n3', 'n4', 'n5', 'n6'], kind: ['raft.prevote', 'raft.vote'] }, action: { kind: 'drop' } });
  h.rule({ id: 'n4-behind', match: { from: 'n2', to: 'n4', kind: 'raft.append' }, action: { kind: 'drop' } });
  expect(h.runUntil(() => h.node('n2').role === 'leader', 3_000)).toBe(true);
  h.node('n2').changeVoters(['n1', 'n2', 'n3', 'n4', 'n6']);
  h.runFor(100);
  h.complete('c1', { f: 'set', path: '/x', data: '2', version: -1 }, 'n2', false, 500);
  w.crash('n2');
  w.removeRule('n2-campaigns');
  h.rule({ id: 'n1-campaigns', match: { from: ['n3', 'n4', 'n5', 'n6'], kind: ['raft.prevote', 'raft.vote'] }, action: { kind: 'drop' } });
  w.restart('n1');
  expect(h.runUntil(() => h.leads('n1'), 3_000)).toBe(true);
  h.complete('c2', { f: 'get', path: '/x' }, 'n1');
  return h;
};
