/** The znode model: ZooKeeper semantics, results as the store writes them, and the partitioning. */
import { describe, expect, it } from 'vitest';
import type { HistoryEvent } from '../../../sim/check/index.js';
import { check } from '../../../sim/check/index.js';

/** One process doing `ops` one after another (each `[f, value, result]`), so the order is fixed. */
function serial(...ops: readonly (readonly [string, unknown, unknown])[]): HistoryEvent[] {
  return ops.flatMap(([f, value, result], i) => [
    { process: 0, type: 'invoke' as const, f, value, line: 2 * i + 1 },
    { process: 0, type: 'ok' as const, f, value: result, line: 2 * i + 2 },
  ]);
}
const ok = (...ops: readonly (readonly [string, unknown, unknown])[]): string => check(serial(...ops), { model: 'znode' }).verdict;

describe('znode semantics', () => {
  it('starts with only "/" holding empty data', () => {
    expect(ok(['get', { path: '/' }, { data: '', version: 0 }], ['get', { path: '/a' }, { error: 'NoNode' }])).toBe('linearizable');
  });

  it('names sequential nodes after the parent cversion, which counts creates and deletes', () => {
    expect(
      ok(
        ['create', { path: '/q', data: '', mode: 'persistent' }, { path: '/q' }],
        ['create', { path: '/q/n-', data: 'a', mode: 'persistent-sequential' }, { path: '/q/n-0000000000' }],
        ['delete', { path: '/q/n-0000000000', version: -1 }, {}],
        ['create', { path: '/q/n-', data: 'b', mode: 'persistent-sequential' }, { path: '/q/n-0000000002' }],
        ['children', { path: '/q' }, { children: ['n-0000000002'] }],
      ),
    ).toBe('linearizable');
    expect(
      ok(
        ['create', { path: '/q', data: '', mode: 'persistent' }, { path: '/q' }],
        ['create', { path: '/q/n-', data: 'a', mode: 'persistent-sequential' }, { path: '/q/n-0000000001' }],
      ),
    ).toBe('not-linearizable');
  });

  it('versions: set increments, expected versions are checked, -1 matches any', () => {
    expect(
      ok(
        ['create', { path: '/a', data: 'x', mode: 'persistent' }, { path: '/a' }],
        ['set', { path: '/a', data: 'y', version: 0 }, { version: 1 }],
        ['set', { path: '/a', data: 'z', version: 0 }, { error: 'BadVersion' }],
        ['set', { path: '/a', data: 'z', version: -1 }, { version: 2 }],
        ['get', { path: '/a' }, { data: 'z', version: 2, stat: { ignored: true } }],
        ['exists', { path: '/a' }, { exists: true, version: 2 }],
      ),
    ).toBe('linearizable');
  });

  it('delete checks the version before emptiness, and refuses "/"', () => {
    const setup = [
      ['create', { path: '/a', data: '', mode: 'persistent' }, { path: '/a' }],
      ['create', { path: '/a/b', data: '', mode: 'persistent' }, { path: '/a/b' }],
    ] as const;
    expect(ok(...setup, ['delete', { path: '/a', version: 5 }, { error: 'BadVersion' }])).toBe('linearizable');
    expect(ok(...setup, ['delete', { path: '/a', version: 5 }, { error: 'NotEmpty' }])).toBe('not-linearizable');
    expect(ok(...setup, ['delete', { path: '/a', version: 0 }, { error: 'NotEmpty' }])).toBe('linearizable');
    expect(ok(['delete', { path: '/', version: -1 }, { error: 'BadArguments' }])).toBe('linearizable');
  });

  it('ephemeral nodes cannot have children and go with their session', () => {
    expect(
      ok(
        ['create', { path: '/e', data: '', mode: 'ephemeral', session: 7 }, { path: '/e' }],
        ['create', { path: '/e/c', data: '', mode: 'persistent' }, { error: 'NoChildrenForEphemerals' }],
        ['create', { path: '/f', data: '', mode: 'ephemeral', session: 8 }, { path: '/f' }],
        ['close-session', { session: 7 }, {}],
        ['exists', { path: '/e' }, { exists: false }],
        ['exists', { path: '/f' }, { exists: true, version: 0 }],
      ),
    ).toBe('linearizable');
  });

  it('multi is all or nothing, and names the failing sub-operation', () => {
    expect(
      ok(
        ['multi', { ops: [{ op: 'create', path: '/a', data: '', mode: 'persistent' }, { op: 'create', path: '/a/b', data: 'x', mode: 'persistent' }] }, { results: [{ path: '/a' }, { path: '/a/b' }] }],
        ['multi', { ops: [{ op: 'set', path: '/a/b', data: 'y', version: -1 }, { op: 'check', path: '/a', version: 3 }] }, { error: 'BadVersion', index: 1 }],
        ['get', { path: '/a/b' }, { data: 'x', version: 0 }],
      ),
    ).toBe('linearizable');
  });

  it('a refusal with SessionExpired fits any state and changes nothing', () => {
    expect(ok(['set', { path: '/nope', data: 'x', version: -1 }, { error: 'SessionExpired' }], ['get', { path: '/nope' }, { error: 'NoNode' }])).toBe('linearizable');
  });

  it('reads the path from the event key when the value has none', () => {
    const h: HistoryEvent[] = [
      { process: 0, type: 'invoke', f: 'get', key: '/a', value: {} },
      { process: 0, type: 'ok', f: 'get', key: '/a', value: { error: 'NoNode' } },
    ];
    expect(check(h, { model: 'znode' }).verdict).toBe('linearizable');
  });

  it('rejects malformed values, naming the line', () => {
    expect(() => check(serial(['create', { path: '/a', mode: 'forever' }, { path: '/a' }]), { model: 'znode', file: 'z.json' })).toThrow(
      /^z\.json:1: create expects mode persistent, ephemeral, persistent-sequential or ephemeral-sequential/,
    );
    expect(() => check(serial(['get', { path: '/a' }, { version: 1 }]), { model: 'znode' })).toThrow(/:2: get expects a result \{data, version\} or \{error\}/);
  });
});

