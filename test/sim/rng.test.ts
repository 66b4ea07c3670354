import { describe, expect, it } from 'vitest';
import { Rng } from '../../sim/rng.js';

describe('Rng', () => {
  it('a named stream does not depend on draws made from other streams', () => {
    const a = Rng.fromSeed(7);
    const quiet = a.fork('network');
    const first = [quiet.next(), quiet.next(), quiet.next()];
    const b = Rng.fromSeed(7);
    const noisy = b.fork('workload');
    for (let i = 0; i < 1000; i++) noisy.next();
    const again = b.fork('network');
    expect([again.next(), again.next(), again.next()]).toEqual(first);
  });

  it('different seeds and names give different streams', () => {
    const draws = (seed: number, name: string) => {
      const r = Rng.fromSeed(seed).fork(name);
      return [r.next(), r.next()];
    };
    expect(draws(1, 'x')).not.toEqual(draws(2, 'x'));
    expect(draws(1, 'x')).not.toEqual(draws(1, 'y'));
  });

  it('int stays within bounds and hits both ends', () => {
    const r = Rng.fromSeed(3);
    const seen = new Set<number>();
    for (let i = 0; i < 2000; i++) {
      const v = r.int(2, 5);
      expect(v).toBeGreaterThanOrEqual(2);
      expect(v).toBeLessThanOrEqual(5);
      seen.add(v);
    }
    expect([...seen].sort()).toEqual([2, 3, 4, 5]);
  });
});
