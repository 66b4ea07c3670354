/**
 * Each ZAB mutant against its scripted reproduction, shipped as scenarios/zab-*.yaml: the mutant
 * fails by the check the scenario names, and the same schedule passes without it. Z4's stale reads
 * are a violation only of linearizable reads: checked as ZooKeeper promises, the run passes.
 */
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../../scenarios/load.js';
import { run } from '../../../scenarios/run.js';

const dir = fileURLToPath(new URL('../../../scenarios/', import.meta.url));

const REPRODUCTIONS: readonly (readonly [file: string, mutant: string, check: string])[] = [
  ['zab-newleader-ack-before-fsync.yaml', 'Z1', 'prefix-consistency'],
  ['zab-epoch-before-txns.yaml', 'Z2', 'committed-kept'],
  ['zab-epoch-from-last-zxid.yaml', 'Z3', 'election-safety'],
  ['zab-sync-without-quorum.yaml', 'Z4', 'linearizable'],
];

for (const [file, mutant, check] of REPRODUCTIONS) {
  describe(`${mutant}: ${file}`, () => {
    const plan = { ...loadScenario(dir + file), trace: 'state' as const };

    it(`the mutant fails by ${check}`, () => {
      expect(plan.mutants).toEqual([mutant]);
      expect(plan.expect).toBe('violation');
      const result = run(plan, { keepTrace: 0 });
      expect(result.violations.map((v) => v.check)).toContain(check);
    });

    it('the same schedule passes without it', () => {
      const result = run({ ...plan, mutants: [] }, { keepTrace: 0 });
      expect(result.verdict, result.violations.map((v) => `${v.check}: ${v.message}`).join('\n')).toBe('ok');
    });
  });
}

describe('Z4 is ZooKeeper’s own behaviour', () => {
  it('checked with ZooKeeper reads and consistency, the stale sync and reads are accepted', () => {
    const plan = loadScenario(`${dir}zab-sync-without-quorum.yaml`);
    const result = run({ ...plan, trace: 'state', options: { ...plan.options, store: { reads: 'zookeeper' } }, consistency: 'zookeeper' }, { keepTrace: 0 });
    expect(result.verdict, result.violations.map((v) => v.message).join('\n')).toBe('ok');
  });
});

describe('ZooKeeper reads on ZAB', () => {
  it('a stale local read is flagged as linearizability and accepted as ZooKeeper consistency', () => {
    const plan = { ...loadScenario(`${dir}zab-zookeeper-reads.yaml`), trace: 'none' as const, checks: ['linearizable'] };
    expect(run(plan, { keepTrace: 0 }).verdict).toBe('ok');
    const strict = run({ ...plan, consistency: 'linearizable' }, { keepTrace: 0 });
    expect(strict.violations.map((v) => v.check)).toEqual(['linearizable']);
  });
});
