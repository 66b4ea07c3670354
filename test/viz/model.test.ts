import { describe, expect, it } from 'vitest';
import type { ReportData } from '../../viz/layout/data.js';
import { buildModel } from '../../viz/layout/model.js';
import { reportData } from '../../viz/report.js';
import { EVERY_FAULT } from '../support/plans.js';
import { corrupted, inputOf, pbRun } from './support.js';

/** The random nemesis, plus a crash and a partition for certain. */
const nemesis = {
  script: [
    { at: 500_000, fault: { kind: 'crash', node: 'n2', restartAfter: 200_000 } },
    { at: 900_000, fault: { kind: 'partition', groups: [['n1'], ['n2', 'n3']], healAfter: 100_000 } },
  ],
  random: EVERY_FAULT,
} as const;
const result = pbRun(3, { nemesis });
const data: ReportData = reportData(inputOf(result));
const model = buildModel(data);
const count = (kind: string): number => result.trace.filter((e) => e.kind === kind).length;

describe('the view model of a real run (primary-backup, random nemesis)', () => {
  it('has one arrow per delivery or drop, plus one per message still in flight', () => {
    const ended = new Set(result.trace.filter((e) => e.kind === 'net.deliver' || e.kind === 'net.drop').map((e) => e['id']));
    const unended = result.trace.filter((e) => e.kind === 'net.send' && !ended.has(e['id'])).length;
    expect(model.orphans).toBe(0);
    expect(model.arrows.length).toBe(count('net.deliver') + count('net.drop') + unended);
    expect(model.arrows.filter((a) => a.status === 'dropped').length).toBe(count('net.drop'));
    expect(new Set(model.arrows.map((a) => a.id)).size).toBe(count('net.send'));
  });

  it('draws every op of the history, each inside the run', () => {
    expect(model.history.bars.length).toBe(result.history.filter((op) => op.type === 'invoke').length);
    for (const b of model.history.bars) {
      expect(b.start).toBeLessThanOrEqual(b.end);
      expect(b.end).toBeLessThanOrEqual(model.events.length);
      expect(b.row).toBeLessThan(model.history.rows.length);
    }
  });

  it('finds the run’s faults, crashes and partitions', () => {
    expect(count('node.crash')).toBeGreaterThan(0);
    expect(model.lifecycle.segments.filter((s) => s.status === 'down').length).toBe(count('node.crash'));
    expect(model.lifecycle.glyphs.filter((g) => g.kind === 'crash').length).toBe(count('node.crash'));
    expect(model.faults.length).toBeGreaterThan(count('node.crash'));
    expect(model.bands.length).toBeGreaterThan(0);
    expect(model.roles.length).toBeGreaterThan(0);
    expect(model.lanes.filter((l) => l.group === 'replica').map((l) => l.id)).toEqual(['n1', 'n2', 'n3']);
    expect(model.k8s).toBeUndefined();
  });

  it('is the same for the same data', () => {
    const again = buildModel(reportData(inputOf(pbRun(3, { nemesis }))));
    expect(again.arrows).toEqual(model.arrows);
    expect(again.history).toEqual(model.history);
    expect([...again.faults]).toEqual([...model.faults]);
  });

  it('lands a violation on the op the checker could not place', () => {
    const bad = corrupted(result);
    const m = buildModel(reportData(inputOf(bad.result)));
    const [v] = m.violations;
    expect(v?.witness?.candidates.length).toBeGreaterThan(0);
    expect(v?.op).toBe(bad.op);
    expect(v?.at).toBe(m.bars.get(bad.op)?.start);
  });
});
