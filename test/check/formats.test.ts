/** Importers: Jepsen EDN, Ensemble JSON / JSONL, the Porcupine line formats, and format guessing. */
import { describe, expect, it } from 'vitest';
import { check, guessFormat, HistoryError, parseHistory, parseJepsenEdn, parseJsonHistory, parsePorcupineEtcd, parsePorcupineKv, readEdn } from '../../sim/check/index.js';

/** The error a parse throws (failing the test when it does not throw one). */
function errorOf(fn: () => unknown): HistoryError {
  try {
    fn();
  } catch (e) {
    if (e instanceof HistoryError) return e;
    throw e;
  }
  throw new Error('expected a HistoryError');
}

describe('EDN reader', () => {
  it('reads scalars, collections, tags, discards and comments', () => {
    const forms = readEdn('nil true 12 -3.5 1/2 42N "a\\"b\\n" \\x :kw ns/sym [1 (2) #{3}] {:a 1, "b" [2]} #inst "2020" #_ :gone ; comment\n');
    expect(forms.map((f) => f.value)).toEqual([null, true, 12, -3.5, 0.5, 42, 'a"b\n', 'x', 'kw', 'ns/sym', [1, [2], [3]], { a: 1, b: [2] }, '2020']);
  });

  it('names the line of a problem', () => {
    expect(errorOf(() => readEdn('[1\n2\n', 'h.edn'))).toMatchObject({ line: 1, file: 'h.edn' });
    expect(errorOf(() => readEdn('{:a 1}\n\n{:b "unterminated\n}', 'h.edn')).line).toBe(3);
    expect(errorOf(() => readEdn('{:a 1}\n{:b}')).message).toContain('even number');
    expect(errorOf(() => readEdn('(1 2]')).message).toContain('expected ")"');
  });
});

describe('Jepsen EDN histories', () => {
  const ops = [
    '{:process 0, :type :invoke, :f :cas, :value [1 2], :time 10}',
    '{:process :nemesis, :type :info, :f :start, :value nil}',
    '{:process 0, :type :fail, :f :cas, :value [1 2], :error "no {match} here"}',
  ];

  it('reads a vector, a list, or a bare stream of maps; skips :nemesis; keeps times and lines', () => {
    const expected = [
      { process: 0, type: 'invoke', f: 'cas', value: [1, 2], time: 10, line: 1 },
      { process: 0, type: 'fail', f: 'cas', value: [1, 2], line: 3 },
    ];
    expect(parseJepsenEdn(ops.join('\n'))).toEqual(expected);
    const vector = parseJepsenEdn(`[${ops.join('\n ')}]`);
    expect(vector).toEqual(expected);
    expect(parseJepsenEdn(`(${ops.join('\n ')})`)).toEqual(expected);
  });

  it('reads maps that span lines, with comments and extra keys', () => {
    const text = '; a Jepsen history\n[{:process 1\n  :type :invoke :f :read\n  :value nil :index 0}\n {:process 1, :type :ok, :f :read, :value 3, :index 1}]';
    expect(parseJepsenEdn(text)).toEqual([
      { process: 1, type: 'invoke', f: 'read', value: null, index: 0, line: 2 },
      { process: 1, type: 'ok', f: 'read', value: 3, index: 1, line: 5 },
    ]);
  });

  it('reads jepsen.independent tuples as keyed ops, in both printed forms', () => {
    const text = [
      '{:process 0, :type :invoke, :f :write, :value [0 3]}',
      '{:process 0, :type :ok, :f :write, :value [0 3]}',
      '{:process 1, :type :invoke, :f :cas, :value #jepsen.independent.Tuple{:key 1, :value [nil 4]}}',
      '{:process 1, :type :info, :f :cas, :value nil}',
      '{:process 2, :type :invoke, :f :read, :value [1 nil]}',
      '{:process 2, :type :ok, :f :read, :value [1 3]}',
    ].join('\n');
    const events = parseJepsenEdn(text);
    expect(events.map((e) => [e.key, e.value])).toEqual([
      ['0', 3],
      ['0', 3],
      ['1', [null, 4]],
      [undefined, null],
      ['1', null],
      ['1', 3],
    ]);
    // Key 1 never held 3 (key 0 did): read as one register, the read would fit.
    expect(check(events, { model: 'cas-register' }).verdict).toBe('not-linearizable');
    expect(check(events, { model: 'cas-register' }).partitions.map((p) => p.key).sort()).toEqual(['0', '1']);
  });

  it('does not take plain ops for tuples: a cas [1 2] and a read of nil', () => {
    const plain = parseJepsenEdn('{:process 0, :type :invoke, :f :cas, :value [1 2]}\n{:process 0, :type :ok, :f :cas, :value [1 2]}');
    expect(plain.map((e) => [e.key, e.value])).toEqual([
      [undefined, [1, 2]],
      [undefined, [1, 2]],
    ]);
  });

  it('rejects an op without a type, naming the file and line', () => {
    const e = errorOf(() => parseJepsenEdn('{:process 0, :type :invoke, :f :read}\n{:process 0, :f :read}', 'h.edn'));
    expect(e.message).toBe('h.edn:2: expected :type to be :invoke, :ok, :fail or :info; got null');
  });
});

