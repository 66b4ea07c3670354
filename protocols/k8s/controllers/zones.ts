/**
 * The node lifecycle controller's view of zones (`ComputeZoneState`, `handleDisruption`): a zone
 * with no ready node is fully disrupted; one with more than two not-ready nodes making at least
 * `unhealthyZoneThreshold` of it is partially disrupted. Eviction (NoExecute tainting) runs at
 * `nodeEvictionRate` nodes per second in a normal or fully disrupted zone, at the secondary rate in a
 * partially disrupted zone of a large cluster and not at all in a small one; when every zone is fully
 * disrupted the controller suspects itself (or the network) and evicts nothing anywhere.
 */
export type ZoneState = 'Normal' | 'PartialDisruption' | 'FullDisruption';

export interface ZoneSettings {
  readonly nodeEvictionRate: number;
  readonly secondaryNodeEvictionRate: number;
  readonly unhealthyZoneThreshold: number;
  readonly largeClusterSizeThreshold: number;
}

export function zoneState(ready: number, notReady: number, threshold: number): ZoneState {
  if (ready === 0 && notReady > 0) return 'FullDisruption';
  if (notReady > 2 && notReady / (ready + notReady) >= threshold) return 'PartialDisruption';
  return 'Normal';
}

/** Nodes per second a zone of `size` nodes in `state` may taint for eviction. */
export function evictionRate(state: ZoneState, size: number, s: ZoneSettings): number {
  switch (state) {
    case 'Normal':
    case 'FullDisruption':
      return s.nodeEvictionRate;
    case 'PartialDisruption':
      return size > s.largeClusterSizeThreshold ? s.secondaryNodeEvictionRate : 0;
  }
}

/** Whether every zone is fully disrupted: then nothing is evicted anywhere. */
export function allFullyDisrupted(states: Iterable<ZoneState>): boolean {
  let any = false;
  for (const s of states) {
    if (s !== 'FullDisruption') return false;
    any = true;
  }
  return any;
}
