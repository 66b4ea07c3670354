/**
 * The distributed lock (ZooKeeper recipes, "Locks"), with a fenced resource.
 *
 * Every client loops: take a place in the queue under `/lock` (queue.ts), wait to be first (giving
 * up after `PATIENCE`, as `tryLock` with a timeout does), then hold: write the protected resource
 * `/fenced` one to three times, and release by deleting the node. The holder's fencing token is its
 * node's counter. A write to the resource is fenced: read it, and write `t<token>` with a
 * compare-and-set on the version read only if the token stored there is not newer than ours; the
 * resource therefore never accepts a write from a holder older than one it has accepted.
 *
 * What the recipe promises, and what it cannot (see README, "Recipes"): the store decides who holds
 * (the owner of the lowest node); a holder whose session expires stops holding at that moment,
 * whether it knows or not. A paused holder wakes up still believing it holds: nothing can stop it
 * from acting on that belief, which is why the resource checks tokens. Inside the store the
 * session is itself a fence (a write from an expired session is refused), so the token fence
 * matters for writes made any other way, here under a later session.
 *
 * Trace: `recipe.lock.acquired {token, path, session}` when a client learns it is first;
 * `released`, `lost` (its session went while it held), `fenced` (the resource had a newer token),
 * `gave-up` (patience ran out while waiting).
 *
 * Mutants: L1 takes the lock when the node before it goes, without listing the queue again; L2
 * orders the queue by node name, not counter; L3 trusts its belief: it ignores the loss of its
 * session while it holds and writes the resource without the fence.
 */
import type { Time } from '../../../sim/time.js';
import type { RecipeEnv, RecipeGen } from './driver.js';
import { type Place, contend, dequeue, enqueue } from './queue.js';
import { BACKOFF, between, call, ensure, sleep } from './steps.js';

export const LOCK_DIR = '/lock';
export const FENCED = '/fenced';

const PATIENCE: Time = 800_000;
const HOLD: readonly [Time, Time] = [10_000, 120_000];
const PAUSE: readonly [Time, Time] = [0, 300_000];

/** The token a resource value carries (`t<token>`); -1 if it carries none. */
export function tokenOf(data: string): number {
  const m = /^t(\d+)$/.exec(data);
  return m ? Number(m[1]) : -1;
}

export function* lockRecipe(env: RecipeEnv): RecipeGen {
  const trusting = env.mutants.has('L3');
  const queue = { dir: LOCK_DIR, patience: PATIENCE, trustPredecessor: env.mutants.has('L1'), byName: env.mutants.has('L2') };
  yield* ensure(env, LOCK_DIR);
  yield* ensure(env, FENCED, 't0');
  for (let attempt = 1; ; attempt++) {
    const me = yield* enqueue(env, LOCK_DIR, attempt);
    if (me === undefined) {
      yield* sleep(env, BACKOFF);
      continue;
    }
    const outcome = yield* contend(env, queue, me);
    if (outcome === 'first') yield* hold(env, me, trusting);
    else if (outcome === 'gave-up') {
      env.emit('lock.gave-up', { token: me.token });
      yield* dequeue(env, me);
    }
    yield* sleep(env, between(env, PAUSE[0], PAUSE[1]));
  }
}

type Wrote = 'written' | 'lost' | { readonly fencedBy: number };

function* hold(env: RecipeEnv, me: Place, trusting: boolean): RecipeGen {
  env.emit('lock.acquired', { token: me.token, path: `${me.dir}/${me.node}`, session: me.session });
  const writes = env.rng.int(1, 3);
  for (let i = 0; i < writes; i++) {
    const wrote = trusting ? yield* blindWrite(env, me) : yield* fencedWrite(env, me);
    if (wrote === 'lost') {
      env.emit('lock.lost', { token: me.token });
      return;
    }
    if (wrote !== 'written') {
      env.emit('lock.fenced', { token: me.token, by: wrote.fencedBy });
      break;
    }
    const woke = yield* sleep(env, between(env, HOLD[0], HOLD[1]), { session: !trusting });
    if (woke === 'session') {
      env.emit('lock.lost', { token: me.token });
      return;
    }
  }
  const left = yield* dequeue(env, me);
  env.emit(left === 'left' ? 'lock.released' : 'lock.lost', { token: me.token });
}

/** Writes `t<token>` to the resource unless it holds a newer token; compare-and-set on the version read. */
function* fencedWrite(env: RecipeEnv, me: Place): RecipeGen<Wrote> {
  for (let tries = 0; tries < 10; tries++) {
    if (env.session() !== me.session) return 'lost';
    const got = yield* call({ f: 'get', path: FENCED });
    if (got === undefined) continue;
    if (got.error === 'SessionExpired') return 'lost';
    if (got.error !== undefined) {
      yield* ensure(env, FENCED, 't0');
      continue;
    }
    const stored = tokenOf(got.data);
    if (stored > me.token) return { fencedBy: stored };
    const set = yield* call({ f: 'set', path: FENCED, data: `t${me.token}`, version: got.version });
    if (set === undefined) continue; // unknown: the next read tells
    if (set.error === undefined) return 'written';
    if (set.error === 'SessionExpired') return 'lost';
    // BadVersion: someone wrote in between; read again.
  }
  return { fencedBy: -1 };
}

/** L3: writes the resource whatever it holds, and takes a lost session for a hiccup. */
function* blindWrite(env: RecipeEnv, me: Place): RecipeGen<Wrote> {
  for (let tries = 0; tries < 10; tries++) {
    const set = yield* call({ f: 'set', path: FENCED, data: `t${me.token}`, version: -1 });
    if (set !== undefined && set.error === undefined) return 'written';
    yield* sleep(env, BACKOFF);
  }
  return 'written';
}
