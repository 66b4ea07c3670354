/**
 * The ReplicaSet controller's limits on one sync: at most `BURST_REPLICAS` (500) creations or
 * deletions, and creations in slow-start batches 1, 2, 4, ... (`slowStartBatch`) so that a failing
 * create (a quota, an unavailable store) fails once instead of hundreds of times.
 */

export const BURST_REPLICAS = 500;
export const SLOW_START_INITIAL_BATCH = 1;

/** The batch sizes that create `count` pods: 1, 2, 4, ... doubling, the last one what remains. */
export function slowStartBatches(count: number, initial = SLOW_START_INITIAL_BATCH): number[] {
  const out: number[] = [];
  let remaining = count;
  for (let size = Math.min(remaining, initial); size > 0; size = Math.min(2 * size, remaining)) {
    out.push(size);
    remaining -= size;
  }
  return out;
}
