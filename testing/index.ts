/**
 * Ensemble inside your own test suite (`ensemble-sim/testing`): run a scenario with `simulate`,
 * vary faults, networks, workloads and whole runs with the fast-check arbitraries, and assert a
 * property over many runs with `assertRuns`, which shrinks a failure to a small fault schedule and
 * prints how to reproduce it.
 *
 * @example
 * ```ts
 * import { it } from 'vitest';
 * import { assertRuns, planOf, runArb } from 'ensemble-sim/testing';
 *
 * it('the store stays linearizable under crashes and partitions', () => {
 *   const base = planOf({ scenario: 'raft-store' });
 *   assertRuns(runArb(base, { faults: { kinds: ['crash', 'partition'] } }), { numRuns: 50, seed: 42 });
 * });
 * ```
 */
export { simulate, planOf, type SimulateOptions, type Simulation } from './simulate.js';
export { assertRuns, describe as describeResult, PropertyFailure, type PropertyOptions } from './property.js';
export { faultArb, networkArb, runArb, scheduleArb, workloadArb, SCHEDULED_FAULT_KINDS, type RunArbOptions, type ScheduleOptions } from './arbitraries.js';
