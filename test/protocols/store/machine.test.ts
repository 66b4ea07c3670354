import { describe, expect, it } from 'vitest';
import { sessionId, StoreMachine, zxid } from '../../../protocols/store/index.js';
import { cid, Driver } from './driver.js';

describe('exactly-once', () => {
  it('answers a duplicate with the identical original response and does not re-execute', () => {
    const d = new Driver();
    const s = d.open(1);
    const first = d.request(s, { f: 'create', path: '/q-', data: 'job', mode: 'persistent-sequential' }, 'w', 1);
    expect(first.result).toEqual({ path: '/q-0000000000' });
    const digest = d.machine.digest();
    const before = d.machine.snapshot();
    const retry = d.apply({ kind: 'op', client: cid('w'), seq: 1, session: s, op: { f: 'create', path: '/q-', data: 'job', mode: 'persistent-sequential' } });
    expect(retry.response).toEqual({ kind: 'op', client: 'w', seq: 1, result: { path: '/q-0000000000' }, duplicate: true });
    expect(retry.response.kind === 'op' && retry.response.result).toBe(first.result);
    expect(retry.changes).toEqual([]);
    expect(d.machine.read({ f: 'children', path: '/' })).toEqual({ children: ['q-0000000000'] });
    // Only the applied zxid moved; the tree, sessions and client table did not.
    expect({ ...d.machine.snapshot(), appliedZxid: before.appliedZxid }).toEqual(before);
    expect(d.machine.digest()).not.toBe(digest);
  });

  it('a retried compare-and-set is applied once even when another write came in between', () => {
    const d = new Driver();
    const s = d.open(1);
    d.op(s, { f: 'create', path: '/k', data: '0', mode: 'persistent' }, 'a', 1);
    expect(d.op(s, { f: 'set', path: '/k', data: '1', version: 0 }, 'a', 2)).toEqual({ version: 1 });
    expect(d.op(s, { f: 'set', path: '/k', data: '2', version: -1 }, 'b', 1)).toEqual({ version: 2 });
    // The retry of a's CAS would now fail with BadVersion if executed; it gets its original answer.
    expect(d.op(s, { f: 'set', path: '/k', data: '1', version: 0 }, 'a', 2)).toEqual({ version: 1 });
    expect(d.machine.read({ f: 'get', path: '/k' })).toMatchObject({ data: '2', version: 2 });
  });

  it('answers an older seq as stale without executing it', () => {
    const d = new Driver();
    const s = d.open(1);
    d.op(s, { f: 'create', path: '/a', data: '', mode: 'persistent' }, 'c', 5);
    d.op(s, { f: 'delete', path: '/a', version: -1 }, 'c', 6);
    const late = d.apply({ kind: 'op', client: cid('c'), seq: 5, session: s, op: { f: 'create', path: '/a', data: '', mode: 'persistent' } });
    expect(late).toEqual({ response: { kind: 'stale', client: 'c', seq: 5, lastSeq: 6 }, changes: [] });
    expect(d.machine.read({ f: 'exists', path: '/a' })).toEqual({ exists: false });
    expect(d.machine.lastSeq(cid('c'))).toBe(6);
  });

  it('accepts gaps in seq and keeps clients independent', () => {
    const d = new Driver();
    const s = d.open(1);
    expect(d.op(s, { f: 'create', path: '/x', data: '', mode: 'persistent' }, 'p', 10)).toEqual({ path: '/x' });
    expect(d.op(s, { f: 'create', path: '/x', data: '', mode: 'persistent' }, 'q', 1)).toEqual({ error: 'NodeExists' });
    expect(d.op(s, { f: 'delete', path: '/x', version: 0 }, 'p', 12)).toEqual({});
  });

  it('answers a retry with its original result even after the session expired', () => {
    const d = new Driver();
    const s = d.open(1);
    expect(d.op(s, { f: 'create', path: '/a', data: '', mode: 'persistent' }, 'c', 1)).toEqual({ path: '/a' });
    d.close(s, 'expired');
    expect(d.op(s, { f: 'create', path: '/a', data: '', mode: 'persistent' }, 'c', 1)).toEqual({ path: '/a' });
    expect(d.op(s, { f: 'create', path: '/b', data: '', mode: 'persistent' }, 'c', 2)).toEqual({ error: 'SessionExpired' });
  });
});

