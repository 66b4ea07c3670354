/**
 * A server's durable state, as ZooKeeper keeps it: the `acceptedEpoch` and `currentEpoch` files
 * (written separately), the txn log and the latest snapshot. Transactions are kept in memory and
 * written through to the simulated disk; what a crash keeps is what was synced.
 *
 * Disk layout. A *generation* is a snapshot (`zab.snap.<g>`, absent for generation 0) and the txns
 * after it (`zab.log.<g>`); `zab.meta` names the current one. A compaction or an installed snapshot
 * writes the next generation in full and switches `zab.meta` to it last, so after any crash
 * `zab.meta` names a complete generation (writes reach the disk in the order issued).
 */
import type { DiskHandle } from '../../sim/disk.js';
import { EMPTY_SNAPSHOT, type Snapshot, type Txn, type Zxid, txnId } from './types.js';

const ACCEPTED = 'zab.acceptedEpoch';
const CURRENT = 'zab.currentEpoch';
const META = 'zab.meta';
const logKey = (gen: number): string => `zab.log.${gen}`;
const snapKey = (gen: number): string => `zab.snap.${gen}`;

/** The two epoch files, as a restart finds them (0 when never written). */
export interface Epochs {
  readonly accepted: number;
  readonly current: number;
}

/** Reads both epoch files. */
export function loadEpochs(disk: DiskHandle): Epochs {
  return { accepted: disk.get<number>(ACCEPTED) ?? 0, current: disk.get<number>(CURRENT) ?? 0 };
}

/** Writes the acceptedEpoch file (the caller syncs it before what depends on it goes out). */
export function saveAcceptedEpoch(disk: DiskHandle, epoch: number): void {
  disk.put(ACCEPTED, epoch);
}

/** Writes the currentEpoch file (after the history it vouches for: ZOOKEEPER-4643). */
export function saveCurrentEpoch(disk: DiskHandle, epoch: number): void {
  disk.put(CURRENT, epoch);
}

/** The txns after the latest snapshot, in memory and written through to disk (layout above). */
export class ZabLog {
  private gen: number;
  private snap: Snapshot;
  private entries: Txn[];

  constructor(private readonly disk: DiskHandle) {
    this.gen = disk.get<{ gen: number }>(META)?.gen ?? 0;
    this.snap = disk.get<Snapshot>(snapKey(this.gen)) ?? EMPTY_SNAPSHOT;
    this.entries = disk.log<Txn>(logKey(this.gen)).slice();
  }

  /** The position of the latest snapshot (0 without one): the log holds the txns after it. */
  get base(): number {
    return this.snap.index;
  }

  get snapshot(): Snapshot {
    return this.snap;
  }

  get lastPosition(): number {
    return this.snap.index + this.entries.length;
  }

  get lastZxid(): Zxid {
    const last = this.entries[this.entries.length - 1];
    return last === undefined ? this.snap.zxid : last.zxid;
  }

  /** The zxid at `position` (the snapshot's at its base); undefined outside [base, last]. */
  zxidAt(position: number): Zxid | undefined {
    if (position === this.snap.index) return this.snap.zxid;
    return this.entries[position - this.snap.index - 1]?.zxid;
  }

  /** The trace identity of the txn at `position` (the snapshot's at its base). */
  idAt(position: number): string {
    if (position === this.snap.index) return this.snap.id;
    return txnId(this.txnAt(position));
  }

  /** The txn at `position`, which must be after the base and not past the end. */
  txnAt(position: number): Txn {
    const t = this.entries[position - this.snap.index - 1];
    if (t === undefined) throw new RangeError(`zab log: no txn at ${position} (base ${this.snap.index}, last ${this.lastPosition})`);
    return t;
  }

  /** The txns at positions from `from` to `to`, both included. */
  slice(from: number, to: number): Txn[] {
    return this.entries.slice(from - this.snap.index - 1, to - this.snap.index);
  }

  /** The position holding `z` exactly (the base included); undefined if the log has no such zxid. */
  positionOf(z: Zxid): number | undefined {
    const p = this.floor(z);
    return p !== undefined && this.zxidAt(p) === z ? p : undefined;
  }

  /** The last position whose zxid is at most `z`; undefined when `z` is before the base. */
  floor(z: Zxid): number | undefined {
    if (z < this.snap.zxid) return undefined;
    let lo = 0;
    let hi = this.entries.length; // entries[lo..hi) are candidates; answer = base + count of zxids ≤ z
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.entries[mid]!.zxid <= z) lo = mid + 1;
      else hi = mid;
    }
    return this.snap.index + lo;
  }

  append(txns: readonly Txn[]): void {
    if (txns.length === 0) return;
    for (const t of txns) this.entries.push(t);
    this.disk.append(logKey(this.gen), txns);
  }

  /** Keeps the txns up to `position` (not before the base), dropping the rest. */
  truncateAfter(position: number): void {
    if (position >= this.lastPosition) return;
    if (position < this.snap.index) throw new RangeError(`zab log: cannot truncate to ${position}, before the snapshot at ${this.snap.index}`);
    this.entries.length = position - this.snap.index;
    this.disk.truncate(logKey(this.gen), this.entries.length);
  }

  /** Replaces the log's prefix up to `snapshot.index` (a position this log holds) by the snapshot. */
  compact(snapshot: Snapshot): void {
    if (this.zxidAt(snapshot.index) !== snapshot.zxid) throw new RangeError(`zab log: snapshot at ${snapshot.index} does not match the log`);
    this.rebase(snapshot, this.entries.slice(snapshot.index - this.snap.index));
  }

  /** Replaces the whole log by a snapshot (a leader's SNAP), with no txns after it. */
  install(snapshot: Snapshot): void {
    this.rebase(snapshot, []);
  }

  private rebase(snapshot: Snapshot, suffix: Txn[]): void {
    const next = this.gen + 1;
    this.disk.truncate(logKey(next), 0); // left over from a compaction a crash interrupted
    if (snapshot.index > 0) this.disk.put(snapKey(next), snapshot);
    else this.disk.delete(snapKey(next));
    if (suffix.length > 0) this.disk.append(logKey(next), suffix.slice()); // the disk keeps what it is given
    this.disk.put(META, { gen: next });
    this.disk.truncate(logKey(this.gen), 0);
    this.disk.delete(snapKey(this.gen));
    this.gen = next;
    this.snap = snapshot;
    this.entries = suffix;
  }
}
