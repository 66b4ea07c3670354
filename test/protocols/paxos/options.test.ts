import { describe, expect, it } from 'vitest';
import { parseOptions } from '../../../protocols/kit/options.js';
import { PAXOS_OPTIONS } from '../../../protocols/paxos/options.js';
import { parseScenario } from '../../../scenarios/load.js';
import { SimConfigError } from '../../../sim/errors.js';

const IDS = ['n1', 'n2', 'n3', 'n4', 'n5'];
const parse = (raw: unknown, ids = IDS) => parseOptions(PAXOS_OPTIONS, raw, { replicas: ids }, 'options.paxos');

describe('Multi-Paxos options', () => {
  it("fills Raft's defaults and reads durations with their units", () => {
    expect(parse({})).toEqual({ failureTimeout: 150_000, heartbeatInterval: 30_000, maxBatch: 64, snapshotEvery: 1_000, readBarrier: 'read-index', driftBound: 0.05 });
    const o = parse({ failureTimeout: '300ms', heartbeatInterval: '50ms', readBarrier: 'lease', driftBound: 0.1, snapshotEvery: 0 });
    expect([o.failureTimeout, o.heartbeatInterval, o.readBarrier, o.driftBound, o.snapshotEvery]).toEqual([300_000, 50_000, 'lease', 0.1, 0]);
  });

  it.each([
    [{ failureTimout: '1s' }, /options\.paxos\.failureTimout: unknown option \(known: failureTimeout,/],
    [{ failureTimeout: 150 }, /options\.paxos\.failureTimeout: expected a duration such as 250ms, 1\.5s or 2m, found 150/],
    [{ heartbeatInterval: '200ms' }, /options\.paxos\.heartbeatInterval: must be shorter than failureTimeout \(150ms\)/],
    [{ readBarrier: 'zookeeper' }, /options\.paxos\.readBarrier: expected read-index or lease, found "zookeeper"/],
    [{ maxBatch: 0 }, /options\.paxos\.maxBatch: expected a whole number of at least 1/],
    [{ driftBound: 1.5 }, /options\.paxos\.driftBound: expected a number in \[0, 1\)/],
  ])('rejects %j', (raw, message) => {
    expect(() => parse(raw)).toThrow(SimConfigError);
    expect(() => parse(raw)).toThrow(message);
  });

  it('refuses more replicas than a ballot can number', () => {
    const ids = Array.from({ length: 16 }, (_, i) => `n${i + 1}`);
    expect(() => parse({}, ids)).toThrow(/options\.paxos: Multi-Paxos runs at most 15 replicas/);
  });

  it('are validated by the scenario loader, with the file, line and field', () => {
    expect(() => parseScenario('protocol: paxos\noptions:\n  paxos:\n    heartbeatInterval: 1s\n', 'bad.yaml')).toThrow('bad.yaml:4: options.paxos.heartbeatInterval: must be shorter than failureTimeout (150ms)');
  });
});
