import type { OpSpec, Workload } from '../../sim/client.js';
import type { Rng } from '../../sim/rng.js';

export interface RegisterMix {
  readonly read: number;
  readonly write: number;
  readonly cas: number;
}

/**
 * Random register operations over `keys` keys. Written values are small integers so that reads
 * often collide with CAS expectations, which is what makes CAS interesting to check.
 */
export function registerWorkload(keys: number, mix: RegisterMix, values = 5): Workload {
  const total = mix.read + mix.write + mix.cas;
  return {
    next(rng: Rng): OpSpec {
      const key = `k${rng.int(0, keys - 1)}`;
      const r = rng.next() * total;
      if (r < mix.read) return { f: 'read', key, value: null };
      if (r < mix.read + mix.write) return { f: 'write', key, value: rng.int(0, values - 1) };
      return { f: 'cas', key, value: [rng.int(0, values - 1), rng.int(0, values - 1)] };
    },
  };
}
