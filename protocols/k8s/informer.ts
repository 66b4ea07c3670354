/**
 * An informer-style cache of one kind of object: list (the directory's children, then each object),
 * then watch (a child watch on the directory, a data watch on each object, re-armed by every read),
 * and list again after the session is lost, after a replica holding its watches went silent, and
 * every `relistEvery` (a watch event lost on the network is otherwise never noticed). Handlers hear
 * each object added, changed and deleted, with the store positions that date the change.
 *
 * Answers can arrive out of order (the network reorders), so the cache keeps, per name, the znode
 * version it holds and the position of its last known deletion, and ignores anything older.
 */
import type { StoreSession } from '../store/session.js';
import type { ChildrenResult, GetResult, Stat } from '../store/ops.js';
import type { WatchMessage } from '../store/wire.js';
import { childPath, nameOf } from '../store/paths.js';
import type { Span } from './api.js';
import { decode, DIRECTORY } from './registry.js';
import type { Kind, ObjectOf } from './objects.js';

/** The store's dates of an object: its version, and the positions that created it and last changed it. */
export interface ObjectStat {
  readonly version: number;
  readonly czxid: number;
  readonly mzxid: number;
}

export interface InformerHandlers<T> {
  added?(obj: T, stat: ObjectStat): void;
  updated?(old: T, obj: T, stat: ObjectStat): void;
  /** `zxid`: the deletion's position when a watch told it, else a position by which it was gone. */
  deleted?(obj: T, zxid: number, exact: boolean): void;
  /** The first full list is in (and after each relist). */
  synced?(): void;
}

export interface InformerOptions {
  /** The directory whose children name the objects. Default: the kind's directory. */
  readonly dir?: string;
  /** Where the object of a name lives. Default: under `dir`. */
  readonly objectPath?: (name: string) => string;
}

interface Entry<T> {
  obj: T;
  stat: ObjectStat;
}

export class Informer<K extends Kind> {
  private readonly entries = new Map<string, Entry<ObjectOf<K>>>();
  /** Position of the last deletion seen per name (answers older than it are stale). */
  private readonly tombstones = new Map<string, number>();
  private readonly dir: string;
  private readonly objectPath: (name: string) => string;
  private listing = false;
  private pendingGets = 0;
  private hasSynced = false;
  /** Names whose get is in flight, so a burst of events reads each once. */
  private readonly reading = new Set<string>();
  /** Names with a data watch set (a get with a watch was sent since the last one fired). */
  private readonly armed = new Set<string>();
  private relistAgain = false;
  private listZxid = 0;

  constructor(
    private readonly session: StoreSession,
    readonly kind: K,
    private readonly handlers: InformerHandlers<ObjectOf<K>>,
    options: InformerOptions = {},
  ) {
    this.dir = options.dir ?? DIRECTORY[kind];
    const dir = this.dir;
    this.objectPath = options.objectPath ?? ((name) => childPath(dir, name));
  }

  /** Whether a full list has completed (since the informer started). */
  get synced(): boolean {
    return this.hasSynced;
  }

  /** The position of the last full listing of the directory. */
  get listedAt(): number {
    return this.listZxid;
  }

  get size(): number {
    return this.entries.size;
  }

  get(name: string): ObjectOf<K> | undefined {
    return this.entries.get(name)?.obj;
  }

  statOf(name: string): ObjectStat | undefined {
    return this.entries.get(name)?.stat;
  }

  /** Every cached object, by name. */
  *values(): IterableIterator<ObjectOf<K>> {
    for (const e of this.entries.values()) yield e.obj;
  }

  /** Cached objects sorted by name. */
  list(): ObjectOf<K>[] {
    return [...this.entries.keys()].sort().map((n) => this.entries.get(n)!.obj);
  }

  /** Lists everything again, re-arming every watch. */
  relist(): void {
    if (this.listing) {
      this.relistAgain = true;
      return;
    }
    this.listing = true;
    this.session.submit({ f: 'children', path: this.dir, watch: true }, (o) => {
      this.listing = false;
      if (o.type !== 'ok') return this.retryList();
      const r = o.result as ChildrenResult;
      if (r.error === 'NoNode') {
        // Not created yet: a creation watch lists it once it exists.
        this.session.submit({ f: 'exists', path: this.dir, watch: true }, (e) => {
          if (e.type === 'ok' && e.result.error === undefined && e.result.exists) this.relist();
        });
        return;
      }
      if (r.error !== undefined) return this.retryList();
      this.listZxid = Math.max(this.listZxid, o.zxid);
      this.reconcile(r.children, o.zxid, true);
      if (this.relistAgain) {
        this.relistAgain = false;
        this.relist();
      }
    });
  }

  /**
   * Lists the directory again (one read), re-arming its child watch: a lost notification of a new
   * or deleted object is noticed by the next probe instead of the next full list.
   */
  probe(): void {
    this.refreshChildren();
  }

