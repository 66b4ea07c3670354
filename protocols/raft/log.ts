/**
 * A replica's Raft log: the entries after its snapshot, kept in memory and written through to disk.
 *
 * Disk layout. `raft.hard` holds the term and vote. A *generation* is a snapshot (`raft.snap.<g>`,
 * absent for generation 0) plus the entries after it (`raft.log.<g>`); `raft.meta` names the
 * current one. Compaction writes the next generation in full and switches `raft.meta` to it last,
 * then empties the old one. Writes reach disk in the order issued and a crash keeps a prefix of
 * them, so after any crash `raft.meta` names a complete generation: a crash while snapshotting
 * leaves the old snapshot and log, which hold everything the new one does.
 */
import type { DiskHandle } from '../../sim/disk.js';
import type { NodeId } from '../../sim/node.js';
import { logIndex, term, type Config, type Entry, type LogIndex, type Snapshot, type Term } from './types.js';

export interface HardState {
  readonly term: Term;
  readonly vote: NodeId | null;
}

const HARD = 'raft.hard';
const META = 'raft.meta';
const logKey = (gen: number): string => `raft.log.${gen}`;
const snapKey = (gen: number): string => `raft.snap.${gen}`;

export function loadHardState(disk: DiskHandle): HardState {
  return disk.get<HardState>(HARD) ?? { term: term(0), vote: null };
}

export function saveHardState(disk: DiskHandle, hard: HardState): void {
  disk.put(HARD, hard);
}

export class RaftLog {
  private gen: number;
  private base: LogIndex;
  private baseTerm: Term;
  private entries: Entry[];
  private latestSnapshot: Snapshot | undefined;
  private baseConfig: Config;
  /** Configuration entries in the log, in index order. */
  private configs: { readonly index: LogIndex; readonly config: Config }[] = [];
  /** The last of `configs`, or `baseConfig`: read on every commit decision, so kept at hand. */
  private current: Config;

  /** The log as the disk holds it; `initial` is the configuration before any snapshot or config entry. */
  constructor(
    private readonly disk: DiskHandle,
    initial: Config,
  ) {
    this.gen = disk.get<{ gen: number }>(META)?.gen ?? 0;
    const snapshot = disk.get<Snapshot>(snapKey(this.gen));
    this.latestSnapshot = snapshot;
    this.base = snapshot?.index ?? logIndex(0);
    this.baseTerm = snapshot?.term ?? term(0);
    this.baseConfig = snapshot?.config ?? initial;
    this.current = this.baseConfig;
    this.entries = disk.log<Entry>(logKey(this.gen)).slice();
    this.entries.forEach((e, i) => this.noteConfig(e, logIndex(this.base + 1 + i)));
  }

  get lastIndex(): LogIndex {
    return logIndex(this.base + this.entries.length);
  }

  get lastTerm(): Term {
    const last = this.entries[this.entries.length - 1];
    return last === undefined ? this.baseTerm : last.term;
  }

  /** The index of the snapshot the log starts after (0 if none). */
  get snapshotIndex(): LogIndex {
    return this.base;
  }

  get snapshotTerm(): Term {
    return this.baseTerm;
  }

  get snapshot(): Snapshot | undefined {
    return this.latestSnapshot;
  }

  /** The term of the entry at `i`; the snapshot's term at its index; undefined if compacted or absent. */
  termAt(i: number): Term | undefined {
    if (i === this.base) return this.baseTerm;
    if (i < this.base) return undefined;
    return this.entries[i - this.base - 1]?.term;
  }

  /** The entry at `i`, which must be after the snapshot and not past the end. */
  at(i: number): Entry {
    const e = this.entries[i - this.base - 1];
    if (e === undefined) throw new RangeError(`raft log: no entry at ${i} (snapshot ${this.base}, last ${this.lastIndex})`);
    return e;
  }

  /** Entries from `from` (after the snapshot) up to `to` exclusive. */
  slice(from: number, to: number): Entry[] {
    return this.entries.slice(from - this.base - 1, to - this.base - 1);
  }

