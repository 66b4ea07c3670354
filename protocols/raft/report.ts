/**
 * The `raft.state` trace event: after every step that changed anything, a replica states its role,
 * term, vote, leader, commit and applied index, log end, and how its log changed, so that the
 * invariant monitors and the viewer can follow every replica from the trace alone.
 *
 * Log changes are given as `log: {from, terms}`: the entries from `from` on are now exactly those
 * with `terms` (a truncation is a `from` past the new end with no terms). `snap: {index, term}`
 * says the log now starts after a snapshot at `index`. The first event of every incarnation has
 * `full: true` and states the whole log, so a monitor can start over after a crash.
 */
import type { NodeContext, NodeId } from '../../sim/node.js';
import type { RaftLog } from './log.js';
import type { Config } from './types.js';

export type Role = 'follower' | 'pre-candidate' | 'candidate' | 'leader';

/** The fields of a `raft.state` event. */
export interface RaftStateEvent {
  readonly role: Role;
  readonly term: number;
  readonly vote: NodeId | null;
  readonly leader: NodeId | null;
  readonly commit: number;
  readonly applied: number;
  readonly last: number;
  readonly lastTerm: number;
  readonly full?: true;
  readonly log?: { readonly from: number; readonly terms: readonly number[] };
  readonly snap?: { readonly index: number; readonly term: number };
  readonly voters?: readonly NodeId[];
}

export interface Reportable {
  readonly role: Role;
  readonly term: number;
  readonly vote: NodeId | null;
  readonly leaderId: NodeId | null;
  readonly commitIndex: number;
  readonly applied: number;
  readonly log: RaftLog;
}

export class StateReporter {
  private changedFrom = Infinity;
  private full = true;
  private prev: { role: Role; term: number; vote: NodeId | null; leader: NodeId | null; commit: number; applied: number; last: number } | undefined;
  private prevSnapshot = -1;
  private prevConfig: Config | undefined;

  constructor(private readonly ctx: NodeContext<any>) {}

  /** The log changed from index `from` on (an append, a truncation, or both). */
  logChanged(from: number): void {
    if (from < this.changedFrom) this.changedFrom = from;
  }

  /** Emits a `raft.state` event if anything changed since the last one. */
  emit(s: Reportable): void {
    const log = s.log;
    const last = log.lastIndex;
    const p = this.prev;
    const snapshotMoved = log.snapshotIndex !== this.prevSnapshot;
    const configMoved = log.config !== this.prevConfig;
    const logMoved = this.changedFrom !== Infinity;
    if (
      !this.full &&
      !logMoved &&
      !snapshotMoved &&
      !configMoved &&
      p !== undefined &&
      p.role === s.role &&
      p.term === s.term &&
      p.vote === s.vote &&
      p.leader === s.leaderId &&
      p.commit === s.commitIndex &&
      p.applied === s.applied &&
      p.last === last
    ) {
      return;
    }
    const event: Record<string, unknown> = {
      role: s.role,
      term: s.term,
      vote: s.vote,
      leader: s.leaderId,
      commit: s.commitIndex,
      applied: s.applied,
      last,
      lastTerm: log.lastTerm,
    };
    if (this.full) event['full'] = true;
    const from = this.full || snapshotMoved ? log.snapshotIndex + 1 : this.changedFrom;
    if (this.full || logMoved || snapshotMoved) {
      const terms: number[] = [];
      for (let i = Math.max(from, log.snapshotIndex + 1); i <= last; i++) terms.push(log.termAt(i)!);
      event['log'] = { from, terms };
    }
    if (this.full || snapshotMoved) event['snap'] = { index: log.snapshotIndex, term: log.snapshotTerm };
    if (this.full || configMoved) event['voters'] = log.config.voters;
    this.ctx.trace('raft.state', event);
    this.full = false;
    this.changedFrom = Infinity;
    this.prevSnapshot = log.snapshotIndex;
    this.prevConfig = log.config;
    if (p === undefined) this.prev = { role: s.role, term: s.term, vote: s.vote, leader: s.leaderId, commit: s.commitIndex, applied: s.applied, last };
    else {
      p.role = s.role;
      p.term = s.term;
      p.vote = s.vote;
      p.leader = s.leaderId;
      p.commit = s.commitIndex;
      p.applied = s.applied;
      p.last = last;
    }
  }
}
