/**
 * Raft's catalogue of known bugs (protocols.md §4), each a flag that is off by default. A run names
 * the ones it wants in `mutants`; the replica consults `Mutants.has` where the correct code and the
 * bug part ways. Each one has a scripted schedule in test/protocols/raft/mutants.test.ts that the
 * correct Raft passes and the mutant fails. R3 and R10 were bugs of the store service, not of Raft:
 * they are the store's S1 and S2 now (protocols/store/options.ts).
 */
import type { MutantId, MutantSet } from '../kit/mutants.js';

export const RAFT_MUTANTS = [
  { id: 'R1', title: 'commits an entry of an earlier term by counting replicas (Figure 8)' },
  { id: 'R2', title: 'answers a vote request before the vote is on disk' },
  { id: 'R4', title: 'ReadIndex served before the new leader commits an entry of its term' },
  { id: 'R5', title: 'a retried ReadIndex round reuses its context, and later reads join it' },
  { id: 'R6', title: 'lease counted from the acknowledgement, as long as the election timeout' },
  { id: 'R7', title: 'a follower truncates its log on a stale append that has no conflict' },
  { id: 'R8', title: 'votes compare log length only, not the last term' },
  { id: 'R9', title: 'a new leader changes membership before committing an entry of its term, or with a change pending' },
] as const satisfies readonly { readonly id: string; readonly title: string }[];

export type RaftMutant = MutantId<typeof RAFT_MUTANTS>;

/** The mutants a replica is built with. */
export type Mutants = MutantSet<RaftMutant>;
