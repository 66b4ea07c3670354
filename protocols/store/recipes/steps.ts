/**
 * The small steps every recipe is made of, as generator helpers to `yield*`: run one operation
 * and get its typed result, wait, make sure a persistent node exists, and read the counter ZooKeeper
 * appends to a sequential node's name.
 */
import type { Time } from '../../../sim/time.js';
import type { Op, ResultOf } from '../ops.js';
import type { WatchMessage } from '../wire.js';
import type { RecipeEnv, RecipeGen } from './driver.js';

/** Runs `op`; undefined when its outcome is unknown (it timed out, and may yet apply) or it failed. */
export function* call<O extends Op>(op: O): RecipeGen<ResultOf<O> | undefined> {
  const answer = yield { kind: 'op', op };
  if (answer.kind !== 'op') throw new Error(`recipe: an operation was answered with '${answer.kind}'`);
  return answer.result as ResultOf<O> | undefined;
}

export type WokenBy = 'watch' | 'session' | 'time';

/** Waits `duration` on the client's clock, or less when a watch event arrives or the session changes (if asked). */
export function* sleep(env: RecipeEnv, duration: Time, wake: { readonly watch?: boolean; readonly session?: boolean } = {}): RecipeGen<WokenBy> {
  return (yield* waitFor(env, duration, wake)).by;
}

/** As `sleep`, with the watch events that arrived meanwhile. */
export function* waitFor(
  env: RecipeEnv,
  duration: Time,
  wake: { readonly watch?: boolean; readonly session?: boolean } = {},
): RecipeGen<{ readonly by: WokenBy; readonly events: readonly WatchMessage[] }> {
  const answer = yield { kind: 'wait', until: env.now() + Math.max(0, duration), onWatch: wake.watch === true, onSession: wake.session === true };
  if (answer.kind !== 'woken') throw new Error(`recipe: a wait was answered with '${answer.kind}'`);
  return answer;
}

/** Closes the session; the client opens another before the recipe's next step. */
export function* closeSession(): RecipeGen<void> {
  const answer = yield { kind: 'close' };
  if (answer.kind !== 'closed') throw new Error(`recipe: a close was answered with '${answer.kind}'`);
}

/** Creates the persistent node `path` unless it exists; retries until the store says which. */
export function* ensure(env: RecipeEnv, path: string, data = ''): RecipeGen<void> {
  for (;;) {
    const r = yield* call({ f: 'create', path, data, mode: 'persistent' });
    if (r !== undefined && (r.error === undefined || r.error === 'NodeExists')) return;
    yield* sleep(env, BACKOFF);
  }
}

/** Pause after an unclear answer before trying again, so a recipe never spins. */
export const BACKOFF: Time = 50_000;

/** How long a waiting recipe trusts its watch before looking again (see README: watches live on one replica). */
export const RESYNC: Time = 1_000_000;

/** The counter ZooKeeper appended to a sequential node's name (its last ten digits); NaN if none. */
export function sequenceOf(name: string): number {
  const digits = name.slice(-10);
  return /^\d{10}$/.test(digits) ? Number(digits) : Number.NaN;
}

/** A uniformly drawn duration in [lo, hi]. */
export function between(env: RecipeEnv, lo: Time, hi: Time): Time {
  return lo + Math.floor(env.rng.next() * (hi - lo + 1));
}

/**
 * Splits the clients between two roles in proportion to their weights (the scenario's `mix`):
 * the first clients take the first role. Each role with a positive weight gets at least one
 * client while there are clients enough.
 */
export function firstRole(env: RecipeEnv, first: number, second: number): boolean {
  const n = env.clients;
  if (second <= 0) return true;
  if (first <= 0) return false;
  const count = Math.min(n - 1, Math.max(1, Math.round((n * first) / (first + second))));
  return env.index < Math.max(1, count);
}
