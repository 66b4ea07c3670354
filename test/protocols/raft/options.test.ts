import { describe, expect, it } from 'vitest';
import { parseRaftOptions } from '../../../protocols/raft/options.js';
import { SimConfigError } from '../../../sim/errors.js';

const IDS = ['n1', 'n2', 'n3', 'n4', 'n5'];

describe('Raft options', () => {
  it('fills defaults and reads durations as text or microseconds', () => {
    const o = parseRaftOptions({ electionTimeout: '300ms', heartbeatInterval: 50_000, membership: [{ at: '1s', add: 'n4' }] }, IDS);
    expect([o.electionTimeout, o.heartbeatInterval, o.preVote, o.checkQuorum, o.reads, o.membership]).toEqual([300_000, 50_000, true, true, 'read-index', [{ at: 1_000_000, add: 'n4' }]]);
  });

  it.each([
    [{ electionTimout: '1s' }, /options\.electionTimout: unknown option/],
    [{ electionTimeout: 'soon' }, /options\.electionTimeout: expected a positive duration/],
    [{ heartbeatInterval: '200ms' }, /options\.heartbeatInterval: must be shorter than electionTimeout/],
    [{ reads: 'lease', checkQuorum: false }, /options\.reads: lease reads need checkQuorum/],
    [{ voters: 9 }, /options\.voters: there are only 5 replicas/],
    [{ membership: [{ at: '1s', add: 'n9' }] }, /options\.membership\[0\]: unknown replica "n9"/],
    [{ membership: [{ at: '1s', add: 'n4', remove: 'n1' }] }, /give exactly one of add or remove/],
    [{ membership: [{ at: '2s', add: 'n4' }, { at: '1s', add: 'n5' }] }, /options\.membership\[1\]\.at: changes must be in time order/],
  ])('rejects %j', (raw, message) => {
    expect(() => parseRaftOptions(raw, IDS)).toThrow(SimConfigError);
    expect(() => parseRaftOptions(raw, IDS)).toThrow(message);
  });
});
