/**
 * Every case of Porcupine's corpus gets its expected verdict (expected.json: 102 etcd logs with the
 * cas-register model, 6 kv files with the kv model), read in place from ../shared/conformance.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { check, parseHistory } from '../../sim/check/index.js';
import { conformanceDir } from './support/corpus.js';

const dir = conformanceDir('porcupine');

interface Case {
  readonly name: string;
  readonly file: string;
  readonly model: string;
  readonly format: 'porcupine-etcd' | 'porcupine-kv';
  readonly linearizable: boolean;
}

function cases(root: string): Case[] {
  const expected = JSON.parse(readFileSync(join(root, 'expected.json'), 'utf8')) as Record<string, Record<string, boolean>>;
  return [
    ...Object.entries(expected['jepsen'] ?? {}).map(([n, linearizable]) => ({
      name: `jepsen/etcd_${n}`,
      file: join(root, 'jepsen', `etcd_${n}.log`),
      model: 'cas-register',
      format: 'porcupine-etcd' as const,
      linearizable,
    })),
    ...Object.entries(expected['kv'] ?? {}).map(([n, linearizable]) => ({
      name: `kv/${n}`,
      file: join(root, 'kv', `${n}.txt`),
      model: 'kv',
      format: 'porcupine-kv' as const,
      linearizable,
    })),
  ];
}

describe.skipIf(dir === undefined)('Porcupine conformance corpus', () => {
  const all = dir === undefined ? [] : cases(dir);

  it('has all 108 cases', () => {
    expect(all).toHaveLength(108);
  });

  it.each(all)('$name is linearizable: $linearizable', ({ file, model, format, linearizable }) => {
    const text = readFileSync(file, 'utf8');
    const { events } = parseHistory(text, { format, file });
    const result = check(events, { model, file });
    expect(result.verdict).toBe(linearizable ? 'linearizable' : 'not-linearizable');
    // The guessed format reads the same history.
    expect(parseHistory(text, { file }).format).toBe(format);
  });

  it('reads the empty log (etcd_095) as an empty, linearizable history', () => {
    const file = join(dir as string, 'jepsen', 'etcd_095.log');
    const { events } = parseHistory(readFileSync(file, 'utf8'), { format: 'porcupine-etcd', file });
    expect(events).toHaveLength(0);
    expect(check(events, { model: 'cas-register' })).toMatchObject({ verdict: 'linearizable', ops: 0 });
  });

  it('reads the kv files the same as Jepsen EDN', () => {
    const file = join(dir as string, 'kv', 'c10-bad.txt');
    const text = readFileSync(file, 'utf8');
    const a = parseHistory(text, { format: 'porcupine-kv', file }).events;
    const b = parseHistory(text, { format: 'jepsen-edn', file }).events;
    expect(b).toEqual(a);
  });

  it('names the failing key of a bad kv file and stops at the first violation', () => {
    const file = join(dir as string, 'kv', 'c50-bad.txt');
    const result = check(parseHistory(readFileSync(file, 'utf8'), { file }).events, { model: 'kv' });
    expect(result.verdict).toBe('not-linearizable');
    if (result.verdict !== 'not-linearizable') return;
    expect(result.partitions.some((p) => p.verdict === 'unchecked')).toBe(true);
    const failing = result.partitions.find((p) => p.verdict === 'not-linearizable');
    expect(failing?.key).toBe(result.counterexample.partition);
  });
});

describe('a missing corpus', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
    vi.restoreAllMocks();
  });

  it('is skipped with a plain message outside CI', () => {
    vi.stubEnv('CI', '');
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    expect(conformanceDir('no-such-corpus')).toBeUndefined();
    expect(warn).toHaveBeenCalledWith(expect.stringMatching(/conformance corpus not found at .*no-such-corpus: these tests are SKIPPED/));
  });

  it('fails under CI', () => {
    vi.stubEnv('CI', 'true');
    expect(() => conformanceDir('no-such-corpus')).toThrow(/CI is set, so this is a failure/);
  });
});
