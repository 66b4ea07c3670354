/**
 * Key management: rotating shared keys with compare-and-set.
 *
 * Each key is a node `/keys/k<i>` (`workload.keys` of them, at most 8) holding `g<generation>
 * <material>`, created at generation 0. Every client loops over random keys and either uses one
 * (reads it: `read` weight of the mix) or rotates it (`rotate` weight): it reads the key and writes
 * the next generation with fresh material, with a compare-and-set on the version it read, so a
 * rotation always replaces the key it was derived from. A rotation that loses the race (BadVersion)
 * is not retried: someone else rotated the key, which is what was wanted. A timed-out rotation is
 * not retried either: the next read tells whether it happened.
 *
 * Trace: `recipe.keys.seen {key, generation, version}` for every key read or written.
 *
 * Mutant KR1: rotations write blindly (version -1), so two clients that read the same generation
 * both rotate it, each believing its own material is the new key.
 */
import type { RecipeEnv, RecipeGen } from './driver.js';
import { BACKOFF, call, ensure, sleep } from './steps.js';

export const KEYS = '/keys';

/** Generation and material of a key's value `g<generation> <material>`; undefined if malformed. */
export function keyOf(data: string): { readonly generation: number; readonly material: string } | undefined {
  const m = /^g(\d+) (\S+)$/.exec(data);
  return m ? { generation: Number(m[1]), material: m[2]! } : undefined;
}

export function keysRecipe(options: { readonly keys: number; readonly rotate: number; readonly read: number }): (env: RecipeEnv) => RecipeGen {
  const count = Math.max(1, Math.min(8, options.keys));
  const rotateShare = options.rotate + options.read > 0 ? options.rotate / (options.rotate + options.read) : 0;
  return function* keys(env) {
    const blind = env.mutants.has('KR1');
    yield* ensure(env, KEYS);
    for (let i = 0; i < count; i++) yield* ensure(env, `${KEYS}/k${i}`, 'g0 initial');
    for (let n = 1; ; n++) {
      const path = `${KEYS}/k${env.rng.int(0, count - 1)}`;
      const got = yield* call({ f: 'get', path });
      if (got === undefined) continue;
      if (got.error !== undefined) {
        yield* sleep(env, BACKOFF);
        continue;
      }
      const key = keyOf(got.data);
      env.emit('keys.seen', { key: path, generation: key?.generation ?? -1, version: got.version });
      if (key === undefined || !env.rng.chance(rotateShare)) continue;
      const next = `g${key.generation + 1} ${env.id}.${n}`;
      const set = yield* call({ f: 'set', path, data: next, version: blind ? -1 : got.version });
      if (set !== undefined && set.error === undefined) env.emit('keys.seen', { key: path, generation: key.generation + 1, version: set.version });
    }
  };
}
