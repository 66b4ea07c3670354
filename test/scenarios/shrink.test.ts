import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../scenarios/load.js';
import { run } from '../../scenarios/run.js';
import { ddmin, shrink } from '../../scenarios/shrink.js';

describe('ddmin', () => {
  it('finds a 1-minimal subset for a monotone test', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 0, max: 60 }), { maxLength: 40 }), fc.uniqueArray(fc.integer({ min: 0, max: 60 }), { maxLength: 4 }), (items, needed) => {
        const must = needed.filter((n) => items.includes(n));
        const test = (subset: readonly number[]) => must.every((n) => subset.includes(n));
        const out = ddmin(items, test);
        expect(test(out)).toBe(true);
        expect([...out].sort((a, b) => a - b)).toEqual([...must].sort((a, b) => a - b));
      }),
    );
  });
});

describe('shrink', () => {
  it('shrinks a failing primary-backup run (mutant PB2) to a smaller run that still fails', () => {
    const file = new URL('../../scenarios/pb-unsynced-primary.yaml', import.meta.url);
    const plan = parseScenario(readFileSync(file, 'utf8'), 'pb-unsynced-primary.yaml');
    const original = run(plan, { keepTrace: 0 });
    expect(original.verdict).toBe('violation');
    const outcome = shrink(plan, original.faults, original, { maxRuns: 60 });
    expect(outcome.kind).toBe('shrunk');
    if (outcome.kind !== 'shrunk') return;
    expect(outcome.plan.nemesis.script.length).toBeLessThan(original.faults.length);
    expect(outcome.plan.workload.clients).toBeLessThanOrEqual(plan.workload.clients);
    expect(run(outcome.plan, { keepTrace: 0 }).violations.map((v) => v.check)).toContain('linearizable');
    // without the mutant, the shrunk schedule passes: the bug, not the schedule, is what fails
    expect(run({ ...outcome.plan, mutants: [] }, { keepTrace: 0 }).verdict).toBe('ok');
  });

  it('says so when there is nothing to shrink', () => {
    const plan = parseScenario('protocol: primary-backup\nduration: 1s\n', 'ok.yaml');
    const ok = run(plan, { keepTrace: 0 });
    expect(shrink(plan, ok.faults, ok)).toMatchObject({ kind: 'not-reproduced' });
  });
});
