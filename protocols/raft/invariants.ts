/**
 * Raft's own safety properties (Figure 3 of the paper), checked from the trace alone: each
 * replica's `replica.state` reports let the log mirror (sim/checks) rebuild every log, commit and
 * applied position as they evolve. Election safety, state machine safety and monotone positions
 * hold for every protocol and are checked generically (sim/checks/replicas.ts).
 *
 * - log-matching: two logs holding an entry with the same index and term agree on the entry
 *   before it (hence, by induction, on everything before).
 * - leader-completeness: a leader's log holds every entry committed in an earlier term, and no
 *   index is ever committed with two different terms.
 */
import type { NodeId } from '../../sim/node.js';
import type { ReplicaState } from '../../sim/replica-state.js';
import { type CheckCatalogue, LogMirror, type MirroredLog, type TraceCheck, ViolationLog } from '../../sim/checks/index.js';

export function logMatching(): TraceCheck {
  const out = new ViolationLog('log-matching');
  // (index, term) → the term of the entry before it, as first seen.
  const seen = new Map<number, number>();
  const mirror = new LogMirror((node, log, from, at) => {
    for (let i = from; i <= log.last; i++) {
      const t = log.eraAt(i)!;
      const prev = log.eraAt(i - 1);
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

  constructor(private readonly out: ViolationLog) {}

  note(node: NodeId, log: MirroredLog, s: ReplicaState, at: number): void {
    const from = s.full === true ? log.base : (this.seenCommit.get(node) ?? log.base);
    for (let i = Math.max(from, log.base) + 1; i <= s.commit; i++) {
      const t = log.eraAt(i);
      if (t === undefined) continue;
      const before = this.terms[i];
      if (before === undefined) {
        this.terms[i] = t;
        this.inTerm[i] = s.era;
      } else if (before !== t) this.out.report(at, `index ${i} committed twice: term ${before}, and term ${t} on ${node}`, { node, index: i });
      else if (s.era < this.inTerm[i]!) this.inTerm[i] = s.era;
    }
    this.seenCommit.set(node, s.commit);
  }
}

export function leaderCompleteness(): TraceCheck {
  const out = new ViolationLog('leader-completeness');
  const commits = new CommitTracker(out);
  const mirror = new LogMirror();
  const ledTerm = new Map<NodeId, number>();
  return {
    observe(e) {
      const r = mirror.observe(e);
      if (r === undefined) return;
      const { node, log, state: s } = r;
      if (s.role === 'leader' && ledTerm.get(node) !== s.era) {
        ledTerm.set(node, s.era);
        for (let i = log.base + 1; i < commits.terms.length; i++) {
          const want = commits.terms[i];
          if (want === undefined || commits.inTerm[i]! >= s.era) continue;
          const have = log.eraAt(i);
          if (have !== want) {
            out.report(e.t, `${node} leads term ${s.era} without committed entry ${i} (term ${want}; it has ${have === undefined ? 'nothing' : `term ${have}`} there)`, { node, term: s.era, index: i });
            break;
          }
        }
      }
      commits.note(node, log, s, e.t);
    },
    finish: () => out.found,
  };
}

/** Raft's own checks by name, beside the generic ones every protocol gets. */
export const RAFT_CHECKS: CheckCatalogue = {
  'log-matching': logMatching,
  'leader-completeness': leaderCompleteness,
};
