/**
 * The queue of ephemeral sequential nodes that the lock and leader-election recipes share
 * (ZooKeeper's recipes page, "Locks"): each contender creates `<dir>/<client>.<attempt>-NNNNNNNNNN`;
 * the one with the lowest counter is first; every other one watches only the node just before its
 * own (no herd effect) and, when that one goes, lists the directory again, because the node before
 * it may have left (given up, or lost its session) while a lower one still holds.
 *
 * The `<client>.<attempt>-` prefix is Curator's "protection": when a create times out, the client
 * finds its node by name, and deletes nodes of its own earlier attempts that applied late (an
 * orphan would otherwise block everyone behind it until the session ends).
 */
import type { Time } from '../../../sim/time.js';
import type { SessionId } from '../ids.js';
import type { RecipeEnv, RecipeGen } from './driver.js';
import { BACKOFF, RESYNC, call, sequenceOf, waitFor } from './steps.js';

/** A contender's place in the queue. `token` is its node's counter: it grows with every create in `dir`. */
export interface Place {
  readonly dir: string;
  readonly node: string;
  readonly token: number;
  /** The session that created the node, and so owns it. */
  readonly session: SessionId;
}

export interface QueueOptions {
  readonly dir: string;
  /** Give up waiting after this long (a `tryLock` with a timeout); default: wait as long as it takes. */
  readonly patience?: Time;
  /** Mutant: when the node before it goes, take first place without listing the queue again. */
  readonly trustPredecessor?: boolean;
  /** Mutant: order contenders by their full names rather than by the counter. */
  readonly byName?: boolean;
}

export type Contended = 'first' | 'lost' | 'gave-up';

/** Creates this client's node for attempt `attempt`; undefined if the store did not say (try again later). */
export function* enqueue(env: RecipeEnv, dir: string, attempt: number): RecipeGen<Place | undefined> {
  const session = env.session();
  if (session === undefined) return undefined;
  const prefix = `${env.id}.${attempt}-`;
  const created = yield* call({ f: 'create', path: `${dir}/${prefix}`, data: env.id, mode: 'ephemeral-sequential' });
  if (created !== undefined) {
    if (created.error !== undefined) return undefined;
    const node = created.path.slice(dir.length + 1);
    return { dir, node, token: sequenceOf(node), session };
  }
  // The create timed out: it may have applied. Look for it by its prefix.
  const listed = yield* call({ f: 'children', path: dir });
  const node = listed === undefined || listed.error !== undefined ? undefined : listed.children.find((c) => c.startsWith(prefix));
  return node === undefined || env.session() !== session ? undefined : { dir, node, token: sequenceOf(node), session };
}

/** Waits until `me` is first in the queue ('first'), its session is gone ('lost'), or patience runs out. */
export function* contend(env: RecipeEnv, q: QueueOptions, me: Place): RecipeGen<Contended> {
  const giveUpAt = q.patience === undefined ? Number.POSITIVE_INFINITY : env.now() + q.patience;
  for (;;) {
    if (env.session() !== me.session) return 'lost';
    if (env.now() >= giveUpAt) return 'gave-up';
    const listed = yield* call({ f: 'children', path: q.dir });
    if (listed === undefined) continue;
    if (listed.error !== undefined) return 'lost';
    yield* sweep(env, q.dir, listed.children, me.node);
    const order = ordered(listed.children, q.byName === true);
    const at = order.indexOf(me.node);
    if (at < 0) return 'lost'; // our node went with our session
    if (at === 0) return 'first';
    const before = order[at - 1]!;
    const seen = yield* call({ f: 'exists', path: `${q.dir}/${before}`, watch: true });
    if (seen === undefined) continue;
    if (seen.error !== undefined) return 'lost';
    if (!seen.exists) {
      if (q.trustPredecessor === true) return 'first';
      continue;
    }
    const woke = yield* waitFor(env, Math.min(giveUpAt, env.now() + RESYNC) - env.now(), { watch: true, session: true });
    if (woke.by === 'session') return 'lost';
    if (q.trustPredecessor === true && woke.events.some((e) => e.type === 'NodeDeleted' && e.path === `${q.dir}/${before}`)) return 'first';
  }
}

/** Deletes `me`'s node; 'left' once it is gone (NoNode included), 'lost' if the session went first. */
export function* dequeue(env: RecipeEnv, me: Place): RecipeGen<'left' | 'lost'> {
  for (let tries = 0; tries < 20; tries++) {
    const r = yield* call({ f: 'delete', path: `${me.dir}/${me.node}`, version: -1 });
    if (r === undefined) continue;
    if (r.error === undefined || r.error === 'NoNode') return 'left';
    if (r.error === 'SessionExpired') return 'lost';
    yield* waitFor(env, BACKOFF);
  }
  return 'lost';
}

/** The queue in order: by counter (then name), or by name for the `byName` mutant. Names without a counter are left out. */
export function ordered(children: readonly string[], byName: boolean): string[] {
  const queued = children.filter((c) => !Number.isNaN(sequenceOf(c)));
  return byName ? [...queued].sort() : [...queued].sort((a, b) => sequenceOf(a) - sequenceOf(b) || (a < b ? -1 : a > b ? 1 : 0));
}

/** Deletes this client's nodes of earlier attempts (their creates applied after the client gave up on them). */
function* sweep(env: RecipeEnv, dir: string, children: readonly string[], mine: string): RecipeGen<void> {
  for (const c of children) {
    if (c !== mine && c.startsWith(`${env.id}.`)) yield* call({ f: 'delete', path: `${dir}/${c}`, version: -1 });
  }
}
