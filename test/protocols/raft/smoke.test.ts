import { describe, expect, it } from 'vitest';
import { run } from '../../../scenarios/run.js';
import { raftPlan } from './plans.js';

describe('raft smoke', () => {
  it('runs', () => {
    const r = run(raftPlan(1));
    console.log(r.verdict, r.stats, r.violations.map((v) => v.message));
    expect(r.verdict).toBe('ok');
  });
});
