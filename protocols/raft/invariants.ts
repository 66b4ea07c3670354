/**
 * Raft's safety properties (Figure 3 of the paper), checked on every run from the trace alone: each
 * replica's `raft.state` events (see report.ts) let a monitor rebuild every log, commit index and
 * applied index as they evolve, and `node.crash` says when a replica's volatile state is gone.
 *
 * - election-safety: at most one leader per term.
 * - log-matching: two logs holding an entry with the same index and term agree on the entry
 *   before it (hence, by induction, on everything before).
 * - leader-completeness: a leader's log holds every entry committed in an earlier term, and no
 *   index is ever committed with two different terms.
 * - state-machine-safety: no two replicas apply different entries at the same index.
 * - monotone: within an incarnation, commit and applied never go back, and applied ≤ commit.
 */
import type { NodeId } from '../../sim/node.js';
import type { TraceEvent } from '../../sim/trace.js';
import type { RaftStateEvent } from './report.js';

/** Shaped like scenarios' `Violation`, which this layer does not import. */
export interface InvariantViolation {
  readonly kind: 'invariant';
  readonly check: string;
  readonly message: string;
  readonly at: number;
  readonly witness?: unknown;
}

export interface RaftMonitor {
  observe(event: TraceEvent): void;
  finish(): readonly InvariantViolation[];
}

const MAX_REPORTED = 5;

/** A replica's log as the trace describes it. */
class MirroredLog {
  base = 0;
  baseTerm = 0;
  terms: number[] = [];
  known = false;

  termAt(i: number): number | undefined {
    if (i === this.base) return this.baseTerm;
    if (i < this.base) return undefined;
    return this.terms[i - this.base - 1];
  }

  get last(): number {
    return this.base + this.terms.length;
  }
}

/** Rebuilds every replica's log from the trace; calls `changed(node, log, from)` for new entries. */
class LogMirror {
  readonly logs = new Map<NodeId, MirroredLog>();

  constructor(private readonly changed?: (node: NodeId, log: MirroredLog, from: number, at: number) => void) {}

  observe(e: TraceEvent): { readonly node: NodeId; readonly log: MirroredLog; readonly state: RaftStateEvent } | undefined {
    if (e.node === undefined) return undefined;
    if (e.kind === 'node.crash') {
      const log = this.logs.get(e.node);
      if (log !== undefined) log.known = false;
      return undefined;
    }
    if (e.kind !== 'raft.state') return undefined;
    const s = e as unknown as RaftStateEvent & TraceEvent;
    let log = this.logs.get(e.node);
    if (log === undefined) this.logs.set(e.node, (log = new MirroredLog()));
    if (s.full === true) log.known = true;
    if (!log.known) return undefined;
    if (s.snap !== undefined) {
      log.base = s.snap.index;
      log.baseTerm = s.snap.term;
      log.terms = [];
    }
    if (s.log !== undefined) {
      log.terms.length = Math.max(0, s.log.from - 1 - log.base);
      for (const t of s.log.terms) log.terms.push(t);
      if (s.log.terms.length > 0) this.changed?.(e.node, log, Math.max(s.log.from, log.base + 1), e.t);
    }
    return { node: e.node, log, state: s };
  }
}

class Reporter {
  readonly found: InvariantViolation[] = [];
  constructor(private readonly check: string) {}
  report(at: number, message: string, witness?: unknown): void {
    if (this.found.length < MAX_REPORTED) this.found.push({ kind: 'invariant', check: this.check, message, at, ...(witness === undefined ? {} : { witness }) });
  }
}

export function electionSafety(): RaftMonitor {
  const out = new Reporter('election-safety');
  const leaders = new Map<number, NodeId>();
  const reported = new Set<number>();
  return {
    observe(e) {
      if (e.kind !== 'raft.state' || e.node === undefined || e['role'] !== 'leader') return;
      const t = e['term'] as number;
      const other = leaders.get(t);
      if (other === undefined) leaders.set(t, e.node);
      else if (other !== e.node && !reported.has(t)) {
        reported.add(t);
        out.report(e.t, `two leaders in term ${t}: ${other} and ${e.node}`, { term: t, leaders: [other, e.node] });
      }
    },
    finish: () => out.found,
  };
}

export function logMatching(): RaftMonitor {
  const out = new Reporter('log-matching');
  // (index, term) → the term of the entry before it, as first seen.
  const seen = new Map<number, number>();
  const mirror = new LogMirror((node, log, from, at) => {
    for (let i = from; i <= log.last; i++) {
      const t = log.termAt(i)!;
      const prev = log.termAt(i - 1);
      if (prev === undefined) continue;
      const key = i * 0x100000 + t;
      const before = seen.get(key);
      if (before === undefined) seen.set(key, prev);
      else if (before !== prev) out.report(at, `${node} holds entry ${i} of term ${t} after an entry of term ${prev}; another log has it after term ${before}`, { node, index: i, term: t });
    }
  });
  return { observe: (e) => void mirror.observe(e), finish: () => out.found };
}

