/** ZAB's options as a scenario's `options.zab`: defaults, units, and precise complaints. */
import { describe, expect, it } from 'vitest';
import { DEFAULT_ZAB_OPTIONS, ZAB_OPTIONS } from '../../../protocols/zab/options.js';
import { rejection } from '../../support/rejection.js';

const context = { replicas: ['n1', 'n2', 'n3'] };

describe('options.zab', () => {
  it('defaults to ZooKeeper’s settings scaled to the simulator', () => {
    expect(ZAB_OPTIONS.parse({}, context)).toEqual({ ok: true, value: DEFAULT_ZAB_OPTIONS });
    expect(DEFAULT_ZAB_OPTIONS).toMatchObject({ tickTime: 40_000, initLimit: 10, syncLimit: 5, finalizeWait: 20_000 });
  });

  it('takes durations with units and tick counts', () => {
    const r = ZAB_OPTIONS.parse({ tickTime: '2s', initLimit: 10, syncLimit: 5, finalizeWait: '200ms', maxNotificationInterval: '60s' }, context);
    expect(r.ok && r.value).toMatchObject({ tickTime: 2_000_000, finalizeWait: 200_000, maxNotificationInterval: 60_000_000 });
  });

  it('names the field and what was expected', () => {
    expect(ZAB_OPTIONS.parse({ tickTime: 40 }, context)).toMatchObject({ ok: false, issues: [{ path: ['tickTime'] }] });
    expect(ZAB_OPTIONS.parse({ syncLimit: 0 }, context)).toMatchObject({ ok: false, issues: [{ path: ['syncLimit'], message: 'expected a whole number of at least 1' }] });
    expect(ZAB_OPTIONS.parse({ finalizeWait: '1s', maxNotificationInterval: '500ms' }, context)).toMatchObject({ ok: false, issues: [{ path: ['maxNotificationInterval'] }] });
    expect(ZAB_OPTIONS.parse({ electionTimeout: '1s' }, context)).toMatchObject({ ok: false, issues: [{ path: ['electionTimeout'], message: expect.stringContaining('unknown option') }] });
  });

  it('a scenario’s bad ZAB option is an error naming the file, the line and the field', () => {
    expect(rejection('protocol: zab\noptions:\n  zab: { syncLimit: 0 }\n')).toBe('bad.yaml:3: options.zab.syncLimit: expected a whole number of at least 1');
  });
});
