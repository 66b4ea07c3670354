/**
 * Which pods a ReplicaSet deletes first when it has too many (`ActivePodsWithRanks`): unassigned
 * before assigned; Pending before Unknown before Running; not ready before ready; a pod sharing its
 * node with more of its siblings before one with fewer; among ready pods the one ready for the
 * shorter time; then the newer pod. (Pod deletion cost, restart counts and the logarithmic buckets of
 * LogarithmicScaleDown are not modelled.) The name breaks the remaining ties, for determinism.
 */
import type { Pod } from '../objects.js';

const PHASE_ORDER: Readonly<Record<string, number>> = { Pending: 0, Unknown: 1, Running: 2 };

/** `pods` sorted worst first; `siblingsOnNode` counts the owner's (and its siblings') active pods per node. */
export function rankForDeletion(pods: readonly Pod[], siblingsOnNode: ReadonlyMap<string, number>): Pod[] {
  const rank = (p: Pod): number => (p.spec.nodeName === undefined ? 0 : (siblingsOnNode.get(p.spec.nodeName) ?? 0));
  return [...pods].sort((a, b) => {
    const aNode = a.spec.nodeName;
    const bNode = b.spec.nodeName;
    if (aNode !== bNode && (aNode === undefined || bNode === undefined)) return aNode === undefined ? -1 : 1;
    const pa = PHASE_ORDER[a.status.phase] ?? 0;
    const pb = PHASE_ORDER[b.status.phase] ?? 0;
    if (pa !== pb) return pa - pb;
    if (a.status.ready !== b.status.ready) return a.status.ready ? 1 : -1;
    const ra = rank(a);
    const rb = rank(b);
    if (ra !== rb) return rb - ra;
    if (a.status.ready && b.status.ready && a.status.readySince !== b.status.readySince) return (b.status.readySince ?? 0) - (a.status.readySince ?? 0);
    if (a.metadata.creationTimestamp !== b.metadata.creationTimestamp) return b.metadata.creationTimestamp - a.metadata.creationTimestamp;
    return a.metadata.name < b.metadata.name ? -1 : a.metadata.name > b.metadata.name ? 1 : 0;
  });
}
