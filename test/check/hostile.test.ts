/**
 * Malformed and hostile histories, in every format the checker reads: each is refused as bad input
 * (a `HistoryError` naming the file and line, exit 2 from the CLI), never judged, and never an
 * internal error. Users share these files, so the readers are attacked the way a careless or
 * hostile file would.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { runCheckCommand } from '../../cli/commands/check.js';
import { ExitCode } from '../../cli/errors.js';
import { check, type FormatName, HistoryError, MODEL_NAMES, parseHistory } from '../../sim/check/index.js';
import { MAX_NESTING } from '../../sim/check/formats/nesting.js';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const tmp = mkdtempSync(join(tmpdir(), 'ensemble-hostile-'));

function errorOf(fn: () => unknown): HistoryError {
  try {
    fn();
  } catch (e) {
    if (e instanceof HistoryError) return e;
    throw e;
  }
  throw new Error('expected a HistoryError, got a value');
}

/** Parses and checks; only a verdict or a HistoryError may come out. */
function verdictOrBadInput(text: string, model: string, format?: FormatName): string {
  try {
    const parsed = parseHistory(text, { ...(format === undefined ? {} : { format }), file: 'h' });
    return check(parsed.events, { model, file: 'h', budget: 20_000 }).verdict;
  } catch (e) {
    if (e instanceof HistoryError) return 'bad-input';
    throw e;
  }
}

function runCli(name: string, text: string, model: string): { code: number; out: string; err: string } {
  const file = join(tmp, name);
  writeFileSync(file, text);
  const out: string[] = [];
  const err: string[] = [];
  const code = runCheckCommand(file, { model }, { stdout: (t) => void out.push(t), stderr: (t) => void err.push(t) });
  return { code, out: out.join(''), err: err.join('') };
}

describe('a history nested deeper than any history needs', () => {
  const deep = 300_000;

  it('is bad input naming the line, in EDN, JSON and JSON Lines, not a stack overflow', () => {
    const edn = `[{:process 0, :type :invoke, :f :write, :value 1}\n${'['.repeat(deep)}`;
    expect(errorOf(() => parseHistory(edn, { file: 'deep.edn' }))).toMatchObject({ file: 'deep.edn', line: 2 });
    const json = `[{"process":0,"type":"invoke","f":"write","value":${'['.repeat(deep)}${']'.repeat(deep)}}]`;
    expect(errorOf(() => parseHistory(json, { file: 'deep.json' })).message).toContain(`more than ${MAX_NESTING} levels`);
    const jsonl = `{"process":0,"type":"invoke","f":"write","value":1}\n{"process":0,"type":"ok","f":"write","value":${'{"a":'.repeat(deep)}1${'}'.repeat(deep)}}\n`;
    expect(errorOf(() => parseHistory(jsonl, { format: 'json', file: 'deep.jsonl' }))).toMatchObject({ line: 2 });
    // Tags and discards nest too.
    expect(errorOf(() => parseHistory(`${'#_'.repeat(deep)}1`, { format: 'jepsen-edn' })).message).toContain('levels');
  });

  it('exits 2 from ensemble check with the file and line', () => {
    const r = runCli('deep.edn', `${'('.repeat(deep)}`, 'cas-register');
    expect(r.code).toBe(ExitCode.badInput);
    expect(r.err).toMatch(/deep\.edn:1: values nested more than 100 levels deep/);
  });

  it('still reads values nested as deep as the limit', () => {
    const value = `${'['.repeat(MAX_NESTING - 2)}1${']'.repeat(MAX_NESTING - 2)}`;
    expect(parseHistory(`[{"process":0,"type":"invoke","f":"write","value":${value}}]`).events).toHaveLength(1);
  });
});

describe('a history whose values do not fit the model', () => {
  const write1 = '{"process":0,"type":"invoke","f":"write","value":1}\n{"process":0,"type":"ok","f":"write","value":1}\n';

  it('is bad input naming the operation, the field and what the model expects, never a violation', () => {
    const r = runCli('map-read.jsonl', `${write1}{"process":1,"client":"c2","type":"invoke","f":"read","value":null}\n{"process":1,"client":"c2","type":"ok","f":"read","value":{"a":1}}\n`, 'cas-register');
    expect(r.code).toBe(ExitCode.badInput);
    expect(r.out).toBe('');
    expect(r.err).toContain(`map-read.jsonl:4: c2 (process 1)'s read: the value read is a map {"a":1}; model cas-register holds one value per key: a number, a string, true, false or nil`);
    const list = errorOf(() => check(parseHistory(`${write1}{"process":1,"type":"invoke","f":"write","value":[1,2]}\n`, { file: 'w' }).events, { model: 'register', file: 'w' }));
    expect(list).toMatchObject({ line: 3 });
    expect(list.problem).toContain("process 1's write: the value written is a list [1,2]");
    const cas = errorOf(() => check(parseHistory('{:process 0, :type :invoke, :f :cas, :value [{:a 1} 2]}').events, { model: 'cas-register' }));
    expect(cas.problem).toContain('the value compared (from) is a map');
  });

  it('is bad input when a process is not a whole number or a name', () => {
    for (const process of ['0.5', '-1', 'true', '[1]', '""']) {
      const text = `{"process":${process},"type":"invoke","f":"read","value":null}\n`;
      expect(verdictOrBadInput(text, 'cas-register', 'json'), process).toBe('bad-input');
    }
    const edn = errorOf(() => check(parseHistory('{:process 0.5, :type :invoke, :f :write, :value 1}\n{:process ##NaN, :type :invoke, :f :write, :value 1}').events, { model: 'cas-register' }));
    expect(edn.problem).toContain('expected process to be a whole number from 0 (or a name); got 0.5');
  });

  it('keeps judging well-formed histories: a scalar nobody wrote is a violation', () => {
    const text = `${write1}{"process":1,"type":"invoke","f":"read","value":null}\n{"process":1,"type":"ok","f":"read","value":"two"}\n`;
    expect(verdictOrBadInput(text, 'cas-register', 'json')).toBe('not-linearizable');
  });
});

