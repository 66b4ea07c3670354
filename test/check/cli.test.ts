/** `ensemble check`, run in-process with its output captured. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { checkCommand, runCheckCommand } from '../../cli/commands/check.js';
import { ExitCode } from '../../cli/errors.js';
import { conformanceDir } from './support/corpus.js';

const dir = conformanceDir('porcupine');
const tmp = mkdtempSync(join(tmpdir(), 'ensemble-check-'));

function capture(): { out: string[]; err: string[]; io: { stdout: (t: string) => void; stderr: (t: string) => void } } {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, io: { stdout: (t) => void out.push(t), stderr: (t) => void err.push(t) } };
}

function write(name: string, text: string): string {
  const file = join(tmp, name);
  writeFileSync(file, text);
  return file;
}

/** Concurrent appends then an impossible read: a search that takes long. */
function hardHistory(): string {
  const lines: string[] = [];
  for (let p = 0; p < 16; p++) lines.push(JSON.stringify({ process: p, type: 'invoke', f: 'append', key: 'k', value: `${p},` }));
  for (let p = 0; p < 16; p++) lines.push(JSON.stringify({ process: p, type: 'ok', f: 'append', key: 'k', value: `${p},` }));
  lines.push(JSON.stringify({ process: 99, type: 'invoke', f: 'get', key: 'k' }), JSON.stringify({ process: 99, type: 'ok', f: 'get', key: 'k', value: 'never' }));
  return lines.join('\n');
}

afterEach(() => {
  process.exitCode = undefined;
});

describe.skipIf(dir === undefined)('ensemble check on the corpus', () => {
  it('exits 0 for a linearizable log and prints a summary', () => {
    const c = capture();
    expect(runCheckCommand(join(dir as string, 'jepsen', 'etcd_002.log'), { model: 'cas-register' }, c.io)).toBe(ExitCode.ok);
    expect(c.out.join('')).toMatch(/^linearizable: 64 operations \(19 with unknown outcome, 13 failed and left out\) in 1 partition\n {2}model cas-register, linearizable, format porcupine-etcd/);
  });

  it('exits 1 for a violation and prints the counterexample', () => {
    const c = capture();
    expect(runCheckCommand(join(dir as string, 'jepsen', 'etcd_000.log'), { model: 'cas-register', format: 'porcupine-etcd' }, c.io)).toBe(ExitCode.violation);
    expect(c.out.join('')).toContain('longest linearizable prefix');
  });

  it('--linearization adds the order found to the JSON of a linearizable history, and only then', () => {
    const file = join(dir as string, 'kv', 'c10-ok.txt');
    const plain = capture();
    expect(runCheckCommand(file, { model: 'kv', json: true }, plain.io)).toBe(ExitCode.ok);
    expect(JSON.parse(plain.out[0] as string)).not.toHaveProperty('linearization');
    const c = capture();
    expect(runCheckCommand(file, { model: 'kv', json: true, linearization: true }, c.io)).toBe(ExitCode.ok);
    const doc = JSON.parse(c.out[0] as string) as { ops: number; linearization: { partition: string; order: number[] }[] };
    expect(doc.linearization).toHaveLength(10);
    // Every operation of this history completed: each is placed exactly once.
    const placed = doc.linearization.flatMap((l) => l.order);
    expect(new Set(placed).size).toBe(placed.length);
    expect(placed.length).toBe(doc.ops);
  });

  it('--json prints exactly one JSON document with the verdict, counts, partitions, time and counterexample', () => {
    const c = capture();
    expect(runCheckCommand(join(dir as string, 'kv', 'c10-bad.txt'), { model: 'kv', json: true }, c.io)).toBe(ExitCode.violation);
    expect(c.out).toHaveLength(1);
    const doc = JSON.parse(c.out[0] as string) as Record<string, unknown>;
    expect(doc).toMatchObject({ verdict: 'not-linearizable', format: 'porcupine-kv', model: 'kv', ops: 405, partitionCount: 10 });
    expect(typeof doc['timeMs']).toBe('number');
    expect(Array.isArray(doc['partitions'])).toBe(true);
    expect(doc['counterexample']).toMatchObject({ partition: expect.any(String), prefix: expect.any(Array), candidates: expect.any(Array) });
  });

  it('runs through commander and sets the exit code', async () => {
    const c = capture();
    const cli = { io: { ...c.io, cwd: process.cwd(), interactive: false }, exitCode: ExitCode.ok as ExitCode };
    await checkCommand(cli).parseAsync([join(dir as string, 'jepsen', 'etcd_000.log'), '--model', 'cas-register', '--json'], { from: 'user' });
    expect(cli.exitCode).toBe(ExitCode.violation);
    expect(JSON.parse(c.out.join('')).verdict).toBe('not-linearizable');
  });
});

describe('ensemble check: unknown and bad input', () => {
  it('exits 4 when the budget runs out', () => {
    const c = capture();
    expect(runCheckCommand(write('hard.jsonl', hardHistory()), { model: 'kv', budget: '1000' }, c.io)).toBe(ExitCode.unknown);
    expect(c.out.join('')).toContain('unknown (the step or memo budget ran out)');
  });

  it('exits 4 when the timeout passes', () => {
    const c = capture();
    expect(runCheckCommand(write('hard2.jsonl', hardHistory()), { model: 'kv', timeout: '20', json: true }, c.io)).toBe(ExitCode.unknown);
    expect(JSON.parse(c.out.join(''))).toMatchObject({ verdict: 'unknown', reason: 'interrupted' });
  });

  it.each([
    [{ model: 'kv' }, 'missing.jsonl', /cannot read .*missing\.jsonl: no such file/],
    [{}, 'ok.jsonl', /--model is required/],
    [{ model: 'paxos' }, 'ok.jsonl', /--model: unknown model "paxos"/],
    [{ model: 'kv', format: 'xml' }, 'ok.jsonl', /--format: unknown format "xml"/],
    [{ model: 'kv', budget: '-5' }, 'ok.jsonl', /--budget: expected a positive whole number/],
    [{ model: 'kv', consistency: 'eventual' }, 'ok.jsonl', /--consistency: unknown mode "eventual"/],
    [{ model: 'kv' }, 'bad.jsonl', /bad\.jsonl:2: expected "type" to be "invoke", "ok", "fail" or "info"; got "done"/],
    [{ model: 'kv', format: 'porcupine-etcd' }, 'ok.jsonl', /ok\.jsonl:1: expected `INFO jepsen\.util/],
  ])('exits 2 for %j on %s', (options, name, message) => {
    write('ok.jsonl', '{"process": 0, "type": "invoke", "f": "get", "key": "a"}\n');
    write('bad.jsonl', '{"process": 0, "type": "invoke", "f": "get", "key": "a"}\n{"process": 0, "type": "done", "f": "get"}\n');
    const c = capture();
    expect(runCheckCommand(join(tmp, name), options, c.io)).toBe(ExitCode.badInput);
    expect(c.err.join('')).toMatch(message);
    expect(c.out).toEqual([]);
  });

  it('--json reports bad input as one JSON document too, in the shape every verb uses', () => {
    const c = capture();
    expect(runCheckCommand(join(tmp, 'missing.json'), { model: 'kv', json: true }, c.io)).toBe(ExitCode.badInput);
    expect(JSON.parse(c.out.join(''))).toEqual({ error: { code: 'bad-input', message: expect.stringContaining('missing.json: no such file') }, exitCode: 2 });
  });
});
