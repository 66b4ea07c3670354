/**
 * Histories shaped like the lock recipe on a ZooKeeper-like store under faults (the znode model,
 * one partition `/lock`): clients queue as ephemeral sequential nodes, list `/lock`, check their
 * predecessor with `exists`, and delete their node; reads are served by replicas that lag (stale
 * but monotonic per client, as ZooKeeper mode allows). Clients time out (`info`): a timed-out
 * create or delete took effect, takes effect some time later, or never, and the client goes on as
 * a new process of the same session; sessions expire (`close-session`). Consistent in ZooKeeper
 * mode by construction: every write takes effect once, in one order, between its invocation and
 * its completion (or after its invocation, when it timed out).
 */
import type { HistoryEvent } from '../../../sim/check/index.js';
import { Rng } from '../../../sim/rng.js';
import { refZnode } from './reference.js';

export interface LockOptions {
  readonly seed: number;
  /** Operations invoked by the clients, in all. Default 200. */
  readonly ops?: number;
  readonly clients?: number;
  /** Percent of operations that time out. Default 15. */
  readonly timeouts?: number;
  /** Percent chance, per idle client turn, that its session expires. Default 1. */
  readonly expiries?: number;
}

type Tree = ReturnType<typeof refZnode.init>;
type Spec = { readonly f: string; readonly value: Record<string, unknown> };
type Phase = 'join' | 'look' | 'watch' | 'release';

interface Client {
  readonly id: number;
  process: number;
  session: number;
  attempt: number;
  phase: Phase;
  /** The client's own node, once a create answered. */
  own?: string;
  /** The node before its own, when watching. */
  before?: string;
  spec?: Spec;
  stage: 'idle' | 'invoked' | 'applied';
  result?: unknown;
  /** The newest write (index into the log) this client has seen. */
  view: number;
}

const LOCK = '/lock';

export function lockHistory(options: LockOptions): HistoryEvent[] {
  const rng = Rng.fromSeed(options.seed).fork('locks');
  const total = options.ops ?? 200;
  const timeouts = (options.timeouts ?? 15) / 100;
  const expiries = (options.expiries ?? 1) / 100;
  const events: HistoryEvent[] = [];
  /** The state after each write, in order (reads may see any state from their client's view on). */
  const log: Tree[] = [refZnode.init()];
  let nextProcess = 0;
  let nextSession = 1;
  /** Timed-out writes that will still take effect, later. */
  const limbo: { readonly spec: Spec; readonly process: number }[] = [];
  const write = (spec: Spec, process: number): unknown => {
    const { result, state } = refZnode.apply(log[log.length - 1] as Tree, spec.f, undefined, spec.value, process);
    log.push(state);
    return result;
  };
  const emit = (process: number, type: HistoryEvent['type'], f: string, value: unknown): void => {
    events.push({ process, type, f, key: LOCK, value });
  };

  const setup = nextProcess++;
  const root: Spec = { f: 'create', value: { path: LOCK, data: '', mode: 'persistent' } };
  emit(setup, 'invoke', root.f, root.value);
  emit(setup, 'ok', root.f, write(root, setup));

  const clients: Client[] = Array.from({ length: options.clients ?? 5 }, (_, id) => ({
    id,
    process: nextProcess++,
    session: nextSession++,
    attempt: 0,
    phase: 'join' as Phase,
    stage: 'idle' as const,
    view: log.length - 1,
  }));
  const specOf = (c: Client): Spec => {
    const session = c.session;
    switch (c.phase) {
      case 'join':
        return { f: 'create', value: { path: `${LOCK}/c${c.id}.${c.attempt}-`, data: `c${c.id}`, mode: 'ephemeral-sequential', session } };
      case 'look':
        return { f: 'children', value: { path: LOCK, session } };
      case 'watch':
        return { f: 'exists', value: { path: c.before as string, session } };
      case 'release':
        return { f: 'delete', value: { path: c.own as string, version: -1, session } };
    }
  };
  /** What the client does next, given the answer to its last operation. */
  const advance = (c: Client, result: Record<string, unknown> | undefined): void => {
    switch (c.phase) {
      case 'join':
        if (result === undefined) c.attempt++; // timed out: try again under a new name
        else {
          c.own = result['path'] as string;
          c.phase = 'look';
        }
        return;
      case 'look': {
        const names = (result?.['children'] as string[] | undefined)?.map((n) => `${LOCK}/${n}`);
        if (names === undefined) return;
        const seq = (p: string): string => p.slice(-10);
        const mine = c.own as string;
        const earlier = names.filter((p) => seq(p) < seq(mine)).sort((a, b) => (seq(a) < seq(b) ? -1 : 1));
        if (!names.includes(mine) || earlier.length === 0) c.phase = 'release';
        else {
          c.before = earlier[earlier.length - 1] as string;
          c.phase = 'watch';
        }
        return;
      }
      case 'watch':
        if (result !== undefined && result['exists'] === false) c.phase = 'look';
        else if (rng.chance(0.3)) c.phase = 'release'; // gives up waiting
        return;
      case 'release':
        if (result === undefined) return; // timed out: delete again
        c.attempt++;
        c.phase = 'join';
        delete c.own;
        return;
    }
  };

  let invoked = 0;
  let busy = 0;
  while (invoked < total || busy > 0) {
    if (limbo.length > 0 && rng.chance(0.05)) {
      const late = limbo.splice(rng.int(0, limbo.length - 1), 1)[0] as (typeof limbo)[number];
      write(late.spec, late.process);
    }
    const c = rng.pick(clients);
    if (c.stage === 'idle') {
      if (invoked >= total) continue;
      if (rng.chance(expiries)) {
        // The session expires: its ephemeral nodes go; the client starts over in a new session.
        const closer = nextProcess++;
        const close: Spec = { f: 'close-session', value: { session: c.session } };
        emit(closer, 'invoke', close.f, close.value);
        emit(closer, 'ok', close.f, write(close, closer));
        c.session = nextSession++;
        c.attempt++;
        c.phase = 'join';
        delete c.own;
        c.view = log.length - 1;
        continue;
      }
      c.spec = specOf(c);
      c.stage = 'invoked';
      emit(c.process, 'invoke', c.spec.f, c.spec.value);
      invoked++;
      busy++;
      continue;
    }
    const spec = c.spec as Spec;
    const read = refZnode.isRead(spec.f);
    if (rng.chance(timeouts / 2)) {
      // Timed out: a write not applied yet takes effect later, or never.
      if (c.stage === 'invoked' && !read && rng.chance(0.5)) limbo.push({ spec, process: c.process });
      emit(c.process, 'info', spec.f, spec.value);
      c.process = nextProcess++;
      c.stage = 'idle';
      busy--;
      advance(c, undefined);
      continue;
    }
    if (c.stage === 'invoked') {
      if (read) {
        // A lagging replica: any state from what the client has seen on, often an old one.
        const newest = log.length - 1;
        c.view = rng.chance(0.5) ? c.view : rng.int(c.view, newest);
        c.result = refZnode.apply(log[c.view] as Tree, spec.f, undefined, spec.value, c.process).result;
      } else {
        c.result = write(spec, c.process);
        c.view = log.length - 1;
      }
      c.stage = 'applied';
      continue;
    }
    emit(c.process, 'ok', spec.f, c.result);
    c.stage = 'idle';
    busy--;
    advance(c, c.result as Record<string, unknown>);
  }
  return events;
}

