import { describe, expect, it } from 'vitest';
import type { Op, SessionId } from '../../../protocols/store/index.js';
import { sessionId, WatchManager } from '../../../protocols/store/index.js';
import { Driver } from './driver.js';

/** A machine and one replica's watch manager, wired the way a replica wires them. */
function replica() {
  const d = new Driver();
  const w = new WatchManager();
  return {
    d,
    w,
    /** A read through the log that registers its watch. */
    read(session: SessionId, op: Op) {
      const result = d.op(session, op);
      w.register(session, op, result);
      return result;
    },
    /** A write; returns the notifications it fired. */
    write(session: SessionId, op: Op) {
      return w.fire(d.request(session, op).changes);
    },
    expire(session: SessionId) {
      w.dropSession(session);
      return w.fire(d.close(session, 'expired').changes);
    },
  };
}

describe('watch triggers', () => {
  it('set fires data watches from get and exists, once', () => {
    const r = replica();
    const a = r.d.open(1);
    const b = r.d.open(2);
    r.write(a, { f: 'create', path: '/x', data: '', mode: 'persistent' });
    r.read(a, { f: 'get', path: '/x', watch: true });
    r.read(b, { f: 'exists', path: '/x', watch: true });
    r.read(b, { f: 'get', path: '/x', watch: true }); // same watch again: still one
    expect(r.write(a, { f: 'set', path: '/x', data: '1', version: -1 })).toEqual([
      { session: a, path: '/x', type: 'NodeDataChanged' },
      { session: b, path: '/x', type: 'NodeDataChanged' },
    ]);
    expect(r.write(a, { f: 'set', path: '/x', data: '2', version: -1 })).toEqual([]);
    expect(r.w.size).toBe(0);
  });

  it('create fires the creation watch from exists and the parent child watch', () => {
    const r = replica();
    const a = r.d.open(1);
    r.write(a, { f: 'create', path: '/p', data: '', mode: 'persistent' });
    expect(r.read(a, { f: 'exists', path: '/p/c', watch: true })).toEqual({ exists: false });
    r.read(a, { f: 'children', path: '/p', watch: true });
    expect(r.write(a, { f: 'create', path: '/p/c', data: '', mode: 'persistent' })).toEqual([
      { session: a, path: '/p/c', type: 'NodeCreated' },
      { session: a, path: '/p', type: 'NodeChildrenChanged' },
    ]);
  });

  it('delete fires the node’s data and child watches once per session, then the parent child watch', () => {
    const r = replica();
    const a = r.d.open(1);
    const b = r.d.open(2);
    r.write(a, { f: 'create', path: '/p', data: '', mode: 'persistent' });
    r.write(a, { f: 'create', path: '/p/c', data: '', mode: 'persistent' });
    r.read(a, { f: 'get', path: '/p/c', watch: true });
    r.read(a, { f: 'children', path: '/p/c', watch: true });
    r.read(b, { f: 'children', path: '/p/c', watch: true });
    r.read(b, { f: 'children', path: '/p', watch: true });
    expect(r.write(a, { f: 'delete', path: '/p/c', version: -1 })).toEqual([
      { session: a, path: '/p/c', type: 'NodeDeleted' },
      { session: b, path: '/p/c', type: 'NodeDeleted' },
      { session: b, path: '/p', type: 'NodeChildrenChanged' },
    ]);
    expect(r.w.watchesOf(a)).toEqual({ data: [], children: [] });
    expect(r.w.size).toBe(0);
  });

  it('sets no watch for reads that fail or do not ask for one', () => {
    const r = replica();
    const a = r.d.open(1);
    r.read(a, { f: 'get', path: '/none', watch: true });
    r.read(a, { f: 'children', path: '/none', watch: true });
    r.read(a, { f: 'get', path: '/' });
    r.read(a, { f: 'exists', path: 'bad', watch: true });
    expect(r.w.size).toBe(0);
    expect(r.w.register(a, { f: 'sync', path: '/' }, {})).toBe(false);
  });

  it('a child watch ignores data changes and a data watch ignores child changes', () => {
    const r = replica();
    const a = r.d.open(1);
    r.write(a, { f: 'create', path: '/p', data: '', mode: 'persistent' });
    r.read(a, { f: 'children', path: '/p', watch: true });
    expect(r.write(a, { f: 'set', path: '/p', data: 'x', version: -1 })).toEqual([]);
    r.read(a, { f: 'get', path: '/p', watch: true });
    expect(r.write(a, { f: 'create', path: '/p/c', data: '', mode: 'persistent' })).toEqual([
      { session: a, path: '/p', type: 'NodeChildrenChanged' },
    ]);
    expect(r.w.watchesOf(a)).toEqual({ data: ['/p'], children: [] });
  });
});

describe('watch ordering', () => {
  it('notifications follow the order of the changes, across a multi', () => {
    const r = replica();
    const a = r.d.open(1);
    r.write(a, { f: 'create', path: '/x', data: '', mode: 'persistent' });
    r.read(a, { f: 'get', path: '/x', watch: true });
    r.read(a, { f: 'exists', path: '/y', watch: true });
    r.read(a, { f: 'children', path: '/', watch: true });
    const fired = r.write(a, {
      f: 'multi',
      ops: [
        { op: 'create', path: '/y', data: '', mode: 'persistent' },
        { op: 'set', path: '/x', data: '1', version: -1 },
      ],
    });
    expect(fired.map((n) => `${n.type} ${n.path}`)).toEqual(['NodeCreated /y', 'NodeChildrenChanged /', 'NodeDataChanged /x']);
  });

  it('a failed multi fires nothing', () => {
    const r = replica();
    const a = r.d.open(1);
    r.read(a, { f: 'exists', path: '/y', watch: true });
    const fired = r.write(a, {
      f: 'multi',
      ops: [
        { op: 'create', path: '/y', data: '', mode: 'persistent' },
        { op: 'check', path: '/y', version: 3 },
      ],
    });
    expect(fired).toEqual([]);
    expect(r.w.watchesOf(a)).toEqual({ data: ['/y'], children: [] });
  });
});

describe('sessions and watches', () => {
  it('expiry fires other sessions’ watches on the deleted ephemerals and drops the expired session’s', () => {
    const r = replica();
    const leader = r.d.open(1);
    const follower = r.d.open(2);
    r.write(leader, { f: 'create', path: '/election', data: '', mode: 'persistent' });
    r.write(leader, { f: 'create', path: '/election/n-', data: 'me', mode: 'ephemeral-sequential' });
    r.read(follower, { f: 'exists', path: '/election/n-0000000000', watch: true });
    r.read(leader, { f: 'children', path: '/election', watch: true });
    r.read(leader, { f: 'get', path: '/election/n-0000000000', watch: true });
    expect(r.expire(leader)).toEqual([{ session: follower, path: '/election/n-0000000000', type: 'NodeDeleted' }]);
    expect(r.w.watchesOf(leader)).toEqual({ data: [], children: [] });
    expect(r.w.size).toBe(0);
  });

  it('dropSession removes only that session’s watches', () => {
    const w = new WatchManager();
    const [a, b] = [sessionId(1), sessionId(2)];
    w.watchData(a, '/x');
    w.watchChildren(a, '/x');
    w.watchData(b, '/x');
    w.dropSession(a);
    w.dropSession(sessionId(99));
    expect(w.fire([{ type: 'NodeDeleted', path: '/x' }])).toEqual([{ session: b, path: '/x', type: 'NodeDeleted' }]);
  });
});
