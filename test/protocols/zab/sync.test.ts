/**
 * The sync decision (protocols/zab/sync.ts) case by case, as ZooKeeper's
 * LearnerHandler.syncFollower and queueCommittedProposals decide it.
 */
import { describe, expect, it } from 'vitest';
import { type History, type SyncSettings, decideSync, syncKind } from '../../../protocols/zab/sync.js';
import { type Zxid, zxid } from '../../../protocols/zab/types.js';

/** A leader history: a snapshot at `base` (whose zxid is `baseZxid`) and the zxids after it. */
function history(base: number, baseZxid: Zxid, zxids: readonly Zxid[], committedEnd = base + zxids.length): History {
  return { base, committedEnd, zxidAt: (p) => (p === base ? baseZxid : zxids[p - base - 1]) };
}

const SETTINGS: SyncSettings = { committedLog: 500, txnLogSync: true, forceSnapSync: false };
const z = zxid;
// Epoch 1: txns 1..5, epoch 3: txns 1..3 (positions 1..8).
const LOG = [z(1, 1), z(1, 2), z(1, 3), z(1, 4), z(1, 5), z(3, 1), z(3, 2), z(3, 3)];

describe('decideSync', () => {
  it('forced: SNAP', () => {
    expect(decideSync(z(3, 3), history(0, z(0, 0), LOG), { ...SETTINGS, forceSnapSync: true })).toEqual({ kind: 'SNAP' });
  });

  it('a learner already level: an empty DIFF', () => {
    expect(decideSync(z(3, 3), history(0, z(0, 0), LOG), SETTINGS)).toEqual({ kind: 'DIFF', from: 9 });
  });

  it('a learner with txns past the last committed one (an old leader’s tail): TRUNC to it', () => {
    expect(decideSync(z(3, 7), history(0, z(0, 0), LOG), SETTINGS)).toEqual({ kind: 'TRUNC', to: z(3, 3), from: 9 });
    // ...and after the epoch is established, "committed" is the commit position: outstanding proposals follow.
    expect(decideSync(z(3, 3), history(0, z(0, 0), LOG, 7), SETTINGS)).toEqual({ kind: 'TRUNC', to: z(3, 2), from: 8 });
  });

  it('a learner inside the committed log: DIFF with the txns after its zxid', () => {
    expect(decideSync(z(1, 4), history(0, z(0, 0), LOG), SETTINGS)).toEqual({ kind: 'DIFF', from: 5 });
  });

  it('a learner with a txn the leader never had, in an epoch the leader goes on in: TRUNC+DIFF', () => {
    // The leader's epoch-1 history skips (1,4); the learner ends there. (Only a broken history makes
    // this; ZooKeeper handles it and so does the decision.)
    const skipping = [z(1, 1), z(1, 2), z(1, 3), z(1, 5), z(3, 1)];
    const plan = decideSync(z(1, 4), history(0, z(0, 0), skipping), SETTINGS);
    expect(plan).toEqual({ kind: 'TRUNC', to: z(1, 3), from: 4 });
    expect(syncKind(plan, 5)).toBe('TRUNC+DIFF');
  });

  it('never truncates across an epoch boundary: SNAP instead', () => {
    // The learner led epoch 2 for a while; the leader's history goes from epoch 1 to epoch 3.
    expect(decideSync(z(2, 2), history(0, z(0, 0), LOG), SETTINGS)).toEqual({ kind: 'SNAP' });
  });

  it('a learner behind the committed log: DIFF from the txn log, SNAP without txn-log sync', () => {
    const h = history(0, z(0, 0), LOG);
    const window = { ...SETTINGS, committedLog: 3 };
    expect(decideSync(z(1, 2), h, window)).toEqual({ kind: 'DIFF', from: 3 });
    expect(decideSync(z(1, 2), h, { ...window, txnLogSync: false })).toEqual({ kind: 'SNAP' });
  });

  it('a learner behind the leader’s snapshot: SNAP; one at the snapshot itself: DIFF', () => {
    const h = history(3, z(1, 3), LOG.slice(3));
    expect(decideSync(z(1, 1), h, SETTINGS)).toEqual({ kind: 'SNAP' });
    expect(decideSync(z(1, 3), h, SETTINGS)).toEqual({ kind: 'DIFF', from: 4 });
  });

  it('an empty learner (a new-epoch zxid): DIFF of everything, never TRUNC', () => {
    expect(decideSync(z(0, 0), history(0, z(0, 0), LOG), SETTINGS)).toEqual({ kind: 'DIFF', from: 1 });
    expect(decideSync(z(0, 0), history(0, z(0, 0), []), SETTINGS)).toEqual({ kind: 'DIFF', from: 1 });
    // A new-epoch zxid past the leader's history is not truncated (ZooKeeper's isPeerNewEpochZxid).
    expect(decideSync(z(4, 0), history(0, z(0, 0), LOG), SETTINGS)).toEqual({ kind: 'SNAP' });
  });
});
