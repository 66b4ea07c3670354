import { describe, expect, it } from 'vitest';
import type { Change, SessionId } from '../../../protocols/store/index.js';
import { sessionId, zxid, ZnodeTree } from '../../../protocols/store/index.js';
import { nextVersion, utf8Length } from '../../../protocols/store/znode.js';

const S1: SessionId = sessionId(11);
const S2: SessionId = sessionId(12);

/** A tree plus a zxid counter and a change log, so tests read like a ZooKeeper session. */
function setup() {
  const tree = new ZnodeTree();
  const changes: Change[] = [];
  let next = 1;
  const z = () => zxid(next++);
  return {
    tree,
    changes,
    create: (path: string, data = '', mode: 'persistent' | 'ephemeral' | 'persistent-sequential' | 'ephemeral-sequential' = 'persistent', owner = S1) =>
      tree.create(path, data, mode, owner, z(), changes),
    set: (path: string, data: string, version = -1) => tree.set(path, data, version, z(), changes),
    del: (path: string, version = -1) => tree.delete(path, version, z(), changes),
    z,
  };
}

describe('create', () => {
  it('creates persistent nodes and reports NodeCreated then the parent NodeChildrenChanged', () => {
    const t = setup();
    expect(t.create('/a', 'x')).toEqual({ path: '/a' });
    expect(t.create('/a/b', 'y')).toEqual({ path: '/a/b' });
    expect(t.changes).toEqual([
      { type: 'NodeCreated', path: '/a' },
      { type: 'NodeChildrenChanged', path: '/' },
      { type: 'NodeCreated', path: '/a/b' },
      { type: 'NodeChildrenChanged', path: '/a' },
    ]);
  });

  it('answers NodeExists, NoNode, NoChildrenForEphemerals and BadArguments', () => {
    const t = setup();
    t.create('/a');
    expect(t.create('/a')).toEqual({ error: 'NodeExists' });
    expect(t.create('/')).toEqual({ error: 'NodeExists' });
    expect(t.create('/missing/child')).toEqual({ error: 'NoNode' });
    t.create('/e', '', 'ephemeral');
    expect(t.create('/e/child')).toEqual({ error: 'NoChildrenForEphemerals' });
    expect(t.create('/e/', '', 'persistent-sequential')).toEqual({ error: 'NoChildrenForEphemerals' });
    expect(t.create('a')).toEqual({ error: 'BadArguments' });
    expect(t.create('/a/')).toEqual({ error: 'BadArguments' });
    expect(t.create('/a//b')).toEqual({ error: 'BadArguments' });
    // Existing node takes precedence over the ephemeral parent, as in ZooKeeper's PrepRequestProcessor.
    expect(t.tree.size).toBe(3);
  });

  it('names sequential nodes from the parent cversion, which creates and deletes both bump', () => {
    const t = setup();
    t.create('/q');
    expect(t.create('/q/job-', 'a', 'persistent-sequential')).toEqual({ path: '/q/job-0000000000' });
    expect(t.create('/q/job-', 'b', 'persistent-sequential')).toEqual({ path: '/q/job-0000000001' });
    t.create('/q/other');
    t.del('/q/other');
    expect(t.create('/q/job-', 'c', 'ephemeral-sequential')).toEqual({ path: '/q/job-0000000004' });
    // A prefix ending in "/" names the node by the counter alone.
    expect(t.create('/q/', 'd', 'persistent-sequential')).toEqual({ path: '/q/0000000005' });
    expect(t.create('/', 'r', 'persistent-sequential')).toEqual({ path: '/0000000001' });
    expect(t.tree.get('/q')).toMatchObject({ stat: { cversion: 6, numChildren: 4 } });
    expect(t.tree.get('/q/job-0000000004')).toMatchObject({ stat: { ephemeralOwner: S1 } });
  });

  it('never answers NodeExists for repeated sequential creates of the same prefix', () => {
    const t = setup();
    const names = new Set<string>();
    for (let i = 0; i < 50; i++) {
      const r = t.create('/n-', String(i), 'persistent-sequential');
      expect(r.error).toBeUndefined();
      if (r.error === undefined) names.add(r.path);
    }
    expect(names.size).toBe(50);
  });
});