describe('edge cases the readers once tripped on', () => {
  it.each([
    ['a character literal at the end of the input', '{:process 0, :type :invoke, :f :write, :value \\'],
    ['a map whose key is __proto__', '{:__proto__ {:process 0}, :type :invoke, :f :read, :value nil}'],
    ['a character named like an Object method', '{:process 0, :type :invoke, :f :write, :value \\constructor}'],
  ])('%s is refused as bad input', (_what, text) => {
    expect(verdictOrBadInput(text, 'cas-register', 'jepsen-edn')).toBe('bad-input');
  });
});

describe('mutated histories', () => {
  const SAMPLES: readonly (readonly [FormatName, string, string])[] = [
    ['jepsen-edn', 'cas-register', '[{:process 0, :type :invoke, :f :write, :value 1, :time 5}\n {:process 0, :type :ok, :f :write, :value 1}\n {:process 1, :type :invoke, :f :cas, :value [1 2]}\n {:process 1, :type :info, :f :cas, :value nil}\n {:process 2, :type :invoke, :f :read, :value nil}\n {:process 2, :type :ok, :f :read, :value 2}]\n'],
    ['json', 'znode', '[{"process":0,"client":"c1","type":"invoke","f":"create","key":"/a","value":{"path":"/a","data":1,"mode":"ephemeral"}},\n{"process":0,"type":"ok","f":"create","key":"/a","value":{"path":"/a"}},\n{"process":1,"type":"invoke","f":"multi","value":{"ops":[{"op":"set","path":"/a","data":2,"version":0}]}},\n{"process":1,"type":"ok","f":"multi","value":{"results":[{"version":1}]}}]\n'],
    ['json', 'kv', '{"process":0,"type":"invoke","f":"append","key":"x","value":"a"}\n{"process":0,"type":"ok","f":"append","key":"x","value":"a"}\n{"process":1,"type":"invoke","f":"get","key":"x"}\n{"process":1,"type":"ok","f":"get","key":"x","value":"a"}\n'],
    ['porcupine-etcd', 'cas-register', 'INFO  jepsen.util - 1\t:invoke\t:write\t3\nINFO  jepsen.util - 1\t:ok\t:write\t3\nINFO  jepsen.util - 2\t:invoke\t:cas\t[3 4]\nINFO  jepsen.util - 2\t:fail\t:cas\t[3 4]\nINFO  jepsen.util - 3\t:invoke\t:read\tnil\nINFO  jepsen.util - 3\t:ok\t:read\t3\n'],
    ['porcupine-kv', 'kv', '{:process 0, :type :invoke, :f :put, :key "k", :value "v"}\n{:process 0, :type :ok, :f :put, :key "k", :value nil}\n{:process 1, :type :invoke, :f :get, :key "k", :value nil}\n{:process 1, :type :ok, :f :get, :key "k", :value "v"}\n'],
  ];
  const PIECES = ['[', ']', '{', '}', '(', ')', '"', '\\', ':', ',', ' ', '\n', '#', '#_', '##NaN', 'nil', '-1', '0.5', '1e400', ':process', ':type', ':ok', '"process"', '"value"', '{"a":1}', '[1 2 3]', '__proto__', ':__proto__', '#{1}', '\\u00', '\u0000'];

  it.each(SAMPLES)('in %s (model %s) are judged or refused, never an internal error', (format, model, text) => {
    expect(verdictOrBadInput(text, model, format)).not.toBe('bad-input');
    const edit = fc.tuple(fc.nat({ max: text.length }), fc.nat({ max: 6 }), fc.constantFrom(...PIECES));
    fc.assert(
      fc.property(fc.array(edit, { minLength: 1, maxLength: 4 }), fc.boolean(), (edits, guess) => {
        let t = text;
        for (const [at, cut, piece] of edits) t = t.slice(0, Math.min(at, t.length)) + piece + t.slice(Math.min(at, t.length) + cut);
        for (const m of [model, ...MODEL_NAMES.filter((x) => x !== model).slice(0, 1)]) {
          expect(['linearizable', 'not-linearizable', 'unknown', 'bad-input']).toContain(verdictOrBadInput(t, m, guess ? undefined : format));
        }
      }),
      { numRuns: 300 },
    );
  });
});
