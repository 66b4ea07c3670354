/**
 * Reports a replica's `replica.state` (sim/replica-state.ts) after each step, only when something
 * changed: role, era, leader, positions, the log (as a delta from the first changed position), the
 * snapshot base, the protocol's own extra fields, and the state machine's digest when `applied`
 * moved. The first report of an incarnation is `full`: it states the whole log, so a reader of the
 * trace can start over after a crash.
 */
import type { NodeContext, NodeId } from '../../sim/node.js';
import type { ReplicaRole, ReplicaState } from '../../sim/replica-state.js';

/** What the reporter reads of a replica: the report's core fields, and its log by position. */
export interface ReplicaView extends Pick<ReplicaState, 'role' | 'era' | 'leader' | 'commit' | 'applied' | 'last'> {
  readonly phase?: string | undefined;
  /** The log holds positions after this one (a snapshot covers the rest); 0 without a snapshot. */
  readonly snapIndex: number;
  /** The era of the entry at `snapIndex`. */
  readonly snapEra: number;
  /** The era of the log entry at `position` (snapIndex < position ≤ last). */
  eraAt(position: number): number;
}

type Fields = Readonly<Record<string, unknown>>;

interface Previous {
  role: ReplicaRole;
  era: number;
  leader: NodeId | null;
  commit: number;
  applied: number;
  last: number;
  phase: string | undefined;
  snapIndex: number;
}

export class StateReporter {
  private changedFrom = Infinity;
  private full = true;
  private prev: Previous | undefined;
  private prevExtra: Fields | undefined;
  private prevSticky: Fields | undefined;

  /** `digest` gives the state machine's digest at `applied` (omit it for a protocol without one). */
  constructor(
    private readonly ctx: NodeContext<any>,
    private readonly digest?: () => string,
  ) {}

  /** The log changed from position `from` on (an append, a truncation, or both). */
  logChanged(from: number): void {
    if (from < this.changedFrom) this.changedFrom = from;
  }

  /**
   * Reports `r` if anything changed since the last report. `extra` fields ride on every report
   * (a change to one is a change); `sticky` ones only on a full report or when one changed
   * (compared by identity: pass the same object while the value stands).
   */
  emit(r: ReplicaView, extra?: Fields, sticky?: Fields): void {
    // Each field is read once: a view is often a set of getters.
    const role = r.role;
    const era = r.era;
    const leader = r.leader;
    const commit = r.commit;
    const applied = r.applied;
    const last = r.last;
    const phase = r.phase;
    const snapIndex = r.snapIndex;
    const p = this.prev;
    const full = this.full;
    const snapMoved = p === undefined || snapIndex !== p.snapIndex;
    const logMoved = this.changedFrom !== Infinity;
    const stickyMoved = changed(this.prevSticky, sticky);
    const appliedMoved = p === undefined || p.applied !== applied;
    if (
      !full &&
      !logMoved &&
      !snapMoved &&
      !stickyMoved &&
      !appliedMoved &&
      p.role === role &&
      p.era === era &&
      p.leader === leader &&
      p.commit === commit &&
      p.last === last &&
      p.phase === phase &&
      !changed(this.prevExtra, extra)
    ) {
      return;
    }
    const state: { -readonly [K in keyof ReplicaState]: ReplicaState[K] } = { role, era, leader, commit, applied, last };
    if (phase !== undefined) state.phase = phase;
    if (full) state.full = true;
    if (full || logMoved || snapMoved) {
      const from = full || snapMoved ? snapIndex + 1 : this.changedFrom;
      const eras: number[] = [];
      for (let i = Math.max(from, snapIndex + 1); i <= last; i++) eras.push(r.eraAt(i));
      state.log = { from, eras };
    }
    if (full || snapMoved) state.snap = { index: snapIndex, era: r.snapEra };
    if (this.digest !== undefined && this.ctx.traced && (full || appliedMoved)) state.digest = this.digest();
    this.ctx.reportState(state, full || stickyMoved ? { ...extra, ...sticky } : extra);
    this.full = false;
    this.changedFrom = Infinity;
    this.prevExtra = extra;
    this.prevSticky = sticky;
    if (p === undefined) this.prev = { role, era, leader, commit, applied, last, phase, snapIndex };
    else {
      p.role = role;
      p.era = era;
      p.leader = leader;
      p.commit = commit;
      p.applied = applied;
      p.last = last;
      p.phase = phase;
      p.snapIndex = snapIndex;
    }
  }
}

/** Whether any field differs (by identity) between two field sets. */
function changed(before: Fields | undefined, now: Fields | undefined): boolean {
  if (before === now) return false;
  if (before === undefined || now === undefined) return true;
  for (const k in now) if (before[k] !== now[k]) return true;
  for (const k in before) if (!(k in now)) return true;
  return false;
}
