/**
 * One conformance suite for every registered protocol: what any protocol must do to live in the
 * house, whatever its algorithm. Same seed, same trace; the generic checks (one leader per era,
 * agreement on applied prefixes, equal digests at equal positions, monotone positions), its own
 * checks and linearizability under random faults of every kind, with liveness after they heal;
 * every shipped store scenario for a protocol that orders the store; and a golden transcript.
 */
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ordersStore } from '../../protocols/definition.js';
import { ScenarioError } from '../../scenarios/errors.js';
import { loadScenario } from '../../scenarios/load.js';
import type { RunPlan } from '../../scenarios/plan.js';
import { REGISTRY } from '../../scenarios/registry.js';
import { run } from '../../scenarios/run.js';
import { reproduction, scheduleArb } from '../support/arbitraries.js';
import { REPLICAS, conformancePlan, transcriptPlan } from './plans.js';
import { transcript } from './transcript.js';

const SCENARIOS = fileURLToPath(new URL('../../scenarios/', import.meta.url));

/**
 * Whether a shipped scenario's expectation carries over to `protocol`: a catalogued bug of the store
 * or a recipe shows under every protocol, a protocol's own bug only under it, and a violation that
 * comes from a protocol's settings (Raft's lease reads under drift) only under the ones it configures.
 */
function appliesTo(file: string, declared: RunPlan, protocol: string): boolean {
  const p = REGISTRY.protocol(protocol)!;
  const known = REGISTRY.mutantsOf(p, REGISTRY.workload(p, declared.workload.kind)).map((m) => m.id);
  if (!declared.mutants.every((m) => known.includes(m))) return false;
  if (declared.expect === 'violation' && declared.mutants.length === 0 && declared.options[protocol] === undefined) return false;
  return !namesOthersMessages(file, protocol);
}

/** Whether the scenario's faults name message kinds or timers `protocol` does not have (another protocol's own). */
function namesOthersMessages(file: string, protocol: string): boolean {
  try {
    loadScenario(file, { protocol });
    return false;
  } catch (error) {
    if (error instanceof ScenarioError && / sends no message of kind | has no timer '/.test(error.message)) return true;
    throw error;
  }
}

/** A scenario's schedule is tuned to its own protocol's timing: under another, its bug may need another seed. */
const SEEDS_TO_SHOW_A_BUG = 8;

const describeFailure = (plan: RunPlan, result: ReturnType<typeof run>): string =>
  `${result.violations.map((v) => `${v.check}: ${v.message}`).join('\n')}\n${reproduction(plan)}`;

for (const protocol of REGISTRY.protocols) {
  describe(`${protocol.name} conforms`, () => {
    it('same seed, same trace byte for byte; different seeds, different traces', () => {
      const lines: string[][] = [[], []];
      const plan = conformancePlan(protocol, 11, { nemesis: { script: [], random: { every: { kind: 'uniform', min: 200_000, max: 600_000 }, duration: { kind: 'uniform', min: 100_000, max: 400_000 }, faults: ['crash', 'partition', 'pause', 'drop'] } } });
      const a = run(plan, { keepTrace: 0, traceSink: (l) => lines[0]!.push(l) });
      const b = run(plan, { keepTrace: 0, traceSink: (l) => lines[1]!.push(l) });
      expect(b.traceHash).toBe(a.traceHash);
      expect(lines[1]!.join('\n')).toBe(lines[0]!.join('\n'));
      expect(run({ ...plan, seed: 12 }, { keepTrace: 0 }).traceHash).not.toBe(a.traceHash);
    });

    it('keeps every check under random faults of every kind, and answers again once they heal', () => {
      fc.assert(
        fc.property(fc.integer({ min: 0, max: 2 ** 31 - 1 }), scheduleArb({ replicas: REPLICAS, until: 3_000_000, maxFaults: 8 }), (seed, script) => {
          const plan = conformancePlan(protocol, seed, { nemesis: { script } });
          const result = run(plan, { keepTrace: 0 });
          if (result.verdict !== 'ok') throw new Error(describeFailure(plan, result));
        }),
        { numRuns: 40 },
      );
    });

    it('says who leads through its state reports, so faults can aim at the leader', () => {
      const result = run(conformancePlan(protocol, 3, { nemesis: { script: [{ at: 1_000_000, fault: { kind: 'crash', node: 'leader', restartAfter: 500_000 } }] } }), { keepTrace: 0 });
      const crash = result.faults.find((f) => f.fault.kind === 'crash');
      expect(crash, 'the nemesis found a leader to crash').toBeDefined();
      expect(result.stats.leaderChanges).toBeGreaterThan(0);
      expect(result.verdict, describeFailure(result.plan, result)).toBe('ok');
    });

    if (ordersStore(protocol)) {
      describe('every shipped store scenario', () => {
        const files = readdirSync(SCENARIOS).filter((f) => f.endsWith('.yaml')).sort();
        for (const file of files) {
          const declared = loadScenario(SCENARIOS + file);
          const host = REGISTRY.protocol(declared.protocol);
          if (host === undefined || !ordersStore(host)) continue;
          it.runIf(appliesTo(SCENARIOS + file, declared, protocol.name))(file, () => {
            const plan = loadScenario(SCENARIOS + file, { protocol: protocol.name });
            if (plan.expect === 'ok' || declared.protocol === protocol.name) {
              const result = run(plan, { keepTrace: 0 });
              const found = result.verdict === 'ok' ? 'ok' : 'violation';
              expect(found, `${file} under ${protocol.name}: ${result.violations.map((v) => v.message).join('; ')}`).toBe(plan.expect);
              return;
            }
            const seeds = Array.from({ length: SEEDS_TO_SHOW_A_BUG }, (_, i) => plan.seed + i);
            const found = seeds.find((seed) => run({ ...plan, seed }, { keepTrace: 0 }).verdict === 'violation');
            expect(found, `${file} under ${protocol.name}: no violation on seeds ${seeds[0]}..${seeds.at(-1)}`).toBeDefined();
          });
        }
      });
    }

    it('matches its golden transcript', async () => {
      const lines: string[] = [];
      const result = run(transcriptPlan(protocol), { traceSink: (l) => lines.push(l) });
      const text = `# ${protocol.name}: test/conformance/plans.ts transcriptPlan; trace hash ${result.traceHash}; verdict ${result.verdict}\n${transcript(result.trace)}\n`;
      await expect(text).toMatchFileSnapshot(`golden/${protocol.name}.txt`);
    });
  });
}