/**
 * One completion of a lock history answered differently (the `which`-th ok of children, exists,
 * create or delete; `how` picks the change): a name left out of or added to a child list (one the
 * history creates somewhere), an `exists` flipped, a sequence number off by one, a delete's
 * success and `NoNode` swapped. Undefined when the history has no such completion.
 */
export function perturbLock(events: readonly HistoryEvent[], which: number, how: number): HistoryEvent[] | undefined {
  const oks = events.flatMap((e, i) => (e.type === 'ok' && ['children', 'exists', 'create', 'delete'].includes(e.f) ? [i] : []));
  if (oks.length === 0) return undefined;
  const at = oks[which % oks.length] as number;
  const e = events[at] as HistoryEvent;
  const v = (e.value ?? {}) as Record<string, unknown>;
  const created = events.flatMap((x) => (x.type === 'ok' && x.f === 'create' && typeof (x.value as Record<string, unknown>)['path'] === 'string' ? [(x.value as Record<string, string>)['path'] as string] : []));
  let value: unknown;
  switch (e.f) {
    case 'children': {
      const names = (v['children'] as string[] | undefined) ?? [];
      const other = created.map((p) => p.slice(LOCK.length + 1)).filter((n) => n.length > 0 && !names.includes(n));
      value =
        how % 2 === 0 && names.length > 0
          ? { children: names.filter((_, i) => i !== how % names.length) }
          : { children: [...names, other.length > 0 ? (other[how % other.length] as string) : 'c9.0-0000000001'].sort() };
      break;
    }
    case 'exists':
      value = v['exists'] === true ? { exists: false } : { exists: true, version: 0 };
      break;
    case 'create': {
      const path = v['path'];
      if (typeof path !== 'string' || !/\d{10}$/.test(path)) return undefined;
      const seq = Math.max(0, Number(path.slice(-10)) + (how % 2 === 0 ? 1 : -1));
      value = { path: path.slice(0, -10) + String(seq).padStart(10, '0') };
      break;
    }
    default:
      value = v['error'] === undefined ? { error: 'NoNode' } : {};
  }
  const out = [...events];
  out[at] = { ...e, value };
  return out;
}
