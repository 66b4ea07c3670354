/**
 * 32-bit hashing for the search: everything here is integer arithmetic (`Math.imul`), so a state's
 * hash can be updated incrementally and compared without building strings.
 */

/** MurmurHash3's finaliser: spreads every input bit over the whole word. */
export function mix32(x: number): number {
  let h = x | 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h | 0;
}

/** Combines two hashes; not commutative, so (a, b) and (b, a) differ. */
export function combine(a: number, b: number): number {
  return mix32((Math.imul(a, 0x9e3779b1) + b) | 0);
}

/** FNV-1a over UTF-16 code units, finalised. */
export function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return mix32(h);
}

/** Base of the polynomial string hash; odd, so its powers never vanish modulo 2^32. */
export const POLY_BASE = 0x01000193;

/**
 * Polynomial hash modulo 2^32: `poly(a + b) = poly(a) * polyPow(b.length) + poly(b)`, which lets
 * an append update a state's hash from the appended text alone.
 */
export function polyHash(s: string): number {
  let h = 0;
  for (let i = 0; i < s.length; i++) h = (Math.imul(h, POLY_BASE) + s.charCodeAt(i)) | 0;
  return h;
}

/** `POLY_BASE ** n` modulo 2^32. */
export function polyPow(n: number): number {
  let result = 1;
  let base = POLY_BASE;
  let e = n;
  while (e > 0) {
    if (e & 1) result = Math.imul(result, base);
    base = Math.imul(base, base);
    e >>>= 1;
  }
  return result;
}

/** A fixed pseudo-random 32-bit key per operation, XORed into the hash of the linearized set (Zobrist hashing). */
export function zobrist(i: number): number {
  return mix32(Math.imul(i + 1, 0x9e3779b1) ^ 0x5bd1e995);
}

let zobristTable = new Int32Array(0);

/** `zobrist(0 … n-1)`, computed once and shared (a pure function of the index). */
export function zobristKeys(n: number): Int32Array {
  if (zobristTable.length < n) {
    const table = new Int32Array(Math.max(n, zobristTable.length * 2, 1024));
    for (let i = 0; i < table.length; i++) table[i] = zobrist(i);
    zobristTable = table;
  }
  return zobristTable;
}
