/**
 * The Raft log on disk: appends and truncations survive a crash once synced, and a crash at any
 * point of a compaction (any prefix of its writes reaching disk) leaves a log that still holds
 * every entry: the snapshot plus the entries after it, or the old log whole.
 */
import { describe, expect, it } from 'vitest';
import { RaftLog } from '../../../protocols/raft/log.js';
import { logIndex, term, type Entry, type Snapshot } from '../../../protocols/raft/types.js';
import { StoreMachine } from '../../../protocols/store/machine.js';
import { Disk, type DiskHandle } from '../../../sim/disk.js';

function handle(disk: Disk): DiskHandle {
  return {
    get: (key) => disk.get(key),
    put: (key, value) => disk.write({ op: 'put', key, value }),
    delete: (key) => disk.write({ op: 'delete', key }),
    log: (key) => disk.log(key),
    append: (key, items) => disk.write({ op: 'append', key, items }),
    truncate: (key, length) => disk.write({ op: 'truncate', key, length }),
    sync: () => disk.complete(disk.syncPoint()),
    get unsyncedWrites() {
      return disk.unsyncedWrites;
    },
  };
}

const CONFIG = { voters: ['n1', 'n2', 'n3'], change: 0 };
const entry = (t: number): Entry => ({ term: term(t), cmd: { kind: 'noop' } });
const terms = (log: RaftLog): number[] => Array.from({ length: log.lastIndex - log.snapshotIndex }, (_, i) => log.termAt(log.snapshotIndex + 1 + i)!);
const snapshotAt = (log: RaftLog, i: number): Snapshot => ({ index: logIndex(i), term: log.termAt(i)!, config: CONFIG, data: new StoreMachine().snapshot() });

/** A disk holding a synced log of 10 entries (terms 1,1,1,2,2,2,3,3,3,3), and the log over it. */
function synced(): { disk: Disk; log: RaftLog } {
  const disk = new Disk();
  const log = new RaftLog(handle(disk), CONFIG);
  log.append([1, 1, 1, 2, 2, 2, 3, 3, 3, 3].map(entry));
  handle(disk).sync();
  return { disk, log };
}

describe('raft log on disk', () => {
  it('keeps synced appends and truncations over a crash, and loses unsynced ones', () => {
    const { disk, log } = synced();
    log.truncateAfter(8);
    log.append([entry(4)]);
    handle(disk).sync();
    log.append([entry(4), entry(4)]);
    disk.crash();
    const back = new RaftLog(handle(disk), CONFIG);
    expect(terms(back)).toEqual([1, 1, 1, 2, 2, 2, 3, 3, 4]);
  });

  it('loses nothing when a crash interrupts a compaction at any write', () => {
    const probe = synced();
    const before = probe.disk.syncPoint();
    probe.log.compact(snapshotAt(probe.log, 6));
    const after = probe.disk.syncPoint();
    expect(after - before).toBeGreaterThan(3);
    for (let k = before; k <= after; k++) {
      const { disk, log } = synced();
      log.compact(snapshotAt(log, 6));
      disk.complete(k);
      disk.crash();
      const back = new RaftLog(handle(disk), CONFIG);
      expect(back.lastIndex).toBe(10);
      expect([back.snapshotIndex === 0 || back.snapshotIndex === 6, back.termAt(10), back.termAt(7)]).toEqual([true, 3, 3]);
      // A later compaction after the interrupted one works from whatever survived.
      back.compact(snapshotAt(back, 8));
      handle(disk).sync();
      disk.crash();
      const again = new RaftLog(handle(disk), CONFIG);
      expect([again.snapshotIndex, again.lastIndex, terms(again)]).toEqual([8, 10, [3, 3]]);
    }
  });

  it('installs a snapshot: keeps the suffix after a matching entry, drops a log that does not match', () => {
    const a = synced();
    a.log.install({ index: logIndex(5), term: term(2), config: CONFIG, data: new StoreMachine().snapshot() });
    expect([a.log.snapshotIndex, a.log.lastIndex]).toEqual([5, 10]);
    const b = synced();
    b.log.install({ index: logIndex(5), term: term(7), config: CONFIG, data: new StoreMachine().snapshot() });
    expect([b.log.snapshotIndex, b.log.lastIndex, b.log.lastTerm]).toEqual([5, 5, 7]);
  });
});