describe('stat', () => {
  it('tracks version, cversion, czxid, mzxid, pzxid, ephemeralOwner, numChildren, dataLength', () => {
    const t = setup();
    t.create('/a', 'hello'); // zxid 1
    expect(t.tree.get('/a')).toEqual({
      data: 'hello',
      version: 0,
      stat: { version: 0, cversion: 0, czxid: 1, mzxid: 1, pzxid: 1, ephemeralOwner: 0, numChildren: 0, dataLength: 5 },
    });
    t.set('/a', 'héllo'); // zxid 2
    t.create('/a/x', '', 'ephemeral', S2); // zxid 3
    t.create('/a/y'); // zxid 4
    t.del('/a/y'); // zxid 5
    expect(t.tree.get('/a')).toEqual({
      data: 'héllo',
      version: 1,
      stat: { version: 1, cversion: 3, czxid: 1, mzxid: 2, pzxid: 5, ephemeralOwner: 0, numChildren: 1, dataLength: 6 },
    });
    expect(t.tree.get('/a/x')).toMatchObject({ stat: { ephemeralOwner: S2, czxid: 3, mzxid: 3, pzxid: 3 } });
    expect(t.tree.get('/')).toMatchObject({ stat: { czxid: 0, mzxid: 0, pzxid: 1, cversion: 1, numChildren: 1 } });
  });

  it('counts dataLength in UTF-8 bytes', () => {
    for (const s of ['', 'abc', 'é', '日本語', '😀x', '\ud800', 'a\udc00b']) {
      expect(utf8Length(s)).toBe(Buffer.byteLength(s, 'utf8'));
    }
  });

  it('wraps versions past the 32-bit maximum and skips -1', () => {
    expect(nextVersion(0)).toBe(1);
    expect(nextVersion(2_147_483_647)).toBe(-2_147_483_648);
    expect(nextVersion(-2)).toBe(0);
  });
});

describe('set, delete, exists, children', () => {
  it('compare-and-set: matching or -1 versions succeed, others are BadVersion', () => {
    const t = setup();
    t.create('/a', 'v0');
    expect(t.set('/a', 'v1', 0)).toEqual({ version: 1 });
    expect(t.set('/a', 'v2', 0)).toEqual({ error: 'BadVersion' });
    expect(t.set('/a', 'v2', -1)).toEqual({ version: 2 });
    expect(t.set('/nope', 'x')).toEqual({ error: 'NoNode' });
    expect(t.set('nope', 'x')).toEqual({ error: 'BadArguments' });
    expect(t.tree.get('/a')).toMatchObject({ data: 'v2', version: 2 });
    expect(t.changes.filter((c) => c.type === 'NodeDataChanged')).toHaveLength(2);
  });

  it('delete answers NoNode, BadVersion (before NotEmpty), NotEmpty and BadArguments', () => {
    const t = setup();
    t.create('/a');
    t.create('/a/b');
    expect(t.del('/zz')).toEqual({ error: 'NoNode' });
    expect(t.del('/a', 7)).toEqual({ error: 'BadVersion' });
    expect(t.del('/a', 0)).toEqual({ error: 'NotEmpty' });
    expect(t.del('/')).toEqual({ error: 'BadArguments' });
    expect(t.del('/a/b/')).toEqual({ error: 'BadArguments' });
    t.changes.length = 0;
    expect(t.del('/a/b', 0)).toEqual({});
    expect(t.changes).toEqual([
      { type: 'NodeDeleted', path: '/a/b' },
      { type: 'NodeChildrenChanged', path: '/a' },
    ]);
    expect(t.del('/a')).toEqual({});
    expect(t.tree.exists('/a')).toEqual({ exists: false });
  });

  it('exists and children', () => {
    const t = setup();
    t.create('/p');
    for (const name of ['b', 'a', 'c10', 'c2', 'B']) t.create(`/p/${name}`);
    t.set('/p', 'x');
    expect(t.tree.exists('/p')).toEqual({ exists: true, version: 1 });
    expect(t.tree.exists('/q')).toEqual({ exists: false });
    expect(t.tree.exists('q')).toEqual({ error: 'BadArguments' });
    expect(t.tree.children('/p')).toEqual({ children: ['B', 'a', 'b', 'c10', 'c2'] });
    expect(t.tree.children('/q')).toEqual({ error: 'NoNode' });
    t.del('/p/a');
    expect(t.tree.children('/p')).toEqual({ children: ['B', 'b', 'c10', 'c2'] });
  });
});

