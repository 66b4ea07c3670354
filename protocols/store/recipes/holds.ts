/**
 * Exclusive holds decided by the store, shared by the lock and the leader election.
 *
 * A hold begins when a client learns that its node is first in the queue (its `acquired` or
 * `elected` event) and ends, as the store decides, when the node goes: deleted (by a release) or
 * removed with its session (closed, or expired by the leader). From the history we know the
 * earliest moment the node could have gone (the first delete or close invoked), so a hold
 * certainly lasts at least until then. Two holds overlap for certain when a later holder learned it
 * was first before the earlier holder's node could have gone; with a correct recipe and a correct
 * store that cannot happen, since the later holder's listing then still showed the earlier node.
 *
 * A client's belief can outlast its hold (a paused holder wakes up still believing): that is not
 * an overlap here, because the recipe cannot prevent it; fencing (the tokens) is what makes it
 * harmless, and `tokenOrder` checks that the resource behind the hold saw tokens in order.
 */
import type { NodeId } from '../../../sim/node.js';
import type { Time } from '../../../sim/time.js';
import { MAX_REPORTED, type Violation } from '../../../sim/checks/index.js';
import { type Endings, type Observation, type RecipeEvent, secs } from './facts.js';

/** A hold as its holder announced it. */
export interface Hold {
  readonly client: NodeId;
  readonly at: Time;
  readonly token: number;
  /** The node's full path. */
  readonly path: string;
  readonly session: number;
}

/** Reads holds from `acquired`/`elected` events (fields path, session, and the token under `tokenField`). */
export function holdsFrom(events: readonly RecipeEvent[], tokenField: string): Hold[] {
  return events.map((e) => ({
    client: e.client,
    at: e.at,
    token: Number(e.fields[tokenField]),
    path: String(e.fields['path']),
    session: Number(e.fields['session']),
  }));
}

/** The earliest moment `h`'s node could have gone; infinity if nothing removed it during the run. */
export function earliestEnd(h: Hold, ends: Endings): Time {
  return Math.min(ends.deleted.get(h.path) ?? Number.POSITIVE_INFINITY, ends.closed.get(h.session) ?? Number.POSITIVE_INFINITY);
}

/**
 * Two holders at once, and tokens out of order. A hold certainly lasts from its announcement to
 * the earliest moment its node could have gone; two holds certainly overlap when both intervals
 * share a moment. Later holds must also carry larger tokens. A hold whose node could have gone
 * before its holder even heard it was first (the answer arrived after its session's expiry was
 * proposed) is left out: the holder believed on stale news, which no recipe can prevent.
 */
export function exclusive(holds: readonly Hold[], ends: Endings, check: string, noun: { readonly holder: string; readonly token: string }): Violation[] {
  const out: Violation[] = [];
  const sorted = holds
    .map((h) => ({ ...h, end: earliestEnd(h, ends) }))
    .filter((h) => h.at < h.end)
    .sort((a, b) => a.at - b.at);
  let overlaps = 0;
  let disorders = 0;
  let largest: (typeof sorted)[number] | undefined;
  for (let j = 0; j < sorted.length; j++) {
    const b = sorted[j]!;
    const a = sorted.slice(0, j).find((x) => x.path !== b.path && b.at < x.end);
    if (a !== undefined && overlaps++ < MAX_REPORTED) {
      out.push({
        kind: 'invariant',
        check,
        at: b.at,
        message: `two ${noun.holder}s at once: ${b.client} (${noun.token} ${b.token}) became ${noun.holder} at ${secs(b.at)} while ${a.client} (${noun.token} ${a.token}, since ${secs(a.at)}) still was: its node ${a.path} ${a.end === Number.POSITIVE_INFINITY ? 'was never deleted and its session never ended' : `could not have gone before ${secs(a.end)}`}`,
        witness: { earlier: a, later: b },
      });
    }
    if (largest !== undefined && b.token <= largest.token && largest.path !== b.path && disorders++ < MAX_REPORTED) {
      out.push({
        kind: 'invariant',
        check,
        at: b.at,
        message: `${noun.token}s out of order: ${b.client} became ${noun.holder} at ${secs(b.at)} with ${noun.token} ${b.token}, after ${largest.client} with ${noun.token} ${largest.token} at ${secs(largest.at)}`,
        witness: { earlier: largest, later: b },
      });
    }
    if (largest === undefined || b.token > largest.token) largest = b;
  }
  return out;
}

/**
 * A fenced record (a node each holder writes its token into) in the store's order: by version,
 * the tokens must never decrease, so a write by an older holder is never accepted after a newer
 * holder's. `tokenOf` reads the token from the data (-1: none, skipped).
 */
export function tokenOrder(observations: readonly Observation[], tokenOf: (data: string) => number, check: string, path: string, noun = 'token'): Violation[] {
  const byVersion = new Map<number, Observation>();
  const out: Violation[] = [];
  for (const o of observations) {
    const seen = byVersion.get(o.version);
    if (seen === undefined) byVersion.set(o.version, o);
    else if (seen.data !== o.data && out.length < MAX_REPORTED) {
      out.push({ kind: 'invariant', check, at: o.at, message: `${path} version ${o.version} was seen holding both '${seen.data}' and '${o.data}'`, witness: { first: seen, second: o } });
    }
  }
  const ordered = [...byVersion.values()].filter((o) => tokenOf(o.data) >= 0).sort((a, b) => a.version - b.version);
  let highest: Observation | undefined;
  for (const o of ordered) {
    if (highest !== undefined && tokenOf(o.data) < tokenOf(highest.data)) {
      if (out.length < MAX_REPORTED) {
        out.push({
          kind: 'invariant',
          check,
          at: o.at,
          message: `${path} went back: it accepted ${noun} ${tokenOf(o.data)} (version ${o.version}) after ${noun} ${tokenOf(highest.data)} (version ${highest.version})${noun === 'token' ? ': the fence failed' : ': a deposed holder overwrote its successor'}`,
          witness: { accepted: o, after: highest },
        });
      }
      continue;
    }
    highest = o;
  }
  return out;
}
