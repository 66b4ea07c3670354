/**
 * The product of a model's partitions: one state per partition, stepped independently. Used where
 * the partitions must be searched together (the cross-partition pass of ZooKeeper mode).
 */
import { combine } from './hash.js';
import type { Model } from './model.js';

export interface ProductState<S> {
  readonly parts: readonly S[];
  readonly hashes: readonly number[];
  readonly hash: number;
}

export interface ProductInput<I> {
  readonly part: number;
  readonly input: I;
}

/** A model over independent copies of `model`'s state, one per label. */
export function productModel<S, I, O>(model: Model<S, I, O>, labels: readonly string[]): Model<ProductState<S>, ProductInput<I>, O> {
  const parts = labels.length;
  return {
    name: `${model.name}×${parts}`,
    summary: `${parts} partitions of ${model.name}, searched together`,
    compile() {
      throw new Error('check: a product model is built from compiled operations');
    },
    init() {
      const states: S[] = [];
      const hashes: number[] = [];
      let hash = 0;
      for (let p = 0; p < parts; p++) {
        const s = model.init();
        const h = model.hash(s);
        states.push(s);
        hashes.push(h);
        hash ^= combine(p, h);
      }
      return { parts: states, hashes, hash };
    },
    step(state, { part, input }, output) {
      const before = state.parts[part] as S;
      const after = model.step(before, input, output);
      if (after === undefined) return undefined;
      if (after === before) return state;
      const h = model.hash(after);
      const states = state.parts.slice();
      const hashes = state.hashes.slice();
      states[part] = after;
      hashes[part] = h;
      return { parts: states, hashes, hash: state.hash ^ combine(part, state.hashes[part] as number) ^ combine(part, h) };
    },
    hash: (state) => state.hash,
    equal(a, b) {
      if (a === b) return true;
      for (let p = 0; p < parts; p++) {
        const x = a.parts[p] as S;
        const y = b.parts[p] as S;
        if (x !== y && (a.hashes[p] !== b.hashes[p] || !model.equal(x, y))) return false;
      }
      return true;
    },
    isRead: ({ input }) => model.isRead(input),
    describeState: (state) => state.parts.map((s, p) => `${labels[p] ?? p}: ${model.describeState(s)}`).join('; '),
    describeOp: ({ input }, output) => model.describeOp(input, output),
    needs: ({ input }, output) => model.needs(input, output),
  };
}
