import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EventQueue } from '../../sim/queue.js';

describe('EventQueue', () => {
  it('pops in (time, insertion) order: total and stable', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 50 }), { maxLength: 300 }), (times) => {
        const q = new EventQueue<{ time: number; seq: number; label: number }>();
        times.forEach((time, label) => q.push({ time, seq: 0, label }));
        const out: { time: number; label: number }[] = [];
        for (let e = q.pop(); e; e = q.pop()) out.push(e);
        const expected = times.map((time, label) => ({ time, label })).sort((a, b) => a.time - b.time || a.label - b.label);
        expect(out.map((e) => [e.time, e.label])).toEqual(expected.map((e) => [e.time, e.label]));
      }),
    );
  });

  it('interleaved pushes and pops still respect the order', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.boolean(), fc.integer({ min: 0, max: 20 })), { maxLength: 300 }), (steps) => {
        const q = new EventQueue<{ time: number; seq: number }>();
        let floor = 0;
        let last = { time: -1, seq: -1 };
        for (const [pop, dt] of steps) {
          if (pop) {
            const e = q.pop();
            if (!e) continue;
            expect(e.time > last.time || (e.time === last.time && e.seq > last.seq)).toBe(true);
            last = e;
            floor = e.time;
          } else q.push({ time: floor + dt, seq: 0 });
        }
      }),
    );
  });
});
