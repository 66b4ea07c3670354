/**
 * Multi-Paxos's catalogue of known bugs (protocols.md §3.3 and §4), each a flag that is off by
 * default. Each has a scripted reproduction in test/protocols/paxos/schedules.ts that the correct
 * Paxos passes and the mutant fails, named by the check that catches it.
 */
import type { MutantId, MutantSet } from '../kit/mutants.js';

export const PAXOS_MUTANTS = [
  { id: 'P1', title: 'the acceptor answers a prepare or an accept before its promise or acceptance is on disk' },
  { id: 'P2', title: 'a new leader proposes its own value for a slot instead of the highest-ballot value reported' },
  { id: 'P3', title: 'stale promises (of an older ballot) and duplicate ones count toward the phase-1 quorum' },
  { id: 'P4', title: "recovery stops at the end of the new leader's own log: later slots are overwritten" },
] as const satisfies readonly { readonly id: string; readonly title: string }[];

export type PaxosMutant = MutantId<typeof PAXOS_MUTANTS>;

/** The mutants a replica is built with. */
export type Mutants = MutantSet<PaxosMutant>;
