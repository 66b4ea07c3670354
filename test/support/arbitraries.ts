/**
 * The project's own suites use the library's arbitraries (testing/arbitraries.ts), as users do.
 */
import type { RunPlan } from '../../scenarios/plan.js';
import { toScenarioYaml } from '../../scenarios/serialize.js';

export { faultArb, scheduleArb, type ScheduleOptions } from '../../testing/arbitraries.js';

/** A failing plan as a scenario file, for the failure message: paste it into a file and run it. */
export function reproduction(plan: RunPlan): string {
  return toScenarioYaml(plan, 'Failing case found by a property test. Save as a .yaml file and run: npx ensemble run <file>');
}
