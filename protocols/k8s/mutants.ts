/**
 * The control plane's catalogue of known bugs (protocols.md §5.6), each off by default and switched
 * on by a run's `mutants`. K1 and K3 (leader election through a Lease) need leader election, which
 * the mock does not have yet.
 */
import type { MutantId, MutantInfo } from '../kit/mutants.js';

export const K8S_MUTANTS = [{ id: 'K2', title: 'the scheduler skips the assume step: the next pod is placed on a snapshot without the pods being bound' }] as const satisfies readonly MutantInfo[];

export type K8sMutant = MutantId<typeof K8S_MUTANTS>;
