/**
 * ZAB's catalogue of known bugs (protocols.md §2.7, §4), each a flag that is off by default. Each
 * has a scripted reproduction in scenarios/zab-*.yaml that the correct ZAB passes and the mutant
 * fails, by the check the scenario names.
 */
import type { MutantId, MutantSet } from '../kit/mutants.js';

/** The catalogue, as `ensemble list` shows it. */
export const ZAB_MUTANTS = [
  { id: 'Z1', title: 'a follower acknowledges NEWLEADER before the synced txns are on disk (ZOOKEEPER-3911/4646)' },
  { id: 'Z2', title: 'a follower writes currentEpoch before the synced txns (ZOOKEEPER-4643)' },
  { id: 'Z3', title: "the new epoch comes from the leader's own last zxid, not the quorum's acceptedEpoch" },
  { id: 'Z4', title: 'sync (and the read barrier) answered without a quorum round (ZOOKEEPER-1675)' },
] as const satisfies readonly { readonly id: string; readonly title: string }[];

/** A mutant's id: `Z1` … `Z4`. */
export type ZabMutant = MutantId<typeof ZAB_MUTANTS>;

/** The mutants a server is built with. */
export type Mutants = MutantSet<ZabMutant>;