describe('sessions', () => {
  it('refuses operations on unknown or closed sessions', () => {
    const d = new Driver();
    expect(d.op(sessionId(9), { f: 'get', path: '/' })).toEqual({ error: 'SessionExpired' });
    expect(d.op(sessionId(9), { f: 'multi', ops: [] })).toEqual({ error: 'SessionExpired' });
    const s = d.open(9);
    expect(d.op(s, { f: 'sync', path: '/' })).toEqual({});
    expect(d.op(s, { f: 'sync', path: 'bad' })).toEqual({ error: 'BadArguments' });
    d.close(s);
    expect(d.op(s, { f: 'exists', path: '/' })).toEqual({ error: 'SessionExpired' });
  });

  it('open is idempotent; close of an unknown session changes nothing', () => {
    const d = new Driver();
    const s = sessionId(3);
    expect(d.apply({ kind: 'open-session', session: s, timeoutMs: 4000 }).response).toEqual({ kind: 'open-session', session: 3, created: true });
    expect(d.apply({ kind: 'open-session', session: s, timeoutMs: 9000 }).response).toEqual({ kind: 'open-session', session: 3, created: false });
    d.open(1, 2000);
    expect(d.machine.sessions()).toEqual([
      { session: 1, timeoutMs: 2000 },
      { session: 3, timeoutMs: 4000 },
    ]);
    expect(d.close(sessionId(7))).toEqual({
      response: { kind: 'close-session', session: 7, reason: 'closed', closed: false, deleted: [] },
      changes: [],
    });
    expect(() => d.apply({ kind: 'open-session', session: 0 as never, timeoutMs: 1 })).toThrow(RangeError);
  });

  it('expiry deletes the session’s ephemerals, bumps parents and reports the changes', () => {
    const d = new Driver();
    const a = d.open(1);
    const b = d.open(2);
    d.op(a, { f: 'create', path: '/locks', data: '', mode: 'persistent' });
    d.op(a, { f: 'create', path: '/locks/l-', data: '', mode: 'ephemeral-sequential' });
    d.op(b, { f: 'create', path: '/locks/l-', data: '', mode: 'ephemeral-sequential' });
    d.op(a, { f: 'create', path: '/owner', data: 'a', mode: 'ephemeral' });
    expect(d.machine.ephemeralsOf(a)).toEqual(['/locks/l-0000000000', '/owner']);
    const z = d.nextZxid;
    const expired = d.close(a, 'expired');
    expect(expired.response).toEqual({
      kind: 'close-session',
      session: 1,
      reason: 'expired',
      closed: true,
      deleted: ['/locks/l-0000000000', '/owner'],
    });
    expect(expired.changes).toEqual([
      { type: 'NodeDeleted', path: '/locks/l-0000000000' },
      { type: 'NodeChildrenChanged', path: '/locks' },
      { type: 'NodeDeleted', path: '/owner' },
      { type: 'NodeChildrenChanged', path: '/' },
    ]);
    expect(d.machine.read({ f: 'children', path: '/locks' })).toEqual({ children: ['l-0000000001'] });
    expect(d.machine.read({ f: 'get', path: '/locks' })).toMatchObject({ stat: { cversion: 3, pzxid: z } });
    expect(d.machine.hasSession(a)).toBe(false);
    expect(d.machine.hasSession(b)).toBe(true);
  });
});

