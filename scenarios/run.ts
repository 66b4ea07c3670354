/**
 * `run(plan)`: validate, build the world (build.ts), attach the checks, run it to the end of the
 * settle period, and judge it (judge.ts). Expected outcomes, violations and an undecided checker
 * included, are returned as a `RunResult`; only bad input (SimConfigError) is thrown.
 */
import { SimConfigError } from '../sim/errors.js';
import type { TraceCheck } from '../sim/checks/index.js';
import type { ProtocolDefinition } from '../protocols/definition.js';
import { buildRun } from './build.js';
import { attachChecks, countLeaderChanges, judge } from './judge.js';
import type { RunPlan } from './plan.js';
import { REGISTRY } from './registry.js';
import type { RunResult } from './result.js';
import { validatePlan } from './validate.js';

export { validatePlan } from './validate.js';

export interface RunOptions {
  /** Receives every trace line as it is recorded (the CLI streams trace.jsonl with it). */
  readonly traceSink?: (line: string) => void;
  /** How many trace events to keep in the result; 0 keeps none (explore). Default: all up to 1,000,000. */
  readonly keepTrace?: number;
  /** Step budget for the linearizability search. */
  readonly checkBudget?: number;
  /** Protocols beyond the built-in ones (a library user's own), which the plan may name. */
  readonly protocols?: readonly ProtocolDefinition[];
}

export function run(plan: RunPlan, options: RunOptions = {}): RunResult {
  const registry = REGISTRY.with(options.protocols ?? []);
  validatePlan(plan, registry);
  const built = buildRun(plan, registry, {
    level: plan.trace,
    ...(options.traceSink ? { sink: options.traceSink } : {}),
    ...(options.keepTrace === undefined ? {} : { keep: options.keepTrace }),
  });
  const { world, protocol, workload } = built;
  const checks = plan.checks.flatMap((name) => {
    const make = registry.traceCheck(protocol, workload, name, plan.kubernetes !== undefined);
    return make ? [[name, make()] as const satisfies readonly [string, TraceCheck]] : [];
  });
  attachChecks(world, checks);
  const leaders = countLeaderChanges(world);
  let thrown: unknown;
  try {
    world.run(plan.duration + plan.settle.length);
  } catch (error) {
    if (error instanceof SimConfigError) throw error;
    thrown = error ?? new Error('a node threw undefined');
  }
  return judge({ plan, world, nemesis: built.nemesis, workload, checks, leaders, ...(thrown === undefined ? {} : { thrown }), ...(options.checkBudget === undefined ? {} : { checkBudget: options.checkBudget }) });
}