  /** Routes a watch event; false when it is not about this informer's objects. */
  watch(event: WatchMessage): boolean {
    if (event.path === this.dir) {
      if (event.type === 'NodeChildrenChanged') this.refreshChildren();
      else if (event.type === 'NodeCreated') this.relist();
      return true;
    }
    const name = nameOf(event.path);
    if (this.objectPath(name) !== event.path) return false;
    this.armed.delete(name);
    if (event.type === 'NodeDeleted') this.remove(name, event.zxid, true);
    else if (event.type === 'NodeDataChanged' || event.type === 'NodeCreated') this.read(name);
    return true;
  }

  /** An object read outside the informer (with its stat): the cache takes it if it is newer. */
  observe(obj: ObjectOf<K>, stat: ObjectStat): void {
    this.take(obj.metadata.name, obj, stat);
  }

  /**
   * A write of the component's own that applied within `span`: the cache takes it at once when the
   * position is exact (`created`: the write made the object), so the component's next decision sees
   * it; otherwise the watch event brings it.
   */
  wrote(obj: ObjectOf<K>, span: Span, created = false): void {
    if (span.lo !== span.hi) return;
    const name = obj.metadata.name;
    const czxid = created ? span.hi : this.entries.get(name)?.stat.czxid;
    if (czxid === undefined) return;
    this.take(name, obj, { version: obj.metadata.resourceVersion, czxid, mzxid: span.hi });
  }

  /** A deletion of the component's own, applied by position `zxid`. */
  forget(name: string, zxid: number): void {
    this.remove(name, zxid, false);
  }

  private retryList(): void {
    // The session reports its own troubles (lost, watches lost) and the owner relists then; an
    // answer that is not a listing here means the store is unavailable: try again behind the queue.
    this.relist();
  }

  private refreshChildren(): void {
    if (this.listing) return;
    this.listing = true;
    this.session.submit({ f: 'children', path: this.dir, watch: true }, (o) => {
      this.listing = false;
      if (o.type !== 'ok' || o.result.error !== undefined) return this.retryList();
      this.reconcile(o.result.children, o.zxid, false);
    });
  }

  /** Brings the cache in line with a listing made at position `zxid`. */
  private reconcile(names: readonly string[], zxid: number, full: boolean): void {
    const listed = new Set(names);
    for (const [name, e] of [...this.entries]) {
      if (!listed.has(name) && e.stat.czxid <= zxid) this.remove(name, zxid, false);
    }
    // Objects this component created itself are cached already but have no watch yet.
    const wanted = full ? names : names.filter((n) => !this.armed.has(n));
    if (full) this.pendingGets += wanted.length;
    for (const name of wanted) this.read(name, full);
    if (full && wanted.length === 0) this.markSynced();
  }

  private read(name: string, counted = false): void {
    if (this.reading.has(name) && !counted) return;
    this.reading.add(name);
    this.armed.add(name);
    const path = this.objectPath(name);
    this.session.submit({ f: 'get', path, watch: true }, (o) => {
      this.reading.delete(name);
      if (counted && --this.pendingGets === 0) this.markSynced();
      if (o.type !== 'ok') return;
      const r = o.result as GetResult;
      const dead = this.tombstones.get(name);
      if (dead !== undefined && o.zxid < dead) return;
      if (r.error === 'NoNode') {
        this.remove(name, o.zxid, false);
        return;
      }
      if (r.error !== undefined) return;
      const stat = r.stat as Stat;
      this.take(name, decode<K>(path, r.data, stat), { version: stat.version, czxid: stat.czxid, mzxid: stat.mzxid });
    });
  }

  private take(name: string, obj: ObjectOf<K>, stat: ObjectStat): void {
    const dead = this.tombstones.get(name);
    if (dead !== undefined && stat.czxid < dead) return;
    const had = this.entries.get(name);
    if (had === undefined) {
      this.entries.set(name, { obj, stat });
      this.handlers.added?.(obj, stat);
      return;
    }
    // A newer incarnation of the name (re-created) or a newer version replaces the entry.
    if (stat.czxid < had.stat.czxid || (stat.czxid === had.stat.czxid && stat.version <= had.stat.version)) return;
    this.entries.set(name, { obj, stat });
    this.handlers.updated?.(had.obj, obj, stat);
  }

  private remove(name: string, zxid: number, exact: boolean): void {
    this.armed.delete(name);
    const dead = this.tombstones.get(name);
    if (dead === undefined || zxid > dead) this.tombstones.set(name, zxid);
    const had = this.entries.get(name);
    if (had === undefined || had.stat.czxid > zxid) return;
    this.entries.delete(name);
    this.handlers.deleted?.(had.obj, zxid, exact);
  }

  private markSynced(): void {
    this.hasSynced = true;
    this.handlers.synced?.();
  }
}

