/**
 * Service discovery with ephemeral nodes.
 *
 * Members (the first clients, by the `member` weight of the mix) register as the ephemeral node
 * `/services/app/<client>`, serve a while, and leave, by closing their session or by deleting
 * their node, then come back; from the end of the faults on they stay. A member whose session is
 * lost (it expired while the member was paused or cut off) registers again under its new session.
 * When an old session's node is still there (it has not expired yet), the member waits for it to go.
 * Observers (the others, `observer` weight) list the group with a watch and list it again whenever
 * the watch fires, their session changes, or `RESYNC` passes without news.
 *
 * Trace: `recipe.discovery.role {role}`; members `join` and `leave {how}` (their intent);
 * observers `view {members}`.
 *
 * Mutant D1: a member whose session is lost does not register again: it keeps serving, unlisted.
 */
import type { Time } from '../../../sim/time.js';
import type { RecipeEnv, RecipeGen } from './driver.js';
import { BACKOFF, RESYNC, between, call, closeSession, ensure, firstRole, sleep } from './steps.js';

export const SERVICES = '/services';
export const GROUP = '/services/app';

const STAY: readonly [Time, Time] = [500_000, 3_000_000];
const AWAY: readonly [Time, Time] = [200_000, 1_500_000];

export function discoveryRecipe(weights: { readonly member: number; readonly observer: number }): (env: RecipeEnv) => RecipeGen {
  return function* discovery(env) {
    const member = firstRole(env, weights.member, weights.observer);
    env.emit('discovery.role', { role: member ? 'member' : 'observer' });
    yield* ensure(env, SERVICES);
    yield* ensure(env, GROUP);
    if (member) yield* serve(env, env.mutants.has('D1'));
    else yield* observe(env);
  };
}

function* serve(env: RecipeEnv, forgetful: boolean): RecipeGen {
  for (;;) {
    env.emit('discovery.join', {});
    yield* register(env);
    const leaveAt = env.now() + between(env, STAY[0], STAY[1]);
    for (;;) {
      const staying = env.now() >= env.stopAt;
      const woke = yield* sleep(env, staying ? RESYNC : leaveAt - env.now(), { session: !forgetful });
      if (woke === 'session') yield* register(env);
      else if (!staying && env.now() >= leaveAt && env.now() < env.stopAt) break;
    }
    const how = env.rng.chance(0.5) ? 'close' : 'delete';
    env.emit('discovery.leave', { how });
    if (how === 'close') yield* closeSession();
    else yield* deregister(env);
    yield* sleep(env, between(env, AWAY[0], AWAY[1]));
  }
}

/** Creates this member's node under the current session, once the store says it is there. */
function* register(env: RecipeEnv): RecipeGen {
  const path = `${GROUP}/${env.id}`;
  for (;;) {
    const session = env.session();
    const r = yield* call({ f: 'create', path, data: env.id, mode: 'ephemeral' });
    if (r !== undefined && r.error === undefined) return;
    if (r !== undefined && r.error !== 'NodeExists') {
      yield* sleep(env, BACKOFF);
      continue;
    }
    // There already, or unknown: whose is it?
    const got = yield* call({ f: 'get', path, watch: true });
    if (got === undefined) continue;
    if (got.error === undefined && got.stat?.ephemeralOwner === session) return;
    if (got.error === undefined) yield* sleep(env, RESYNC, { watch: true, session: true }); // an old session's node, until it expires
  }
}

function* deregister(env: RecipeEnv): RecipeGen {
  for (let tries = 0; tries < 20; tries++) {
    const r = yield* call({ f: 'delete', path: `${GROUP}/${env.id}`, version: -1 });
    if (r !== undefined && (r.error === undefined || r.error === 'NoNode')) return;
    if (r?.error === 'SessionExpired') return;
  }
}

function* observe(env: RecipeEnv): RecipeGen {
  for (;;) {
    const listed = yield* call({ f: 'children', path: GROUP, watch: true });
    if (listed === undefined) continue;
    if (listed.error === undefined) env.emit('discovery.view', { members: listed.children });
    else yield* sleep(env, BACKOFF);
    yield* sleep(env, RESYNC, { watch: true, session: true });
  }
}