describe('znode partitions', () => {
  const keys = (h: HistoryEvent[]): string[] => check(h, { model: 'znode' }).partitions.map((p) => p.key);
  const create = (path: string, mode = 'persistent', session = 1): readonly [string, unknown, unknown] => ['create', { path, data: '', mode, session }, { path }];

  it('splits by top-level path component, with "/" itself apart', () => {
    expect(keys(serial(create('/a'), create('/a/x'), create('/b'), ['set', { path: '/', data: 'r', version: -1 }, { version: 1 }]))).toEqual(['/a', '/b', '/']);
  });

  it('joins everything that creates or deletes top-level nodes when children("/") observes them', () => {
    expect(keys(serial(create('/a'), create('/b'), ['children', { path: '/' }, { children: ['a', 'b'] }]))).toEqual(['/ children /a /b']);
  });

  it('joins the subtrees where a closed session had ephemeral nodes', () => {
    expect(keys(serial(create('/a'), create('/a/e', 'ephemeral', 3), create('/b/e', 'ephemeral', 3), create('/c'), ['close-session', { session: 3 }, {}]))).toEqual(['/a /b', '/c']);
  });

  it('joins a multi across subtrees', () => {
    const multi = ['multi', { ops: [{ op: 'check', path: '/a', version: 0 }, { op: 'check', path: '/b', version: 0 }] }, { error: 'NoNode', index: 0 }] as const;
    expect(keys(serial(create('/c'), multi))).toEqual(['/c', '/a /b']);
  });

  it('joins root-level sequential creates with the names they may have made', () => {
    const seq = ['create', { path: '/lock-', data: '', mode: 'ephemeral-sequential', session: 1 }, { path: '/lock-0000000000' }] as const;
    expect(keys(serial(seq, ['get', { path: '/lock-0000000000' }, { data: '', version: 0 }], create('/other')))).toEqual(['/ children /lock-0000000000 /other']);
  });
});
