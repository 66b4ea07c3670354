/**
 * Run folders and explore results are inputs too: people share them and edit them. `replay`,
 * `view`, `shrink` and `merge` are attacked with hand-edited files, every field replaced in turn by
 * a value of the wrong kind; each answer is a result or bad input that names the file and the
 * field, never an internal error.
 */
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { cli, scratch } from './helpers.js';

const SCENARIO = `protocol: primary-backup
duration: 300ms
settle: 100ms
trace: messages
workload: { clients: 2, rate: 50/s }
nemesis:
  - { at: 50ms, partition: [[n1], [n2, n3]], heal-after: 50ms }
  - { at: 120ms, crash: n2, restart-after: 30ms }
  - { at: 150ms, slow-disk: { node: n3, fsync: { uniform: [1ms, 2ms] } }, reset-after: 20ms }
  - { at: 160ms, drop-messages: { from: n1, to: n2, count: 2 } }
  - { at: 170ms, clock-rate: { node: n1, rate: 1.5 } }
`;

/** Wrong values of every kind (none so large that a run that accepts it would take long). */
const WRONG: readonly unknown[] = [null, -1, 0.5, '', 'x', true, [], {}, [1, 'a'], { kind: 'weird' }, '../../etc', 2 ** 53, JSON.parse(`${'['.repeat(150)}${']'.repeat(150)}`)];

/** Every path to a value in `doc`, depth first (arrays and objects both). */
function paths(doc: unknown, prefix: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
  if (prefix.length > 0) out.push(prefix);
  if (typeof doc === 'object' && doc !== null && prefix.length < 8) {
    for (const [k, v] of Object.entries(doc)) paths(v, [...prefix, Array.isArray(doc) ? Number(k) : k], out);
  }
  return out;
}

function replaced(doc: unknown, path: readonly (string | number)[], value: unknown): unknown {
  const copy = JSON.parse(JSON.stringify(doc)) as Record<string | number, unknown>;
  let node = copy;
  for (const k of path.slice(0, -1)) node = node[k] as Record<string | number, unknown>;
  if (value === undefined) delete node[path[path.length - 1] as string | number];
  else node[path[path.length - 1] as string | number] = value;
  return copy;
}

function expectNoInternalError(r: { code: number; stderr: string }, what: string): void {
  expect(r.stderr, what).not.toContain('internal error');
  expect([0, 1, 2, 4], `${what}: exit ${r.code}\n${r.stderr}`).toContain(r.code);
}

describe('hand-edited run folders', () => {
  let dir: string;
  let result: unknown;
  let resultPaths: (string | number)[][];

  beforeAll(async () => {
    dir = scratch();
    writeFileSync(join(dir, 's.yaml'), SCENARIO);
    const r = await cli(['run', 's.yaml', '--out', 'run'], dir);
    expect(r.code).toBe(0);
    result = JSON.parse(readFileSync(join(dir, 'run', 'result.json'), 'utf8'));
    resultPaths = paths(result);
  });

  /** A copy of the run folder with result.json replaced. */
  function folderWith(doc: unknown, file = 'result.json'): string {
    const copy = mkdtempSync(join(dir, 'copy-'));
    cpSync(join(dir, 'run'), copy, { recursive: true });
    writeFileSync(join(copy, file), typeof doc === 'string' ? doc : JSON.stringify(doc));
    return copy;
  }

  it('a field of result.json of the wrong kind is bad input naming the field, for replay, view and shrink', async () => {
    const cases = fc.sample(fc.tuple(fc.constantFrom(...resultPaths), fc.constantFrom(...WRONG, undefined)), { numRuns: 120, seed: 18 });
    for (const [path, value] of cases) {
      const folder = folderWith(replaced(result, path, value));
      for (const verb of ['replay', 'view', 'shrink']) expectNoInternalError(await cli([verb, folder], dir), `${verb} with ${path.join('.')} = ${JSON.stringify(value)?.slice(0, 40)}`);
    }
  });

  it('names the field it refuses', async () => {
    const r = await cli(['replay', folderWith(replaced(result, ['plan', 'nemesis', 'script', 1, 'fault', 'node'], { pick: 'everyone' }))], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/result\.json: plan\.nemesis\.script\[1\]\.fault/);
    const deep = await cli(['view', folderWith(`{"plan":${'['.repeat(200_000)}`)], dir);
    expect(deep.code).toBe(2);
    expect(deep.stderr).toMatch(/result\.json:1: values nested more than 100 levels deep/);
    const missing = await cli(['replay', folderWith(replaced(result, ['plan', 'workload'], undefined))], dir);
    expect(missing.stderr).toMatch(/result\.json: plan\.workload: /);
  });

  it('edited history.jsonl and trace.jsonl are bad input naming the line, for view', async () => {
    const history = readFileSync(join(dir, 'run', 'history.jsonl'), 'utf8').split('\n');
    const trace = readFileSync(join(dir, 'run', 'trace.jsonl'), 'utf8').split('\n');
    const lines = ['{', '[]', 'null', '{"process":"x"}', `{"index":1,"process":0,"type":"ok","f":"read","time":"later"}`, `${'{"a":'.repeat(500)}1${'}'.repeat(500)}`, '{"seq":1,"t":1}'];
    for (const [file, text] of [['history.jsonl', history], ['trace.jsonl', trace]] as const) {
      for (const bad of lines) {
        const edited = [...text];
        edited[2] = bad;
        const r = await cli(['view', folderWith(edited.join('\n'), file)], dir);
        expectNoInternalError(r, `${file} line 3 = ${bad.slice(0, 30)}`);
        expect(r.code, `${file} line 3 = ${bad.slice(0, 30)}`).toBe(2);
        expect(r.stderr).toContain(`${file}:3: `);
      }
    }
  });
});

describe('hand-edited explore results', () => {
  const EXPLORE = {
    scenario: 's',
    protocol: 'primary-backup',
    mutants: [],
    swarm: false,
    shard: '1/2',
    seeds: 2,
    ok: 1,
    failures: [{ seed: 4, kind: 'linearizability', checks: ['linearizable'], folder: 'seed-4' }],
    unknown: 0,
    unknownSeeds: [],
    stoppedEarly: false,
    wallMs: 10,
    seedsPerSecond: 200,
    simulatedSecondsPerWallSecond: 3,
  };

  it('merge answers or refuses, naming the field, never an internal error', async () => {
    const dir = scratch();
    const cases = fc.sample(fc.tuple(fc.constantFrom(...paths(EXPLORE)), fc.constantFrom(...WRONG, undefined)), { numRuns: 80, seed: 18 });
    for (const [k, [path, value]] of cases.entries()) {
      writeFileSync(join(dir, `e${k}.json`), JSON.stringify(replaced(EXPLORE, path, value)));
      expectNoInternalError(await cli(['merge', `e${k}.json`, `e${k}.json`], dir), `merge with ${path.join('.')} = ${JSON.stringify(value)?.slice(0, 40)}`);
    }
    writeFileSync(join(dir, 'bad.json'), JSON.stringify({ ...EXPLORE, mutants: 'PB2' }));
    expect((await cli(['merge', 'bad.json'], dir)).stderr).toBe("ensemble: bad.json: mutants: expected array, received string (not an explore.json as ensemble explore writes it)\n");
  });
});