describe('multi', () => {
  it('applies all sub-operations with one zxid, each seeing the earlier ones', () => {
    const t = setup();
    t.create('/q');
    const z = t.z();
    const r = t.tree.multi(
      [
        { op: 'create', path: '/q/a', data: '1', mode: 'persistent' },
        { op: 'check', path: '/q/a', version: 0 },
        { op: 'set', path: '/q/a', data: '2', version: 0 },
        { op: 'create', path: '/q/s-', data: '', mode: 'persistent-sequential' },
        { op: 'create', path: '/q/s-', data: '', mode: 'persistent-sequential' },
        { op: 'delete', path: '/q/a', version: 1 },
      ],
      S1,
      z,
      t.changes,
    );
    expect(r).toEqual({ results: [{ path: '/q/a' }, {}, { version: 1 }, { path: '/q/s-0000000001' }, { path: '/q/s-0000000002' }, {}] });
    expect(t.tree.children('/q')).toEqual({ children: ['s-0000000001', 's-0000000002'] });
    expect(t.tree.get('/q')).toMatchObject({ stat: { cversion: 4, pzxid: z } });
    expect(t.tree.get('/q/s-0000000002')).toMatchObject({ stat: { czxid: z } });
  });

  it('rolls everything back on the first failure and reports its index', () => {
    const t = setup();
    t.create('/q', 'orig');
    t.create('/q/keep');
    const before = { records: t.tree.records(), digest: t.tree.digestLanes(), changes: t.changes.length };
    const r = t.tree.multi(
      [
        { op: 'set', path: '/q', data: 'changed', version: 0 },
        { op: 'create', path: '/q/new', data: '', mode: 'ephemeral' },
        { op: 'delete', path: '/q/keep', version: -1 },
        { op: 'create', path: '/q/s-', data: '', mode: 'persistent-sequential' },
        { op: 'check', path: '/q', version: 0 }, // version is 1 by now
        { op: 'create', path: '/never', data: '', mode: 'persistent' },
      ],
      S1,
      t.z(),
      t.changes,
    );
    expect(r).toEqual({ error: 'BadVersion', index: 4 });
    expect(t.tree.records()).toEqual(before.records);
    expect(t.tree.digestLanes()).toEqual(before.digest);
    expect(t.tree.ephemeralsOf(S1)).toEqual([]);
    expect(t.changes).toHaveLength(before.changes);
    // The rolled-back creates did not consume sequence numbers.
    expect(t.create('/q/s-', '', 'persistent-sequential')).toEqual({ path: '/q/s-0000000001' });
  });

  it('reports each kind of sub-operation error', () => {
    const t = setup();
    t.create('/a');
    t.create('/a/b');
    const fail = (op: Parameters<ZnodeTree['multi']>[0][number]) => t.tree.multi([{ op: 'check', path: '/a', version: -1 }, op], S1, t.z(), t.changes);
    expect(fail({ op: 'create', path: '/a', data: '', mode: 'persistent' })).toEqual({ error: 'NodeExists', index: 1 });
    expect(fail({ op: 'delete', path: '/a', version: -1 })).toEqual({ error: 'NotEmpty', index: 1 });
    expect(fail({ op: 'set', path: '/x', data: '', version: -1 })).toEqual({ error: 'NoNode', index: 1 });
    expect(fail({ op: 'check', path: '/a/', version: -1 })).toEqual({ error: 'BadArguments', index: 1 });
    expect(t.tree.multi([], S1, t.z(), t.changes)).toEqual({ results: [] });
  });
});

describe('ephemerals', () => {
  it('deletes a session’s ephemerals in path order, bumping parents', () => {
    const t = setup();
    t.create('/a');
    t.create('/a/z', '', 'ephemeral', S1);
    t.create('/a/m', '', 'ephemeral', S2);
    t.create('/b', '', 'ephemeral', S1);
    t.create('/a/e-', '', 'ephemeral-sequential', S1);
    t.changes.length = 0;
    const deleted = t.tree.deleteEphemerals(S1, t.z(), t.changes);
    expect(deleted).toEqual(['/a/e-0000000002', '/a/z', '/b']);
    expect(t.tree.children('/a')).toEqual({ children: ['m'] });
    expect(t.tree.ephemeralsOf(S1)).toEqual([]);
    expect(t.tree.ephemeralsOf(S2)).toEqual(['/a/m']);
    expect(t.changes.map((c) => `${c.type} ${c.path}`)).toEqual([
      'NodeDeleted /a/e-0000000002',
      'NodeChildrenChanged /a',
      'NodeDeleted /a/z',
      'NodeChildrenChanged /a',
      'NodeDeleted /b',
      'NodeChildrenChanged /',
    ]);
  });

  it('drops an ephemeral from the index when it is deleted explicitly', () => {
    const t = setup();
    t.create('/e', '', 'ephemeral', S1);
    t.del('/e');
    expect(t.tree.ephemeralsOf(S1)).toEqual([]);
    expect(t.tree.deleteEphemerals(S1, t.z(), t.changes)).toEqual([]);
  });
});
