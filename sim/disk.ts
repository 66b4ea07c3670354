import type { Distribution } from './latency.js';

/**
 * A node's durable storage: named values and append-only logs, with an fsync point.
 *
 * Writes are visible to reads at once (as in a page cache) but survive a crash only once a `sync`
 * issued after them has completed. The simulator completes syncs after a latency drawn from the
 * disk's distribution; a stalled disk completes none until the stall ends. Stored values are kept by
 * reference and must be treated as immutable by the writer.
 */
export interface DiskHandle {
  get<T>(key: string): T | undefined;
  put(key: string, value: unknown): void;
  delete(key: string): void;
  /** The log stored under `key` (empty if none). The returned array must not be mutated. */
  log<T>(key: string): readonly T[];
  append(key: string, items: readonly unknown[]): void;
  /** Keeps the first `length` items of the log under `key`. */
  truncate(key: string, length: number): void;
  /**
   * Makes every write issued so far durable. `onDurable` runs when the fsync completes, and never
   * if the node crashes first. Replies that depend on the writes belong in `onDurable`.
   */
  sync(onDurable?: () => void): void;
  /** Writes not yet covered by a completed sync. */
  readonly unsyncedWrites: number;
}

export interface DiskOptions {
  /** fsync latency. */
  readonly syncLatency: Distribution;
}

export type Write =
  | { readonly op: 'put'; readonly key: string; readonly value: unknown }
  | { readonly op: 'delete'; readonly key: string }
  | { readonly op: 'append'; readonly key: string; readonly items: readonly unknown[] }
  | { readonly op: 'truncate'; readonly key: string; readonly length: number };

interface Contents {
  values: Map<string, unknown>;
  logs: Map<string, unknown[]>;
}

/** The storage itself; the world wraps it in a DiskHandle bound to the node's lifecycle. */
export class Disk {
  private durable: Contents = { values: new Map(), logs: new Map() };
  private current: Contents = { values: new Map(), logs: new Map() };
  private pending: Write[] = [];
  /** Writes issued before a sync are durable once that sync completes: this counts them. */
  private durableWrites = 0;
  private issuedWrites = 0;

  get<T>(key: string): T | undefined {
    return this.current.values.get(key) as T | undefined;
  }

  log<T>(key: string): readonly T[] {
    return (this.current.logs.get(key) ?? EMPTY) as readonly T[];
  }

  write(w: Write): void {
    applyWrite(this.current, w);
    this.pending.push(w);
    this.issuedWrites++;
  }

  get unsyncedWrites(): number {
    return this.issuedWrites - this.durableWrites;
  }

  /** A sync point covering everything written so far; pass it to `complete` when the fsync lands. */
  syncPoint(): number {
    return this.issuedWrites;
  }

  /** Makes all writes up to `point` durable. Completions may arrive in any order. */
  complete(point: number): void {
    if (point <= this.durableWrites) return;
    const count = point - this.durableWrites;
    const landed = this.pending.splice(0, count);
    for (const w of landed) applyWrite(this.durable, w);
    this.durableWrites = point;
  }

  /** A crash: everything not yet durable is gone. */
  crash(): void {
    this.pending = [];
    this.issuedWrites = this.durableWrites;
    this.current = copy(this.durable);
  }

  /** Durable contents, for tests and invariants. */
  durableValue<T>(key: string): T | undefined {
    return this.durable.values.get(key) as T | undefined;
  }

  durableLog<T>(key: string): readonly T[] {
    return (this.durable.logs.get(key) ?? EMPTY) as readonly T[];
  }
}

const EMPTY: readonly unknown[] = Object.freeze([]);

function applyWrite(c: Contents, w: Write): void {
  switch (w.op) {
    case 'put':
      c.values.set(w.key, w.value);
      return;
    case 'delete':
      c.values.delete(w.key);
      return;
    case 'append': {
      let log = c.logs.get(w.key);
      if (!log) c.logs.set(w.key, (log = []));
      for (const item of w.items) log.push(item);
      return;
    }
    case 'truncate': {
      const log = c.logs.get(w.key);
      if (log && log.length > w.length) log.length = Math.max(0, w.length);
      return;
    }
  }
}

function copy(c: Contents): Contents {
  const logs = new Map<string, unknown[]>();
  for (const [k, v] of c.logs) logs.set(k, v.slice());
  return { values: new Map(c.values), logs };
}
