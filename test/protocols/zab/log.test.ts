/** ZAB's durable log: lookups by zxid, truncation, compaction and installed snapshots, across crashes. */
import { describe, expect, it } from 'vitest';
import { Disk, type DiskHandle } from '../../../sim/disk.js';
import { ZabLog, loadEpochs, saveAcceptedEpoch, saveCurrentEpoch } from '../../../protocols/zab/log.js';
import { type Txn, zxid } from '../../../protocols/zab/types.js';

function handle(disk: Disk): DiskHandle {
  return {
    get: (k) => disk.get(k),
    put: (k, v) => disk.write({ op: 'put', key: k, value: v }),
    delete: (k) => disk.write({ op: 'delete', key: k }),
    log: (k) => disk.log(k),
    append: (k, items) => disk.write({ op: 'append', key: k, items }),
    truncate: (k, length) => disk.write({ op: 'truncate', key: k, length }),
    sync: () => disk.complete(disk.syncPoint()),
    get unsyncedWrites() {
      return disk.unsyncedWrites;
    },
  };
}

const txn = (e: number, c: number): Txn => ({ zxid: zxid(e, c), by: 'n1', cmd: { kind: 'noop' } });

describe('ZabLog', () => {
  it('finds positions by zxid, and the last position at or before one', () => {
    const log = new ZabLog(handle(new Disk()));
    log.append([txn(1, 1), txn(1, 2), txn(3, 1)]);
    expect(log.positionOf(zxid(1, 2))).toBe(2);
    expect(log.positionOf(zxid(2, 1))).toBeUndefined();
    expect(log.floor(zxid(2, 1))).toBe(2);
    expect(log.floor(zxid(9, 9))).toBe(3);
    expect(log.positionOf(zxid(0, 0))).toBe(0);
  });

  it('keeps across a crash what was synced, and a compaction never leaves a hole', () => {
    const disk = new Disk();
    const h = handle(disk);
    const log = new ZabLog(h);
    log.append([txn(1, 1), txn(1, 2), txn(1, 3)]);
    h.sync();
    log.compact({ index: 2, zxid: zxid(1, 2), id: '1.2@n1', data: undefined });
    disk.crash(); // the compaction was not synced: the old generation stands
    const back = new ZabLog(handle(disk));
    expect([back.base, back.lastPosition, back.lastZxid]).toEqual([0, 3, zxid(1, 3)]);
    back.compact({ index: 2, zxid: zxid(1, 2), id: '1.2@n1', data: undefined });
    handle(disk).sync();
    disk.crash();
    const again = new ZabLog(handle(disk));
    expect([again.base, again.lastPosition, again.zxidAt(2), again.txnAt(3).zxid]).toEqual([2, 3, zxid(1, 2), zxid(1, 3)]);
  });

  it('truncates to a position and installs a leader’s snapshot', () => {
    const log = new ZabLog(handle(new Disk()));
    log.append([txn(1, 1), txn(1, 2), txn(1, 3)]);
    log.truncateAfter(1);
    expect([log.lastPosition, log.lastZxid]).toEqual([1, zxid(1, 1)]);
    log.install({ index: 5, zxid: zxid(2, 3), id: '2.3@n2', data: undefined });
    expect([log.base, log.lastPosition, log.idAt(5)]).toEqual([5, 5, '2.3@n2']);
  });

  it('keeps acceptedEpoch and currentEpoch in files of their own', () => {
    const disk = new Disk();
    const h = handle(disk);
    saveAcceptedEpoch(h, 3);
    h.sync();
    saveCurrentEpoch(h, 3);
    disk.crash();
    expect(loadEpochs(handle(disk))).toEqual({ accepted: 3, current: 0 });
  });
});
