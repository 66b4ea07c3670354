import { existsSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { uniform } from '../../sim/latency.js';
import { run } from '../../scenarios/run.js';
import type { RunPlan } from '../../scenarios/plan.js';
import { EVERY_FAULT, pbPlan } from '../support/plans.js';

const faulty = (seed: number): RunPlan =>
  pbPlan(seed, {
    network: { latency: uniform(500, 8_000), drop: 0.02, duplicate: 0.02, reorder: 0.05 },
    nemesis: { script: [], random: { ...EVERY_FAULT, faults: [...EVERY_FAULT.faults] } },
  });

describe('determinism', () => {
  it('the same seed gives the same trace, byte for byte, under every kind of fault', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 31 - 1 }), (seed) => {
        const lines: string[][] = [[], []];
        const a = run(faulty(seed), { keepTrace: 0, traceSink: (l) => lines[0]!.push(l) });
        const b = run(faulty(seed), { keepTrace: 0, traceSink: (l) => lines[1]!.push(l) });
        expect(b.traceHash).toBe(a.traceHash);
        expect(lines[1]!.join('\n')).toBe(lines[0]!.join('\n'));
        expect(a.stats.faults).toBeGreaterThan(0);
      }),
      { numRuns: 15 },
    );
  });

  it('the trace level changes what is recorded, never what happens', () => {
    const levels = ['none', 'state', 'messages', 'full'] as const;
    const results = levels.map((trace) => run({ ...faulty(9), trace }, { keepTrace: 0 }));
    for (const r of results) {
      expect(r.history).toEqual(results[0]!.history);
      expect(r.faults).toEqual(results[0]!.faults);
      expect(r.stats.events).toBe(results[0]!.stats.events);
    }
  });

  it('different seeds give different traces', () => {
    const hashes = new Set(Array.from({ length: 12 }, (_, seed) => run(faulty(seed), { keepTrace: 0 }).traceHash));
    expect(hashes.size).toBe(12);
  });

  // Golden hashes: a change here means traces changed. If that was intended (a new event, a
  // protocol change), update them and say so in the commit; if not, determinism broke.
  const GOLDEN: Record<number, string> = {
    1: 'c267c2ee19088a1b',
    2: 'ba604bb534b10a09',
    3: '5b6864e997df08bc',
  };

  it('matches the committed golden hashes', () => {
    const actual = Object.fromEntries(Object.keys(GOLDEN).map((s) => [s, run(faulty(Number(s)), { keepTrace: 0 }).traceHash]));
    expect(actual).toEqual(Object.fromEntries(Object.entries(GOLDEN)));
  });

  it('a worker thread running the compiled build gets the same hash', async () => {
    const built = new URL('../../dist/scenarios/run.js', import.meta.url);
    if (!existsSync(built)) {
      if (process.env['CI']) throw new Error('dist/ is missing: npm test builds it first (pretest)');
      console.warn('skipped: dist/ not built (run npm run build)');
      return;
    }
    const plan = faulty(1);
    const hash = await new Promise<string>((resolve, reject) => {
      const worker = new Worker(new URL('../support/run-worker.mjs', import.meta.url), { workerData: { plan } });
      worker.once('message', (m: { hash: string }) => resolve(m.hash));
      worker.once('error', reject);
    });
    expect(hash).toBe(run(plan, { keepTrace: 0 }).traceHash);
  });
});
