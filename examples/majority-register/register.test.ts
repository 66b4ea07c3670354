import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { assertRuns, planOf, PropertyFailure, runArb } from 'ensemble-sim/testing';
import { MAJORITY_REGISTER } from './register.js';

const protocols = [MAJORITY_REGISTER];
const base = planOf({ protocols, scenario: { protocol: 'majority-register', replicas: 3, duration: '3s', workload: { clients: 4, rate: '200/s', keys: 2 } } });
const runs = runArb(base, { faults: { kinds: ['crash', 'partition', 'pause', 'network'], maxFaults: 6 } });

describe('the majority register', () => {
  it('stays linearizable under crashes, partitions, pauses and message loss', () => {
    assertRuns(runs, { protocols, numRuns: 60, seed: 7 });
  });

  it('has its bug EX1 found, shrunk and made reproducible', () => {
    const buggy = runs.map((plan) => ({ ...plan, mutants: ['EX1'] }));
    const out = mkdtempSync(join(tmpdir(), 'ex1-'));
    const failure = (() => { try { assertRuns(buggy, { protocols, numRuns: 200, seed: 7, out }); } catch (e) { return e; } })();
    expect(failure).toBeInstanceOf(PropertyFailure);
    expect((failure as PropertyFailure).message).toMatch(/fast-check seed 7[\s\S]*run seed +\d+[\s\S]*replay +simulate\(\{ scenario: '.*scenario\.yaml', seed: \d+, protocols: \[yourProtocol\] \}\)[\s\S]*report +.*report\.html[\s\S]*mutants: \[ EX1 \]/);
    expect((failure as PropertyFailure).plan.nemesis.script.length).toBeLessThanOrEqual(3);
  });
});
