import { describe, expect, it } from 'vitest';
import { parseOptions } from '../../../protocols/kit/options.js';
import { RAFT_OPTIONS } from '../../../protocols/raft/options.js';
import { SimConfigError } from '../../../sim/errors.js';

const IDS = ['n1', 'n2', 'n3', 'n4', 'n5'];
const parse = (raw: unknown) => parseOptions(RAFT_OPTIONS, raw, { replicas: IDS }, 'options.raft');

describe('Raft options', () => {
  it('fills defaults and reads durations with their units', () => {
    const o = parse({ electionTimeout: '300ms', heartbeatInterval: '50ms', membership: [{ at: '1s', add: 'n4' }] });
    expect([o.electionTimeout, o.heartbeatInterval, o.preVote, o.checkQuorum, o.readBarrier, o.readRetry, o.membership]).toEqual([300_000, 50_000, true, true, 'read-index', 100_000, [{ at: 1_000_000, add: 'n4' }]]);
  });

  it.each([
    [{ electionTimout: '1s' }, /options\.raft\.electionTimout: unknown option \(known: electionTimeout,/],
    [{ electionTimeout: 'soon' }, /options\.raft\.electionTimeout: expected a duration such as 250ms/],
    [{ electionTimeout: 150 }, /options\.raft\.electionTimeout: expected a duration such as 250ms, 1\.5s or 2m, found 150/],
    [{ heartbeatInterval: '200ms' }, /options\.raft\.heartbeatInterval: must be shorter than electionTimeout \(150ms\)/],
    [{ readBarrier: 'lease', checkQuorum: false }, /options\.raft\.readBarrier: lease reads need checkQuorum/],
    [{ readBarrier: 'zookeeper' }, /options\.raft\.readBarrier: expected read-index or lease, found "zookeeper"/],
    [{ maxBatch: 0 }, /options\.raft\.maxBatch: expected a whole number of at least 1/],
    [{ voters: 9 }, /options\.raft\.voters: there are only 5 replicas/],
    [{ membership: [{ at: '1s', add: 'n9' }] }, /options\.raft\.membership\[0\]: unknown replica "n9"/],
    [{ membership: [{ at: '1s', add: 'n4', remove: 'n1' }] }, /give exactly one of add or remove/],
    [{ membership: [{ at: '2s', add: 'n4' }, { at: '1s', add: 'n5' }] }, /options\.raft\.membership\[1\]\.at: changes must be in time order/],
  ])('rejects %j', (raw, message) => {
    expect(() => parse(raw)).toThrow(SimConfigError);
    expect(() => parse(raw)).toThrow(message);
  });
});
