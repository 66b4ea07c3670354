/**
 * Every shipped store scenario under Multi-Paxos (`--protocol paxos`): each finds what its file says
 * it finds. The causes of the shipped violations are the store's, the recipes' or a lease read
 * setting; the lease scenarios say what their lease means under Paxos in their `paxos:` options.
 * A file whose `checks` name another protocol's own checks runs with those left out; one that
 * expects a violation of another protocol's own (its mutants or its settings) is skipped.
 *
 * A scenario that expects a violation exposes a bug of the store or of a recipe by timing (a client
 * paused while it holds a lock, say), and another protocol shifts that timing: under Paxos it must
 * show the violation on its own seed or one of the next few (recipe-lock-unfenced does so on 4 of
 * seeds 1–10 under Raft, its own 7 among them, and on 5 of them under Paxos, not 7: first on 10).
 * A scenario that expects none must pass on its own seed.
 */
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ordersStore } from '../../../protocols/definition.js';
import { loadScenario } from '../../../scenarios/load.js';
import type { RunPlan } from '../../../scenarios/plan.js';
import { REGISTRY } from '../../../scenarios/registry.js';
import { run } from '../../../scenarios/run.js';

const DIR = new URL('../../../scenarios/', import.meta.url).pathname;
const PAXOS = REGISTRY.protocol('paxos')!;
/** How many seeds, from the file's own, a scenario that expects a violation may take to show it. */
const SEEDS = 8;

/** The scenario as a Paxos run: another protocol's own checks (if the file names them) give way to Paxos's. */
function underPaxos(file: string, original: RunPlan): RunPlan {
  const theirs = Object.keys(REGISTRY.protocol(original.protocol)!.checks).filter((c) => !(c in PAXOS.checks));
  if (!original.checks.some((c) => theirs.includes(c))) return loadScenario(file, { protocol: 'paxos', trace: 'state' });
  return { ...original, protocol: 'paxos', checks: [...original.checks.filter((c) => !theirs.includes(c)), ...Object.keys(PAXOS.checks)] };
}

/**
 * Whether the scenario's verdict carries over to Paxos: a violation caused by a bug of the store or
 * of a recipe does; one caused by another protocol's own bug or settings does not, unless the file
 * says what its settings mean under Paxos (`options.paxos`).
 */
function appliesToPaxos(plan: RunPlan): boolean {
  if (plan.expect !== 'violation') return true;
  const known = REGISTRY.mutantsOf(PAXOS, REGISTRY.workload(PAXOS, plan.workload.kind)).map((m) => m.id);
  return plan.mutants.length > 0 ? plan.mutants.every((m) => known.includes(m)) : plan.options['paxos'] !== undefined;
}

const scenarios = readdirSync(DIR)
  .filter((f) => f.endsWith('.yaml'))
  .sort()
  .map((file) => ({ file, plan: loadScenario(`${DIR}${file}`, { trace: 'state' }) }))
  .filter(({ plan }) => ordersStore(REGISTRY.protocol(plan.protocol)!));

describe('every shipped store scenario under Multi-Paxos', () => {
  for (const { file, plan: original } of scenarios) {
    it.runIf(appliesToPaxos(original))(file, () => {
      const plan = underPaxos(`${DIR}${file}`, original);
      if (plan.expect === 'violation') {
        const seeds = Array.from({ length: SEEDS }, (_, i) => plan.seed + i);
        expect(seeds.find((seed) => run({ ...plan, seed }, { keepTrace: 0 }).verdict === 'violation'), `no violation on seeds ${seeds.join(', ')}`).toBeDefined();
        return;
      }
      const r = run(plan, { keepTrace: 0 });
      expect(r.verdict, r.violations.map((v) => `${v.check}: ${v.message}`).join('\n')).toBe('ok');
    });
  }
});
