/** The shipped Raft scenario files load, run, and find what they say they find. */
import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../../scenarios/load.js';
import { run } from '../../../scenarios/run.js';

describe('Raft scenario files', () => {
  for (const file of ['raft-store.yaml', 'store-no-dedup.yaml']) {
    it(file, () => {
      const plan = loadScenario(new URL(`../../../scenarios/${file}`, import.meta.url).pathname);
      const r = run(plan, { keepTrace: 0 });
      expect(r.verdict === 'violation' ? 'violation' : r.verdict, r.violations.map((v) => v.message).join('\n')).toBe(plan.expect ?? 'ok');
    });
  }
});
