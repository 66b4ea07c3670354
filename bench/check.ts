/**
 * Checker benchmarks (`npm run bench`, key `check`): the Porcupine corpus (time per file, median
 * of several runs, parsing excluded, as Porcupine's Go benchmarks measure), and synthetic kv
 * histories of 10,000 and 100,000 operations over 100 keys and 50 clients: linearizable, with one
 * corrupted read, with 5% unknown outcomes, and with 50% (many clients timing out, as in a faulted
 * run; also with one corrupted read).
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { check, parseHistory } from '../sim/check/index.js';
import type { HistoryEvent } from '../sim/check/index.js';
import { Rng } from '../sim/rng.js';

const RUNS = 5;

export async function benchCheck(): Promise<Record<string, unknown>> {
  return { corpus: benchCorpus(), scale: benchScale() };
}

/** The repository root: the nearest folder above this file with a package.json (works from src and dist). */
function repoRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const up = dirname(dir);
    if (up === dir) throw new Error('bench: no package.json above this file');
    dir = up;
  }
  return dir;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[s.length >> 1] as number;
}

const round = (ms: number): number => Math.round(ms * 100) / 100;

function benchCorpus(): Record<string, unknown> {
  const root = resolve(repoRoot(), '../shared/conformance/porcupine');
  if (!existsSync(join(root, 'expected.json'))) return { skipped: `no corpus at ${root}` };
  const expected = JSON.parse(readFileSync(join(root, 'expected.json'), 'utf8')) as Record<string, Record<string, boolean>>;
  const cases: { name: string; model: string; events: HistoryEvent[]; expect: boolean }[] = [];
  for (const [name, expect] of Object.entries(expected['jepsen'] ?? {})) {
    const file = join(root, 'jepsen', `etcd_${name}.log`);
    cases.push({ name: `etcd_${name}`, model: 'cas-register', events: parseHistory(readFileSync(file, 'utf8'), { file }).events, expect });
  }
  for (const [name, expect] of Object.entries(expected['kv'] ?? {})) {
    const file = join(root, 'kv', `${name}.txt`);
    cases.push({ name, model: 'kv', events: parseHistory(readFileSync(file, 'utf8'), { file }).events, expect });
  }
  let firstPassMs = 0;
  const times = new Map<string, number[]>();
  let wrong = 0;
  for (let run = 0; run < RUNS; run++) {
    for (const c of cases) {
      const t0 = performance.now();
      const r = check(c.events, { model: c.model });
      const ms = performance.now() - t0;
      if (run === 0) {
        firstPassMs += ms;
        if ((r.verdict === 'linearizable') !== c.expect || r.verdict === 'unknown') wrong++;
      }
      times.set(c.name, [...(times.get(c.name) ?? []), ms]);
    }
  }
  let totalMs = 0;
  let worstFile = '';
  let worstMs = 0;
  for (const [name, xs] of times) {
    const m = median(xs);
    totalMs += m;
    if (m > worstMs) [worstFile, worstMs] = [name, m];
  }
  return { files: cases.length, wrong, totalMs: round(totalMs), worstFile, worstMs: round(worstMs), firstPassMs: round(firstPassMs), runs: RUNS };
}

function benchScale(): Record<string, unknown> {
  const figure = (ops: number, options: GenOptions): Record<string, unknown> => {
    const events = generateKv(ops, options);
    const xs: number[] = [];
    let verdict = '';
    let steps = 0;
    let prunedOps = 0;
    for (let run = 0; run < 3; run++) {
      const t0 = performance.now();
      const r = check(events, { model: 'kv' });
      xs.push(performance.now() - t0);
      verdict = r.verdict;
      steps = r.steps;
      prunedOps = r.prunedOps;
    }
    return { ops, ms: round(median(xs)), verdict, steps, prunedOps };
  };
  return {
    ops10k: figure(10_000, {}),
    ops100k: figure(100_000, {}),
    ops10kCorrupt: figure(10_000, { corrupt: true }),
    ops100kCorrupt: figure(100_000, { corrupt: true }),
    ops10kUnknown5pct: figure(10_000, { unknown: 0.05 }),
    ops100kUnknown5pct: figure(100_000, { unknown: 0.05 }),
    ops10kUnknown50pct: figure(10_000, { unknown: 0.5 }),
    ops100kUnknown50pct: figure(100_000, { unknown: 0.5 }),
    ops10kUnknown50pctCorrupt: figure(10_000, { unknown: 0.5, corrupt: true }),
  };
}

interface GenOptions {
  readonly corrupt?: boolean;
  readonly unknown?: number;
  readonly keys?: number;
  readonly clients?: number;
  readonly seed?: number;
}

/**
 * A random concurrent execution of a kv store: each step, a random client invokes, takes effect or
 * returns. Linearizable by construction; `corrupt` changes one read to a value never written;
 * `unknown` ends that share of operations with `info` (half of them took effect).
 */
export function generateKv(ops: number, options: GenOptions): HistoryEvent[] {
  const stream = Rng.fromSeed(options.seed ?? 7).fork('history');
  const random = () => stream.next();
  const keys = options.keys ?? 100;
  const clients = options.clients ?? 50;
  const store = new Map<string, string>();
  const events: HistoryEvent[] = [];
  type Client = { process: number; f: string; key: string; arg: string; stage: 0 | 1 | 2; result: string; dropped: boolean };
  let nextProcess = 0;
  const cs: Client[] = Array.from({ length: clients }, () => ({ process: nextProcess++, f: '', key: '', arg: '', stage: 0, result: '', dropped: false }));
  let invoked = 0;
  let pending = 0;
  while (invoked < ops || pending > 0) {
    const c = cs[Math.floor(random() * clients)] as Client;
    if (c.stage === 0) {
      if (invoked >= ops) continue;
      const r = random();
      c.f = r < 0.5 ? 'get' : r < 0.6 ? 'put' : 'append';
      c.key = String(Math.floor(random() * keys));
      c.arg = c.f === 'get' ? '' : `x ${c.process} ${invoked} y`;
      c.dropped = options.unknown !== undefined && random() < options.unknown;
      events.push({ process: c.process, type: 'invoke', f: c.f, key: c.key, value: c.f === 'get' ? null : c.arg });
      invoked++;
      pending++;
      c.stage = 1;
    } else if (c.stage === 1) {
      if (!(c.dropped && random() < 0.5)) {
        const cur = store.get(c.key) ?? '';
        if (c.f === 'get') c.result = cur;
        else store.set(c.key, c.f === 'put' ? c.arg : cur + c.arg);
      }
      c.stage = 2;
    } else {
      events.push({ process: c.process, type: c.dropped ? 'info' : 'ok', f: c.f, key: c.key, value: c.f === 'get' ? c.result : c.arg });
      pending--;
      c.stage = 0;
      if (c.dropped) c.process = nextProcess++;
    }
  }
  if (options.corrupt) {
    const reads = events.flatMap((e, i) => (e.type === 'ok' && e.f === 'get' ? [i] : []));
    const at = reads[Math.floor(reads.length / 2)];
    if (at !== undefined) events[at] = { ...(events[at] as HistoryEvent), value: 'never written' };
  }
  return events;
}
