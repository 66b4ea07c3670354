/**
 * Cheap, order-independent state digests. Each item (a node, a session, a client entry) hashes to
 * two independent 32-bit lanes; a collection's digest is the lane-wise sum mod 2^32, so adding,
 * removing or changing one item costs O(item) and the result does not depend on insertion order
 * (ZooKeeper's `DigestCalculator` uses the same additive trick). Not cryptographic: it is there to
 * compare replicas that are supposed to be identical, not to resist an adversary.
 */

/** A streaming two-lane hash (FNV-1a-style and multiply-xorshift, different seeds and primes). */
export class Hasher {
  private a = 0x811c9dc5;
  private b = 0x2545f491;

  /** Starts over, so one instance can be reused without allocating. */
  reset(): this {
    this.a = 0x811c9dc5;
    this.b = 0x2545f491;
    return this;
  }

  /** Mixes a string; its length is mixed too, so ("ab","c") and ("a","bc") differ. */
  str(s: string): this {
    let a = this.a;
    let b = this.b;
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      a = Math.imul(a ^ c, 0x01000193);
      b = Math.imul(b ^ c, 0x5bd1e995);
      b ^= b >>> 15;
    }
    this.a = a;
    this.b = b;
    return this.int(s.length);
  }

  /** Mixes a safe integer (negative values included) as its low and high 32-bit words. */
  int(n: number): this {
    const high = Math.floor(n / 0x1_0000_0000);
    const low = n - high * 0x1_0000_0000;
    this.word(low >>> 0);
    this.word(high | 0);
    return this;
  }

  /** The first lane, finalised. */
  laneA(): number {
    return fmix32(this.a);
  }

  /** The second lane, finalised. */
  laneB(): number {
    return fmix32(this.b ^ 0x9e3779b9);
  }

  private word(w: number): void {
    this.a = Math.imul(this.a ^ w, 0x01000193);
    this.a = Math.imul(this.a ^ (this.a >>> 13), 0x85ebca6b);
    this.b = Math.imul(this.b ^ w, 0x5bd1e995);
    this.b ^= this.b >>> 15;
  }
}

/** A lane-wise sum of item hashes: the digest of a collection. */
export class DigestSum {
  a = 0;
  b = 0;

  add(a: number, b: number): void {
    this.a = (this.a + a) >>> 0;
    this.b = (this.b + b) >>> 0;
  }

  subtract(a: number, b: number): void {
    this.a = (this.a - a) >>> 0;
    this.b = (this.b - b) >>> 0;
  }

  clear(): void {
    this.a = 0;
    this.b = 0;
  }
}

/** Eight lower-case hex digits of an unsigned 32-bit value. */
export function hex32(n: number): string {
  return (n >>> 0).toString(16).padStart(8, '0');
}

/** MurmurHash3's finaliser: every input bit affects every output bit, so lane sums do not cancel easily. */
function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}