/**
 * Tracks which entries are committed, from every replica's commit index, and in which term: the
 * lowest term of a replica that reported it committed (the committing leader's, or a follower's in
 * a later term). Leader completeness concerns entries committed in terms before the leader's.
 */
class CommitTracker {
  /** index → term of the committed entry. */
  readonly terms: number[] = [];
  /** index → the term it was committed in, as far as the trace shows. */
  readonly inTerm: number[] = [];
  private readonly seenCommit = new Map<NodeId, number>();

  constructor(private readonly out: Reporter) {}

  note(node: NodeId, log: MirroredLog, s: RaftStateEvent, at: number): void {
    const from = s.full === true ? log.base : (this.seenCommit.get(node) ?? log.base);
    for (let i = Math.max(from, log.base) + 1; i <= s.commit; i++) {
      const t = log.termAt(i);
      if (t === undefined) continue;
      const before = this.terms[i];
      if (before === undefined) {
        this.terms[i] = t;
        this.inTerm[i] = s.term;
      } else if (before !== t) this.out.report(at, `index ${i} committed twice: term ${before}, and term ${t} on ${node}`, { node, index: i });
      else if (s.term < this.inTerm[i]!) this.inTerm[i] = s.term;
    }
    this.seenCommit.set(node, s.commit);
  }
}

export function leaderCompleteness(): RaftMonitor {
  const out = new Reporter('leader-completeness');
  const commits = new CommitTracker(out);
  const mirror = new LogMirror();
  const ledTerm = new Map<NodeId, number>();
  return {
    observe(e) {
      const r = mirror.observe(e);
      if (r === undefined) return;
      const { node, log, state: s } = r;
      if (s.role === 'leader' && ledTerm.get(node) !== s.term) {
        ledTerm.set(node, s.term);
        for (let i = log.base + 1; i < commits.terms.length; i++) {
          const want = commits.terms[i];
          if (want === undefined || commits.inTerm[i]! >= s.term) continue;
          const have = log.termAt(i);
          if (have !== want) {
            out.report(e.t, `${node} leads term ${s.term} without committed entry ${i} (term ${want}; it has ${have === undefined ? 'nothing' : `term ${have}`} there)`, { node, term: s.term, index: i });
            break;
          }
        }
      }
      commits.note(node, log, s, e.t);
    },
    finish: () => out.found,
  };
}

export function stateMachineSafety(): RaftMonitor {
  const out = new Reporter('state-machine-safety');
  const mirror = new LogMirror();
  const appliedTerms: number[] = [];
  const seenApplied = new Map<NodeId, number>();
  return {
    observe(e) {
      const r = mirror.observe(e);
      if (r === undefined) return;
      const { node, log, state: s } = r;
      const from = s.full === true ? log.base : (seenApplied.get(node) ?? log.base);
      for (let i = Math.max(from, log.base) + 1; i <= s.applied; i++) {
        const t = log.termAt(i);
        if (t === undefined) continue;
        const before = appliedTerms[i];
        if (before === undefined) appliedTerms[i] = t;
        else if (before !== t) out.report(e.t, `${node} applied entry ${i} of term ${t}; another replica applied term ${before} there`, { node, index: i });
      }
      seenApplied.set(node, s.applied);
    },
    finish: () => out.found,
  };
}

export function monotone(): RaftMonitor {
  const out = new Reporter('monotone');
  const last = new Map<NodeId, { commit: number; applied: number }>();
  return {
    observe(e) {
      if (e.node === undefined) return;
      if (e.kind === 'node.crash') {
        last.delete(e.node);
        return;
      }
      if (e.kind !== 'raft.state') return;
      const commit = e['commit'] as number;
      const applied = e['applied'] as number;
      const before = e['full'] === true ? undefined : last.get(e.node);
      if (applied > commit) out.report(e.t, `${e.node} applied ${applied} beyond its commit index ${commit}`);
      if (before !== undefined) {
        if (commit < before.commit) out.report(e.t, `${e.node}'s commit index went back from ${before.commit} to ${commit}`);
        if (applied < before.applied) out.report(e.t, `${e.node}'s applied index went back from ${before.applied} to ${applied}`);
      }
      last.set(e.node, { commit, applied });
    },
    finish: () => out.found,
  };
}

/** The monitors by check name, as the registry lists them. */
export const RAFT_INVARIANTS: Readonly<Record<string, () => RaftMonitor>> = {
  'election-safety': electionSafety,
  'log-matching': logMatching,
  'leader-completeness': leaderCompleteness,
  'state-machine-safety': stateMachineSafety,
  monotone,
};
