import fc from 'fast-check';
import { it } from 'vitest';
import { check } from '../../sim/check/index.js';
import { execute, kvOp, planArb } from './support/generate.js';
import { refKv } from './support/reference.js';
it('scratch', () => {
  fc.assert(fc.property(planArb(kvOp, 8, 3), (p) => {
    const ev = execute(refKv as never, p, { faults: true });
    const r = check(ev, { model: 'kv', consistency: 'zookeeper' });
    if (r.partitions.some((x) => x.key === '*')) { return false; }
    return true;
  }), { numRuns: 3000, reporter: (out) => { if (out.failed) { const p = out.counterexample![0]; const ev = execute(refKv as never, p as never, { faults: true }); ev.forEach((e, i) => console.log(i, e.process, e.type, e.f, e.key, e.value)); process.env.DEBUGMERGE = '1'; check(ev, { model: 'kv', consistency: 'zookeeper' }); } } });
});
