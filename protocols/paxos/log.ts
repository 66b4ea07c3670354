/**
 * A replica's slots as acceptor and learner: for each slot after its snapshot, the value it accepted
 * (and in which ballot) or learned chosen, kept in memory and journaled to disk; and its promise.
 *
 * Disk layout. `paxos.promised` holds the promised ballot. A *generation* is a snapshot
 * (`paxos.snap.<g>`, absent for generation 0) plus a journal of slot records (`paxos.log.<g>`): a
 * record per acceptance or learned value, the latest for a slot winning on replay. `paxos.meta`
 * names the current generation. Compaction writes the next generation in full and switches
 * `paxos.meta` to it last, then empties the old one: writes reach disk in order and a crash keeps a
 * prefix of them, so `paxos.meta` always names a complete generation.
 *
 * Chosen marks a follower learns by matching the leader's commit against its own acceptances are
 * kept in memory only (losing them costs a catch-up, never safety); values learned from the
 * leader's catch-up are journaled, chosen.
 */
import type { DiskHandle } from '../../sim/disk.js';
import { NO_BALLOT, type Ballot, type SlotEntry, type Snapshot } from './ballot.js';

interface SlotRecord {
  readonly slot: number;
  readonly entry: SlotEntry;
}

const PROMISED = 'paxos.promised';
const META = 'paxos.meta';
const logKey = (gen: number): string => `paxos.log.${gen}`;
const snapKey = (gen: number): string => `paxos.snap.${gen}`;

export function loadPromised(disk: DiskHandle): Ballot {
  return disk.get<Ballot>(PROMISED) ?? NO_BALLOT;
}

export function savePromised(disk: DiskHandle, b: Ballot): void {
  disk.put(PROMISED, b);
}

export class SlotLog {
  private gen: number;
  private base: number;
  private baseOrigin: Ballot;
  /** Slot `base + 1 + i` is `entries[i]`; a hole is a slot with no acceptance yet. */
  private entries: (SlotEntry | undefined)[] = [];
  private latestSnapshot: Snapshot | undefined;

  /** The slots as the disk holds them. */
  constructor(private readonly disk: DiskHandle) {
    this.gen = disk.get<{ gen: number }>(META)?.gen ?? 0;
    const snapshot = disk.get<Snapshot>(snapKey(this.gen));
    this.latestSnapshot = snapshot;
    this.base = snapshot?.index ?? 0;
    this.baseOrigin = snapshot?.origin ?? NO_BALLOT;
    for (const r of disk.log<SlotRecord>(logKey(this.gen))) {
      const i = r.slot - this.base - 1;
      if (i < 0) continue;
      while (this.entries.length < i) this.entries.push(undefined);
      this.entries[i] = r.entry;
    }
  }

  /** The last slot holding anything (the snapshot's index if none does). */
  get last(): number {
    return this.base + this.entries.length;
  }

  /** Every slot up to here is in the snapshot (chosen and applied). */
  get snapshotIndex(): number {
    return this.base;
  }

  get snapshotOrigin(): Ballot {
    return this.baseOrigin;
  }

  get snapshot(): Snapshot | undefined {
    return this.latestSnapshot;
  }

  /** What the slot holds; undefined for a hole, a slot past the end, or one in the snapshot. */
  at(slot: number): SlotEntry | undefined {
    return slot > this.base ? this.entries[slot - this.base - 1] : undefined;
  }

  /** The origin (era) of the value at `slot`, 0 for none. */
  originAt(slot: number): number {
    return slot === this.base ? this.baseOrigin : (this.at(slot)?.value.origin ?? NO_BALLOT);
  }

  /** Whether `slot` is known chosen (every slot in the snapshot is). */
  isChosen(slot: number): boolean {
    return slot <= this.base || this.entries[slot - this.base - 1]?.chosen === true;
  }

  /** Sets a slot after the snapshot and journals it. */
  put(slot: number, entry: SlotEntry): void {
    const i = slot - this.base - 1;
    while (this.entries.length < i) this.entries.push(undefined); // holes, not a sparse array
    this.entries[i] = entry;
    this.disk.append(logKey(this.gen), [{ slot, entry } satisfies SlotRecord]);
  }

  /** Marks a slot chosen in memory only (see above). */
  markChosen(slot: number): void {
    const i = slot - this.base - 1;
    const e = this.entries[i];
    if (e !== undefined && !e.chosen) this.entries[i] = { ballot: e.ballot, value: e.value, chosen: true };
  }

  /** Every entry from `from` on, as a promise reports them. */
  entriesFrom(from: number): (readonly [number, SlotEntry])[] {
    const out: (readonly [number, SlotEntry])[] = [];
    for (let slot = Math.max(from, this.base + 1); slot <= this.last; slot++) {
      const e = this.entries[slot - this.base - 1];
      if (e !== undefined) out.push([slot, e]);
    }
    return out;
  }

  /** Replaces every slot up to `snapshot.index` (all chosen and applied here) by the snapshot. */
  compact(snapshot: Snapshot): void {
    this.rebase(snapshot, this.entries.slice(snapshot.index - this.base));
  }

  /** Installs a snapshot from another replica: the slots after it stay, the ones it covers go. */
  install(snapshot: Snapshot): void {
    this.rebase(snapshot, snapshot.index >= this.base ? this.entries.slice(snapshot.index - this.base) : []);
  }

  private rebase(snapshot: Snapshot, suffix: (SlotEntry | undefined)[]): void {
    const next = this.gen + 1;
    this.disk.truncate(logKey(next), 0); // left over from a compaction a crash interrupted
    this.disk.put(snapKey(next), snapshot);
    const records: SlotRecord[] = [];
    suffix.forEach((entry, i) => {
      if (entry !== undefined) records.push({ slot: snapshot.index + 1 + i, entry });
    });
    if (records.length > 0) this.disk.append(logKey(next), records);
    this.disk.put(META, { gen: next });
    this.disk.truncate(logKey(this.gen), 0);
    this.disk.delete(snapKey(this.gen));
    this.gen = next;
    this.latestSnapshot = snapshot;
    this.base = snapshot.index;
    this.baseOrigin = snapshot.origin;
    this.entries = suffix;
  }
}
