/**
 * Leader election with ephemeral sequential nodes (ZooKeeper recipes, "Leader Election").
 *
 * Every client is a candidate: it takes a place in the queue under `/election` (queue.ts) and waits,
 * watching only the candidate just before it, until it is first; then it leads. Its term is its
 * node's counter. A leader serves a term of 0.5-2s: it publishes itself in `/leader` (`t<term>
 * <client>`) at once and then every `HEARTBEAT`, and finally resigns by deleting its node. Each
 * publication is a `multi` of `check` on its own election node and the write, so the store refuses
 * it once the node is gone: a deposed leader, even one that does not know yet, cannot overwrite
 * its successor's record. A leader that learns its session went, or whose publication is refused,
 * is deposed and joins the queue again.
 *
 * Trace: `recipe.election.elected {term, path, session}`, `resigned`, `deposed`.
 *
 * Mutant E1 (the split brain of Kubernetes' K1, protocols.md §5.4): the leader does not step down
 * when its session is lost, and publishes with a plain `set`.
 */
import type { Time } from '../../../sim/time.js';
import type { RecipeEnv, RecipeGen } from './driver.js';
import { type Place, contend, dequeue, enqueue } from './queue.js';
import { BACKOFF, between, call, ensure, sleep } from './steps.js';

export const ELECTION_DIR = '/election';
export const LEADER = '/leader';

const TERM: readonly [Time, Time] = [500_000, 2_000_000];
const HEARTBEAT: Time = 200_000;
const REJOIN: readonly [Time, Time] = [0, 500_000];

/** The term a `/leader` record carries (`t<term> <client>`); -1 if none. */
export function termOf(data: string): number {
  const m = /^t(\d+) /.exec(data);
  return m ? Number(m[1]) : -1;
}

export function* electionRecipe(env: RecipeEnv): RecipeGen {
  const stubborn = env.mutants.has('E1');
  yield* ensure(env, ELECTION_DIR);
  yield* ensure(env, LEADER);
  for (let attempt = 1; ; attempt++) {
    const me = yield* enqueue(env, ELECTION_DIR, attempt);
    if (me === undefined) {
      yield* sleep(env, BACKOFF);
      continue;
    }
    if ((yield* contend(env, { dir: ELECTION_DIR }, me)) === 'first') yield* lead(env, me, stubborn);
    yield* sleep(env, between(env, REJOIN[0], REJOIN[1]));
  }
}

function* lead(env: RecipeEnv, me: Place, stubborn: boolean): RecipeGen {
  env.emit('election.elected', { term: me.token, path: `${me.dir}/${me.node}`, session: me.session });
  const until = env.now() + between(env, TERM[0], TERM[1]);
  for (;;) {
    // Act first: a leader that wakes from a pause does the work it was about to do.
    const published = stubborn ? yield* publishBlindly(env, me) : yield* publish(env, me);
    if (published === 'deposed' || env.now() >= until) {
      if (published === 'deposed') {
        env.emit('election.deposed', { term: me.token });
        return;
      }
      break;
    }
    if ((yield* sleep(env, HEARTBEAT, { session: !stubborn })) === 'session') {
      env.emit('election.deposed', { term: me.token });
      return;
    }
  }
  const left = yield* dequeue(env, me);
  env.emit(left === 'left' ? 'election.resigned' : 'election.deposed', { term: me.token });
}

/** Writes the record only while our election node exists (one `multi`); 'deposed' once it is gone. */
function* publish(env: RecipeEnv, me: Place): RecipeGen<'published' | 'deposed'> {
  if (env.session() !== me.session) return 'deposed';
  const r = yield* call({
    f: 'multi',
    ops: [
      { op: 'check', path: `${ELECTION_DIR}/${me.node}`, version: -1 },
      { op: 'set', path: LEADER, data: `t${me.token} ${env.id}`, version: -1 },
    ],
  });
  return r !== undefined && r.error !== undefined ? 'deposed' : 'published'; // unknown: the next heartbeat tells
}

/** E1: a plain write, and a lost session is a hiccup to retry through. */
function* publishBlindly(env: RecipeEnv, me: Place): RecipeGen<'published'> {
  for (let tries = 0; tries < 10; tries++) {
    const r = yield* call({ f: 'set', path: LEADER, data: `t${me.token} ${env.id}`, version: -1 });
    if (r !== undefined && r.error === undefined) break;
    yield* sleep(env, BACKOFF);
  }
  return 'published';
}
