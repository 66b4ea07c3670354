/** Majorities: how many make one, and the highest value a majority has reached. */
import type { NodeId } from '../../sim/node.js';

/** How many of `voters` make a majority. */
export function quorum(voters: readonly NodeId[]): number {
  return Math.floor(voters.length / 2) + 1;
}

const SCRATCH: number[] = [];

/**
 * The highest value that a majority of `voters` have reached: the majority-th largest of
 * `valueOf(voter)`. (Called on every acknowledgement, so it sorts a shared scratch array in place.)
 */
export function quorumValue(voters: readonly NodeId[], valueOf: (voter: NodeId) => number): number {
  const n = voters.length;
  SCRATCH.length = n;
  for (let i = 0; i < n; i++) {
    const v = valueOf(voters[i]!);
    let j = i;
    while (j > 0 && SCRATCH[j - 1]! < v) {
      SCRATCH[j] = SCRATCH[j - 1]!;
      j--;
    }
    SCRATCH[j] = v;
  }
  return n === 0 ? 0 : SCRATCH[quorum(voters) - 1]!;
}

/** Distinct voters heard from in one round (votes, promises, acknowledgements). */
export class Tally {
  private readonly heard = new Set<NodeId>();

  constructor(private readonly voters: readonly NodeId[]) {}

  /** Counts `from` once, if it is a voter; returns whether a majority has now been heard. */
  add(from: NodeId): boolean {
    if (this.voters.includes(from)) this.heard.add(from);
    return this.reached;
  }

  get reached(): boolean {
    return this.heard.size >= quorum(this.voters);
  }

  has(from: NodeId): boolean {
    return this.heard.has(from);
  }

  get size(): number {
    return this.heard.size;
  }
}
