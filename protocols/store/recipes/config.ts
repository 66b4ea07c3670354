/**
 * Configuration management with watches.
 *
 * The configuration is the node `/config`: the list of changes made to it, space-separated
 * (`c1.1 c2.1 c1.2`). Writers (the first clients, by the `write` weight of the mix) each make
 * changes until the faults stop: read the configuration, append a change of their own, and write
 * it back with a compare-and-set on the version read, again until the store says yes (a timed-out
 * write is found on the next read). Then they read it once more and stop, so the last write is
 * known. Watchers (the others, `watch` weight) read it with a watch, and read again whenever the
 * watch fires, their session changes, or `RESYNC` passes without news (a watch lives on the
 * replica that served the read and dies with it; ZooKeeper's client would set it again on
 * reconnecting, which this client library does not).
 *
 * Trace: `recipe.config.role {role}`, `wrote {change, version}`, `seen {version, changes}`.
 *
 * Mutant C1: writers write back without the compare-and-set (a blind `set`), so two writers that
 * read the same version lose one of their changes.
 */
import type { Time } from '../../../sim/time.js';
import type { RecipeEnv, RecipeGen } from './driver.js';
import { BACKOFF, RESYNC, between, call, ensure, firstRole, sleep } from './steps.js';

export const CONFIG = '/config';

const WRITE_GAP: readonly [Time, Time] = [50_000, 400_000];

/** The changes a configuration lists. */
export function changesOf(data: string): string[] {
  return data === '' ? [] : data.split(' ');
}

export function configRecipe(weights: { readonly write: number; readonly watch: number }): (env: RecipeEnv) => RecipeGen {
  return function* config(env) {
    const writer = firstRole(env, weights.write, weights.watch);
    env.emit('config.role', { role: writer ? 'writer' : 'watcher' });
    if (writer) yield* write(env, env.mutants.has('C1'));
    else yield* watch(env);
  };
}

function* write(env: RecipeEnv, blind: boolean): RecipeGen {
  yield* ensure(env, CONFIG);
  for (let n = 1; env.now() < env.stopAt; n++) {
    yield* change(env, `${env.id}.${n}`, blind);
    yield* sleep(env, between(env, WRITE_GAP[0], WRITE_GAP[1]));
  }
  for (;;) {
    const got = yield* call({ f: 'get', path: CONFIG });
    if (got !== undefined && got.error === undefined) return;
    yield* sleep(env, BACKOFF);
  }
}

/** Adds `id` to the configuration, once. */
function* change(env: RecipeEnv, id: string, blind: boolean): RecipeGen {
  for (let tries = 0; tries < 20; tries++) {
    const got = yield* call({ f: 'get', path: CONFIG });
    if (got === undefined) continue;
    if (got.error !== undefined) {
      yield* sleep(env, BACKOFF);
      continue;
    }
    if (changesOf(got.data).includes(id)) return; // an earlier attempt applied after all
    const data = got.data === '' ? id : `${got.data} ${id}`;
    const set = yield* call({ f: 'set', path: CONFIG, data, version: blind ? -1 : got.version });
    if (set !== undefined && set.error === undefined) {
      env.emit('config.wrote', { change: id, version: set.version });
      return;
    }
  }
}

function* watch(env: RecipeEnv): RecipeGen {
  for (;;) {
    const got = yield* call({ f: 'get', path: CONFIG, watch: true });
    if (got === undefined) continue;
    if (got.error === 'NoNode') yield* call({ f: 'exists', path: CONFIG, watch: true });
    else if (got.error === undefined) env.emit('config.seen', { version: got.version, changes: changesOf(got.data).length });
    else {
      yield* sleep(env, BACKOFF);
      continue;
    }
    yield* sleep(env, RESYNC, { watch: true, session: true });
  }
}