describe('Ensemble JSON histories', () => {
  const events = [
    { index: 0, process: 0, type: 'invoke', f: 'write', value: 1, time: 5 },
    { index: 1, process: 0, type: 'ok', f: 'write', value: 1, time: 7 },
  ];

  it('reads a JSON array and JSON Lines alike', () => {
    const a = parseJsonHistory(JSON.stringify(events, null, 1));
    const b = parseJsonHistory(events.map((e) => JSON.stringify(e)).join('\n') + '\n');
    expect(a.map(({ line: _, ...rest }) => rest)).toEqual(events);
    expect(b).toEqual(events.map((e, i) => ({ ...e, line: i + 1 })));
  });

  it('names the line of a bad event in an array and in JSON Lines', () => {
    const array = '[\n  {"process": 0, "type": "invoke", "f": "read"},\n  {"process": 0, "type": "done", "f": "read"}\n]';
    expect(errorOf(() => parseJsonHistory(array, 'h.json')).message).toBe('h.json:3: expected "type" to be "invoke", "ok", "fail" or "info"; got "done"');
    expect(errorOf(() => parseJsonHistory('{"process": 0, "type": "invoke", "f": "read"}\n{"process": 0, "type": ', 'h.jsonl')).line).toBe(2);
    expect(errorOf(() => parseJsonHistory('[\n{"process": 0,\n"type": }]')).line).toBe(3);
  });

  it('checks pairing: a completion without an invocation names its line', () => {
    const text = '{"process": 0, "type": "invoke", "f": "read"}\n{"process": 1, "type": "ok", "f": "read", "value": 1}\n';
    expect(() => check(parseJsonHistory(text, 'h.jsonl'), { model: 'register', file: 'h.jsonl' })).toThrow(
      'h.jsonl:2: ok for process 1, which has no pending invocation (expected an invoke first)',
    );
  });

  it('rejects an operation the model does not know, naming the line', () => {
    const text = '{"process": 0, "type": "invoke", "f": "cas", "value": [1, 2]}\n';
    expect(() => check(parseJsonHistory(text, 'h.jsonl'), { model: 'register', file: 'h.jsonl' })).toThrow('h.jsonl:1: model register has no operation "cas" (expected read or write)');
  });
});

describe('Porcupine formats', () => {
  it('reads etcd log lines with blanks of any kind', () => {
    const text = 'INFO  jepsen.util - 3\t:invoke\t:cas\t[1 4]\nINFO jepsen.util -   3 :info   :cas :timed-out\n';
    expect(parsePorcupineEtcd(text)).toEqual([
      { process: 3, type: 'invoke', f: 'cas', value: [1, 4], line: 1 },
      { process: 3, type: 'info', f: 'cas', value: 'timed-out', line: 2 },
    ]);
    expect(errorOf(() => parsePorcupineEtcd('INFO jepsen.util - 1 :invoke :read nil\nWARN something\n', 'x.log')).line).toBe(2);
  });

  it('reads kv lines', () => {
    expect(parsePorcupineKv('{:process 2, :type :ok, :f :get, :key "7", :value "x 1 2 y"}\n')).toEqual([
      { process: 2, type: 'ok', f: 'get', key: '7', value: 'x 1 2 y', line: 1 },
    ]);
  });
});

describe('format guessing', () => {
  it.each([
    ['INFO jepsen.util - 0 :invoke :read nil', 'porcupine-etcd'],
    ['{:process 0, :type :invoke, :f :get, :key "1", :value nil}', 'porcupine-kv'],
    ['{:process 0, :type :invoke, :f :read, :value nil}', 'jepsen-edn'],
    ['[{:process 0 :type :invoke :f :read}]', 'jepsen-edn'],
    ['(\n{:process 0 :type :invoke :f :read})', 'jepsen-edn'],
    ['; comment\n{:process 0}', 'jepsen-edn'],
    ['[{"process": 0}]', 'json'],
    ['{"process": 0}\n', 'json'],
    ['  \n', 'json'],
  ])('%j is %s', (text, format) => {
    expect(guessFormat(text)).toBe(format);
  });

  it('parses with the guessed format', () => {
    expect(parseHistory('INFO jepsen.util - 0 :invoke :read nil\n')).toMatchObject({ format: 'porcupine-etcd', events: [{ process: 0, f: 'read' }] });
  });

  it('says when it cannot tell', () => {
    expect(errorOf(() => guessFormat('\n\nhello', 'h.txt')).message).toContain('h.txt:3: cannot tell the history format');
  });
});
