import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { uniform } from '../../sim/latency.js';
import type { Fault } from '../../sim/nemesis.js';
import { parseScenario } from '../../scenarios/load.js';
import { exact, toScenarioYaml } from '../../scenarios/serialize.js';
import { run } from '../../scenarios/run.js';
import { EVERY_FAULT, pbPlan } from '../support/plans.js';

describe('scenario serializer', () => {
  it('exact durations survive the round trip', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10 ** 12 }), (t) => {
        expect(parseScenario(`protocol: primary-backup\nduration: ${exact(t)}\n`, 'x').duration).toBe(t);
      }),
    );
  });

  it('a shipped scenario survives the round trip', () => {
    const plan = parseScenario(readFileSync(new URL('../../scenarios/showcase.yaml', import.meta.url), 'utf8'), 'showcase.yaml');
    expect(parseScenario(toScenarioYaml(plan), 'showcase.yaml')).toEqual(plan);
  });

  it('the faults a random nemesis applied, written as a script, read back the same', () => {
    for (const seed of [1, 2, 3, 4]) {
      const result = run(pbPlan(seed, { nemesis: { script: [], random: { ...EVERY_FAULT, faults: [...EVERY_FAULT.faults] } }, network: { latency: uniform(1_000, 5_000), drop: 0.01 } }), { keepTrace: 0 });
      const scripted = { ...result.plan, nemesis: { script: result.faults } };
      const back = parseScenario(toScenarioYaml(scripted), 'pb-test.yaml');
      // network faults are recorded with every link field; the scenario carries the ones a fault may change
      const strip = (f: Fault): Fault => (f.kind === 'network' ? { kind: 'network', settings: pick(f.settings, ['latency', 'drop', 'duplicate', 'reorder']) } : f);
      expect(back.nemesis.script).toEqual(scripted.nemesis.script.map((s) => ({ at: s.at, fault: strip(s.fault) })));
    }
  });
});

function pick<T extends object>(o: T, keys: readonly (keyof T)[]): Partial<T> {
  return Object.fromEntries(keys.filter((k) => o[k] !== undefined).map((k) => [k, o[k]])) as Partial<T>;
}
