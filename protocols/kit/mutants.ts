/** Catalogued bugs: each a flag that is off by default, switched on by a run's `mutants`. */

/** A catalogued bug, as `ensemble list` shows it. */
export interface MutantInfo {
  readonly id: string;
  readonly title: string;
}

/** The mutants a replica is built with; `Id` names the ones its code asks about. */
export interface MutantSet<Id extends string = string> {
  has(id: Id): boolean;
}

export const NO_MUTANTS: MutantSet<never> = { has: () => false };

export function mutantSet<Id extends string>(ids: Iterable<string>): MutantSet<Id> {
  const set = new Set(ids);
  return { has: (id) => set.has(id) };
}

/** The ids of a catalogue, as a union type: `MutantId<typeof RAFT_MUTANTS>`. */
export type MutantId<C extends readonly MutantInfo[]> = C[number]['id'];
