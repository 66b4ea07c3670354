import { describe, expect, it } from 'vitest';
import type { TraceEvent } from '../../sim/trace.js';
import { reportWindow } from '../../cli/report.js';

const trace: TraceEvent[] = Array.from({ length: 1_000 }, (_, i) => ({ seq: i, t: i * 10, kind: 'x' }));

describe('the report window', () => {
  it('embeds a short trace whole', () => {
    expect(reportWindow(trace, undefined, 5_000)).toEqual({ events: trace, before: 0, after: 0 });
  });
  it('keeps the end of a long trace without a violation, and counts what it left out', () => {
    const w = reportWindow(trace, undefined, 100);
    expect(w.events).toHaveLength(100);
    expect(w.events[0]!.seq).toBe(900);
    expect([w.before, w.after]).toEqual([900, 0]);
  });
  it('centres on the first violation, mostly before it', () => {
    const w = reportWindow(trace, 3_000, 100);
    expect(w.events).toHaveLength(100);
    expect(w.events.some((e) => e.t === 3_000)).toBe(true);
    expect(w.events[w.events.length - 1]!.seq).toBe(310);
    expect(w.before + w.events.length + w.after).toBe(1_000);
  });
});