describe('apply', () => {
  it('requires strictly increasing zxids', () => {
    const m = new StoreMachine();
    m.apply({ kind: 'noop' }, zxid(5));
    expect(m.appliedZxid).toBe(5);
    expect(() => m.apply({ kind: 'noop' }, zxid(5))).toThrow(RangeError);
    expect(() => m.apply({ kind: 'noop' }, zxid(4))).toThrow(RangeError);
    expect(m.apply({ kind: 'noop' }, zxid(9))).toEqual({ response: { kind: 'noop' }, changes: [] });
  });

  it('serves every operation through the log, with zxids as stat', () => {
    const d = new Driver();
    const s = d.open(1); // zxid 1
    expect(d.op(s, { f: 'create', path: '/a', data: 'x', mode: 'persistent' })).toEqual({ path: '/a' }); // zxid 2
    expect(d.op(s, { f: 'get', path: '/a', watch: true })).toEqual({
      data: 'x',
      version: 0,
      stat: { version: 0, cversion: 0, czxid: 2, mzxid: 2, pzxid: 2, ephemeralOwner: 0, numChildren: 0, dataLength: 1 },
    });
    expect(d.op(s, { f: 'get', path: '/b' })).toEqual({ error: 'NoNode' });
    expect(d.op(s, { f: 'exists', path: '/a' })).toEqual({ exists: true, version: 0 });
    expect(d.op(s, { f: 'children', path: '/' })).toEqual({ children: ['a'] });
    expect(d.op(s, { f: 'set', path: '/a', data: 'y', version: 0 })).toEqual({ version: 1 });
    expect(d.op(s, { f: 'multi', ops: [{ op: 'delete', path: '/a', version: 1 }] })).toEqual({ results: [{}] });
    expect(d.op(s, { f: 'delete', path: '/a', version: -1 })).toEqual({ error: 'NoNode' });
  });

  it('reads outside the log see the applied state and change nothing', () => {
    const d = new Driver();
    const s = d.open(1);
    d.op(s, { f: 'create', path: '/a', data: 'x', mode: 'persistent' });
    const digest = d.machine.digest();
    expect(d.machine.read({ f: 'get', path: '/a' })).toMatchObject({ data: 'x' });
    expect(d.machine.read({ f: 'children', path: '/nope' })).toEqual({ error: 'NoNode' });
    expect(d.machine.read({ f: 'exists', path: '//' })).toEqual({ error: 'BadArguments' });
    expect(d.machine.digest()).toBe(digest);
  });
});

describe('snapshot and digest', () => {
  it('round-trips through JSON to an identical machine', () => {
    const d = new Driver();
    const s = d.open(1);
    d.open(2);
    d.op(s, { f: 'create', path: '/a', data: 'é', mode: 'persistent' });
    d.op(s, { f: 'create', path: '/a/e', data: '', mode: 'ephemeral' });
    d.op(s, { f: 'children', path: '/a' }, 'reader');
    const snap = d.machine.snapshot();
    const copy = StoreMachine.fromSnapshot(JSON.parse(JSON.stringify(snap)));
    expect(copy.snapshot()).toEqual(snap);
    expect(copy.digest()).toBe(d.machine.digest());
    expect(copy.appliedZxid).toBe(d.machine.appliedZxid);
    expect(copy.ephemeralsOf(s)).toEqual(['/a/e']);
  });

  it('rejects malformed snapshots without changing the machine', () => {
    const d = new Driver();
    const s = d.open(1);
    d.op(s, { f: 'create', path: '/e', data: '', mode: 'ephemeral' });
    const good = d.machine.snapshot();
    const digest = d.machine.digest();
    expect(() => d.machine.restore({ ...good, sessions: [] })).toThrow(/not open/);
    expect(() => d.machine.restore({ ...good, nodes: good.nodes.slice(1) })).toThrow(/root/);
    expect(() => d.machine.restore({ ...good, nodes: [...good.nodes, { ...good.nodes[0]!, path: '/x/y' }] })).toThrow(/parent/);
    expect(() => d.machine.restore({ ...good, format: 'other' as never })).toThrow(/format/);
    expect(d.machine.digest()).toBe(digest);
  });

  it('differs when any replicated part differs', () => {
    const base = () => {
      const d = new Driver();
      d.open(1);
      return d;
    };
    const digests = new Set<string>();
    digests.add(base().machine.digest());
    const data = base();
    data.op(sessionId(1), { f: 'create', path: '/a', data: 'x', mode: 'persistent' }, 'c', 1);
    digests.add(data.machine.digest());
    const data2 = base();
    data2.op(sessionId(1), { f: 'create', path: '/a', data: 'y', mode: 'persistent' }, 'c', 1);
    digests.add(data2.machine.digest());
    const seq = base();
    seq.op(sessionId(1), { f: 'create', path: '/a', data: 'x', mode: 'persistent' }, 'c', 2);
    digests.add(seq.machine.digest());
    const session = base();
    session.open(2);
    digests.add(session.machine.digest());
    expect(digests.size).toBe(5);
  });
});
