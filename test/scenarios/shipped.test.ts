import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../scenarios/load.js';
import { run } from '../../scenarios/run.js';

const dir = fileURLToPath(new URL('../../scenarios/', import.meta.url));
const files = readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort();

describe('every shipped scenario gets the verdict it documents', () => {
  it('has scenarios to run', () => expect(files.length).toBeGreaterThan(0));
  for (const file of files) {
    it(file, () => {
      const plan = loadScenario(dir + file);
      expect(plan.expect, `${file} must say what a run of it should find (expect: ok | violation)`).toBeDefined();
      // Checks other than these read the trace, so it must record at least state.
      const trace = plan.checks.every((c) => c === 'linearizable' || c === 'liveness') ? 'none' : 'state';
      const result = run({ ...plan, trace }, { keepTrace: 0 });
      const found = result.verdict === 'ok' ? 'ok' : 'violation';
      expect(found, `${file}: ${result.violations.map((v) => v.message).join('; ')}`).toBe(plan.expect);
      if (plan.expect === 'violation' && plan.mutants.length) {
        // the catalogued bug is what fails: the same schedule without it passes
        expect(run({ ...plan, mutants: [], trace }, { keepTrace: 0 }).verdict).toBe('ok');
      }
    });
  }
});
