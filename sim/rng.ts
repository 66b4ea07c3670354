import seedrandom from 'seedrandom';

/**
 * A named, seeded random stream. Every consumer of randomness forks its own stream from the run
 * seed by name, so adding a draw in one place never reshuffles another place's draws.
 */
export class Rng {
  private readonly source: seedrandom.PRNG;

  private constructor(readonly path: string) {
    this.source = seedrandom.alea(path);
  }

  /** The root stream of a run. Streams are identified by `seed/name/name...`. */
  static fromSeed(seed: number | string): Rng {
    return new Rng(`ensemble:${String(seed)}`);
  }

  /** A child stream whose draws depend only on this stream's path and `name`, never on draws made. */
  fork(name: string): Rng {
    return new Rng(`${this.path}/${name}`);
  }

  /** Uniform in [0, 1). */
  next(): number {
    return this.source();
  }

  /** Uniform integer in [lo, hi] inclusive. */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.source() * (hi - lo + 1));
  }

  chance(p: number): boolean {
    return p > 0 && this.source() < p;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error(`Rng(${this.path}).pick: empty list`);
    return items[Math.floor(this.source() * items.length)] as T;
  }

  /** Exponential with the given mean. */
  exponential(mean: number): number {
    return -mean * Math.log(1 - this.source());
  }

  /** A fresh 32-bit integer, for deriving seeds (explore's per-seed runs, swarm settings). */
  uint32(): number {
    return this.source.int32() >>> 0;
  }

  shuffle<T>(items: readonly T[]): T[] {
    const out = items.slice();
    for (let i = out.length - 1; i > 0; i--) {
      const j = Math.floor(this.source() * (i + 1));
      const tmp = out[i] as T;
      out[i] = out[j] as T;
      out[j] = tmp;
    }
    return out;
  }
}
