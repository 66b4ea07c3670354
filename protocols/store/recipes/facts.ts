/**
 * What the recipes' checks read: the store's facts from the client history (operations paired
 * with their outcomes, values a node was seen to hold, when a node or session could first have
 * gone) and the recipes' own `recipe.*` trace events. The checks themselves have the shape of
 * every check (sim/checks).
 */
import type { HistoryOp } from '../../../sim/history.js';
import type { NodeId } from '../../../sim/node.js';
import type { Time } from '../../../sim/time.js';
import type { TraceEvent } from '../../../sim/trace.js';

/** One store operation of the history with its outcome (`open`: never completed). */
export interface StoreCall {
  readonly f: string;
  /** The invocation's value: the operation and its session. */
  readonly args: Readonly<Record<string, unknown>>;
  readonly type: 'ok' | 'fail' | 'info' | 'open';
  readonly result: unknown;
  readonly invokedAt: Time;
}

/** The history's operations paired with their completions, in invocation order. */
export function storeCalls(history: readonly HistoryOp[]): StoreCall[] {
  const out: StoreCall[] = [];
  const open = new Map<number, number>();
  for (const op of history) {
    if (op.type === 'invoke') {
      open.set(op.process, out.length);
      const args = typeof op.value === 'object' && op.value !== null ? (op.value as Record<string, unknown>) : {};
      out.push({ f: op.f, args, type: 'open', result: undefined, invokedAt: op.time });
      continue;
    }
    const at = open.get(op.process);
    if (at === undefined) continue;
    open.delete(op.process);
    out[at] = { ...out[at]!, type: op.type, result: op.value };
  }
  return out;
}

/** A value a node was seen to hold at a version: written by an acknowledged set, or read. */
export interface Observation {
  readonly version: number;
  readonly data: string;
  readonly at: Time;
}

/** Every (version, data) of `path` that an acknowledged set (alone or in a multi) wrote or a read returned, in history order. */
export function observationsOf(calls: readonly StoreCall[], path: string): Observation[] {
  const out: Observation[] = [];
  for (const c of calls) {
    if (c.type !== 'ok') continue;
    const r = c.result as { error?: string; version?: number; data?: string; results?: readonly { version?: number }[] } | undefined;
    if (r === undefined || r.error !== undefined) continue;
    if (c.f === 'multi' && Array.isArray(c.args['ops']) && r.results !== undefined) {
      (c.args['ops'] as readonly { op?: string; path?: string; data?: string }[]).forEach((sub, i) => {
        const version = r.results?.[i]?.version;
        if (sub.op === 'set' && sub.path === path && typeof sub.data === 'string' && typeof version === 'number') out.push({ version, data: sub.data, at: c.invokedAt });
      });
      continue;
    }
    if (c.args['path'] !== path || typeof r.version !== 'number') continue;
    if (c.f === 'get' && typeof r.data === 'string') out.push({ version: r.version, data: r.data, at: c.invokedAt });
    else if (c.f === 'set' && typeof c.args['data'] === 'string') out.push({ version: r.version, data: c.args['data'], at: c.invokedAt });
  }
  return out;
}

/**
 * The earliest moment each node and each session could have gone: the invocation of the first
 * delete of the node, and of the first close of the session (a client's close, or an expiry the
 * leader proposed). Nothing before it removed them, so a node is certainly still there before it.
 */
export interface Endings {
  readonly deleted: ReadonlyMap<string, Time>;
  readonly closed: ReadonlyMap<number, Time>;
}

export function endings(calls: readonly StoreCall[]): Endings {
  const deleted = new Map<string, Time>();
  const closed = new Map<number, Time>();
  for (const c of calls) {
    if (c.type === 'fail') continue;
    if (c.f === 'delete' && typeof c.args['path'] === 'string' && !deleted.has(c.args['path'])) deleted.set(c.args['path'], c.invokedAt);
    if (c.f === 'close-session' && typeof c.args['session'] === 'number' && !closed.has(c.args['session'])) closed.set(c.args['session'], c.invokedAt);
  }
  return { deleted, closed };
}

/** A `recipe.*` event: the client that emitted it, when, and its fields. */
export interface RecipeEvent {
  readonly client: NodeId;
  readonly at: Time;
  readonly kind: string;
  readonly fields: Readonly<Record<string, unknown>>;
}

/** Collects the trace events of kinds `recipe.<prefix>.*`. */
export class RecipeEvents {
  readonly list: RecipeEvent[] = [];
  private readonly prefix: string;

  constructor(recipe: string) {
    this.prefix = `recipe.${recipe}.`;
  }

  observe(event: TraceEvent): void {
    if (!event.kind.startsWith(this.prefix) || event.node === undefined) return;
    this.list.push({ client: event.node, at: event.t, kind: event.kind.slice(this.prefix.length), fields: event });
  }

  of(kind: string): RecipeEvent[] {
    return this.list.filter((e) => e.kind === kind);
  }
}

/** Formats virtual microseconds for a message. */
export function secs(t: Time): string {
  return `${(t / 1_000_000).toFixed(3)}s`;
}
