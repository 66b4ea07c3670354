/** Runs a plan and throws with everything needed to replay it if any check failed. */
import { run } from '../../../scenarios/run.js';
import type { RunPlan } from '../../../scenarios/plan.js';
import { reproduction } from '../../support/arbitraries.js';

export function runAndAssert(plan: RunPlan): void {
  const r = run(plan, { keepTrace: 0 });
  if (r.violations.length === 0) return;
  const problems = r.violations.map((v) => `  ${v.check}: ${v.message}`).join('\n');
  throw new Error(`seed ${plan.seed} failed:\n${problems}\n\n${reproduction(plan)}`);
}