  /** The configuration in force: the last one in the log, or the snapshot's. */
  get config(): Config {
    return this.current;
  }

  /** The configuration in force at index `i` (not before the snapshot). */
  configAt(i: number): Config {
    for (let k = this.configs.length - 1; k >= 0; k--) {
      const c = this.configs[k]!;
      if (c.index <= i) return c.config;
    }
    return this.baseConfig;
  }

  /** The index of the last configuration entry (the snapshot's index if none is in the log). */
  get configIndex(): LogIndex {
    return this.configs[this.configs.length - 1]?.index ?? this.base;
  }

  /** The first index holding term `t`, searching back from `from` (for a rejection hint). */
  firstIndexOfTerm(t: Term, from: number): LogIndex {
    let i = from;
    while (i - 1 > this.base && this.termAt(i - 1) === t) i--;
    return logIndex(i);
  }

  /** The last index holding term `t`, or undefined if the log has none. */
  lastIndexOfTerm(t: Term): LogIndex | undefined {
    for (let i = this.entries.length - 1; i >= 0; i--) {
      const et = this.entries[i]!.term;
      if (et === t) return logIndex(this.base + 1 + i);
      if (et < t) return undefined;
    }
    return this.baseTerm === t ? this.base : undefined;
  }

  append(entries: readonly Entry[]): void {
    if (entries.length === 0) return;
    const first = this.lastIndex + 1;
    for (const [i, e] of entries.entries()) {
      this.entries.push(e);
      this.noteConfig(e, logIndex(first + i));
    }
    this.disk.append(logKey(this.gen), entries);
  }

  /** Keeps the entries up to `i` (not before the snapshot), dropping the rest. */
  truncateAfter(i: number): void {
    if (i >= this.lastIndex) return;
    if (i < this.base) throw new RangeError(`raft log: cannot truncate to ${i}, before the snapshot at ${this.base}`);
    this.entries.length = i - this.base;
    while ((this.configs[this.configs.length - 1]?.index ?? 0) > i) this.configs.pop();
    this.current = this.configs[this.configs.length - 1]?.config ?? this.baseConfig;
    this.disk.truncate(logKey(this.gen), i - this.base);
  }

  /** Replaces the log's prefix up to `snapshot.index` (an entry this log holds) by the snapshot. */
  compact(snapshot: Snapshot): void {
    if (this.termAt(snapshot.index) !== snapshot.term) throw new RangeError(`raft log: snapshot at ${snapshot.index} does not match the log`);
    this.rebase(snapshot, this.entries.slice(snapshot.index - this.base));
  }

  /**
   * Installs a snapshot from the leader. If the log holds the snapshot's last entry, the entries
   * after it stay (they may be newer than the snapshot); otherwise the whole log goes.
   */
  install(snapshot: Snapshot): void {
    const keep = this.termAt(snapshot.index) === snapshot.term && snapshot.index >= this.base ? this.entries.slice(snapshot.index - this.base) : [];
    this.rebase(snapshot, keep);
  }

  private rebase(snapshot: Snapshot, suffix: Entry[]): void {
    const next = this.gen + 1;
    this.disk.truncate(logKey(next), 0); // left over from a compaction a crash interrupted
    this.disk.put(snapKey(next), snapshot);
    if (suffix.length > 0) this.disk.append(logKey(next), suffix.slice()); // the disk keeps what it is given
    this.disk.put(META, { gen: next });
    this.disk.truncate(logKey(this.gen), 0);
    this.disk.delete(snapKey(this.gen));
    this.gen = next;
    this.latestSnapshot = snapshot;
    this.base = snapshot.index;
    this.baseTerm = snapshot.term;
    this.baseConfig = snapshot.config;
    this.entries = suffix;
    this.configs = [];
    this.current = this.baseConfig;
    suffix.forEach((e, i) => this.noteConfig(e, logIndex(this.base + 1 + i)));
  }

  private noteConfig(e: Entry, index: LogIndex): void {
    if (e.cmd.kind !== 'config') return;
    this.current = { voters: e.cmd.voters, change: e.cmd.change };
    this.configs.push({ index, config: this.current });
  }
}
