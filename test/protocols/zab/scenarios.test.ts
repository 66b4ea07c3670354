/**
 * Every shipped store scenario under ZAB (`--protocol zab`), held to its `expect` where its cause
 * applies to ZAB: a catalogued bug of the store or a recipe shows under every protocol, and so does
 * a scenario that gives ZAB settings of its own; another protocol's bug (its mutants are dropped)
 * or another protocol's settings (Raft's lease reads) do not, and such runs must simply pass.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ordersStore } from '../../../protocols/definition.js';
import { ScenarioError } from '../../../scenarios/errors.js';
import { loadScenario, parseScenario } from '../../../scenarios/load.js';
import { REGISTRY } from '../../../scenarios/registry.js';
import { run } from '../../../scenarios/run.js';
import { parseDocument } from 'yaml';

const dir = fileURLToPath(new URL('../../../scenarios/', import.meta.url));
const ZAB = REGISTRY.protocol('zab')!;
const known = (kind: string): string[] => REGISTRY.mutantsOf(ZAB, REGISTRY.workload(ZAB, kind)).map((m) => m.id);

/** The scenario file with the mutants ZAB does not have left out (they belong to another protocol). */
function underZab(file: string): { readonly plan: ReturnType<typeof loadScenario>; readonly foreign: readonly string[] } {
  const doc = parseDocument(readFileSync(dir + file, 'utf8'));
  const declared = (doc.get('mutants') as { toJSON(): string[] } | undefined)?.toJSON() ?? [];
  const kind = String(doc.getIn(['workload', 'kind']) ?? 'znode');
  const foreign = declared.filter((m) => !known(kind).includes(m));
  if (foreign.length > 0) doc.set('mutants', declared.filter((m) => !foreign.includes(m)));
  return { plan: parseScenario(String(doc), file, { protocol: 'zab', trace: 'state' }), foreign };
}

/** Parses the scenario under ZAB; undefined when its faults name another protocol's own messages or timers. */
function tryUnderZab(file: string): ReturnType<typeof underZab> | undefined {
  try {
    return underZab(file);
  } catch (error) {
    if (error instanceof ScenarioError && / sends no message of kind | has no timer '/.test(error.message)) return undefined;
    throw error;
  }
}

describe('every shipped store scenario under ZAB', () => {
  const files = readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort();
  for (const file of files) {
    const host = REGISTRY.protocol(String(parseDocument(readFileSync(dir + file, 'utf8')).get('protocol')));
    if (host === undefined || !ordersStore(host) || host === ZAB) continue;
    const scenario = tryUnderZab(file);
    it.skipIf(scenario === undefined)(`${file}${scenario === undefined ? ' (its faults name another protocol’s messages)' : ''}`, () => {
      const { plan, foreign } = scenario!;
      const applies = foreign.length === 0 && (plan.mutants.length > 0 || plan.options['zab'] !== undefined);
      const expected = plan.expect === 'violation' && applies ? 'violation' : 'ok';
      const result = run(plan, { keepTrace: 0 });
      const found = result.verdict === 'ok' ? 'ok' : 'violation';
      expect(found, `${file} under zab: ${result.violations.map((v) => `${v.check}: ${v.message}`).join('; ')}`).toBe(expected);
    });
  }
});
