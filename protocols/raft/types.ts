/**
 * Raft's vocabulary: terms, log positions, entries, configurations and snapshots. Terms and
 * indexes are branded so one cannot be passed for the other; they are plain numbers at run time.
 */
import type { NodeId } from '../../sim/node.js';
import type { Brand } from '../store/ids.js';
import type { Command } from '../store/commands.js';
import type { StoreSnapshot } from '../store/machine.js';

/** An election term. 0 before any election. */
export type Term = Brand<number, 'Term'>;
/** A log position, from 1. 0 is "before the first entry". */
export type LogIndex = Brand<number, 'LogIndex'>;

export const term = (n: number): Term => n as Term;
export const logIndex = (n: number): LogIndex => n as LogIndex;

/**
 * A membership change: the voters from this entry on. It takes effect on every replica as soon as
 * the entry is in its log, committed or not (Raft thesis §4.1), and only one may be uncommitted.
 * `change` counts the changes made so far, so a new leader knows how far the schedule has come.
 */
export interface ConfigCommand {
  readonly kind: 'config';
  readonly voters: readonly NodeId[];
  readonly change: number;
}

export type EntryCommand = Command | ConfigCommand;

/** One log entry. Entries are shared by reference between replicas and disks: never mutate one. */
export interface Entry {
  readonly term: Term;
  readonly cmd: EntryCommand;
}

/** The voters and how many scheduled changes led to them. */
export interface Config {
  readonly voters: readonly NodeId[];
  readonly change: number;
}

/** The state machine and configuration as of `index`, which had term `term`. */
export interface Snapshot {
  readonly index: LogIndex;
  readonly term: Term;
  readonly config: Config;
  readonly data: StoreSnapshot;
}

export { quorum, quorumValue } from '../kit/quorum.js';
