/** The same seed gives the same Multi-Paxos run, byte for byte; another seed gives another. */
import { describe, expect, it } from 'vitest';
import { run } from '../../../scenarios/run.js';
import { randomNemesis } from '../raft/plans.js';
import { paxosPlan } from './plans.js';

describe('Multi-Paxos determinism', () => {
  it('same seed, same trace hash; different seed, different hash', () => {
    const plan = (seed: number) => paxosPlan(seed, { trace: 'full', nemesis: { script: [], random: randomNemesis() } });
    const a = run(plan(7), { keepTrace: 0 });
    const b = run(plan(7), { keepTrace: 0 });
    const c = run(plan(8), { keepTrace: 0 });
    expect(a.verdict).toBe('ok');
    expect(a.stats.faults).toBeGreaterThan(0);
    expect(b.traceHash).toBe(a.traceHash);
    expect(c.traceHash).not.toBe(a.traceHash);
  });
});
