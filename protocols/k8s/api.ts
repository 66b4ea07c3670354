/**
 * The small API client every component shares: the mock's API server, running in the client over
 * a store session. Objects are read and written as znodes (registry.ts); every update is a
 * compare-and-set on the resourceVersion the writer read, and `mutate` re-reads and retries on a
 * conflict (the API server's GuaranteedUpdate); a generated name is a sequential create; a binding
 * is a create-once write. The client also does what admission and the API server would: it assigns
 * uids, creation times and generations, and adds the default NoExecute tolerations to new pods.
 *
 * Every result of a write carries the span of store positions at which it applied (see
 * `StoreSession`): exact for a fresh answer, an interval for a retried one. Components report the
 * spans with their `k8s.*` facts, so the invariants can order writes by the store's own order.
 */
import type { StoreSession, Outcome } from '../store/session.js';
import type { CreateResult, DeleteResult, GetResult, MultiResult, SetResult, Stat, SubOp } from '../store/ops.js';
import { ANY_VERSION } from '../store/ops.js';
import { nameOf } from '../store/paths.js';
import type { Kind, ObjectOf, Pod } from './objects.js';
import { bindingPath, decode, DIRECTORY, encode, LAYOUT, nodePodPath, pathOf, REGISTRY } from './registry.js';
import { DEFAULT_TOLERATION_SECONDS, withDefaultTolerations } from './taints.js';

/** The store positions between which a write applied; `lo === hi` when known exactly. */
export interface Span {
  readonly lo: number;
  readonly hi: number;
}

export type WriteResult<T> =
  | { readonly kind: 'ok'; readonly obj: T; readonly span: Span }
  /** `mutate` found nothing to change: the object as read. */
  | { readonly kind: 'unchanged'; readonly obj: T }
  /** The object changed since it was read (BadVersion). */
  | { readonly kind: 'conflict' }
  /** It already exists (a create), or the pod is already bound (a binding). */
  | { readonly kind: 'exists' }
  /** It does not exist (NoNode). */
  | { readonly kind: 'missing' }
  /** The session ended before the write: it did not apply. */
  | { readonly kind: 'expired' }
  /** No answer in time: it may or may not have applied, after position `lo`. */
  | { readonly kind: 'unknown'; readonly lo: number }
  | { readonly kind: 'error'; readonly error: string };

export type ReadResult<T> =
  | { readonly kind: 'ok'; readonly obj: T; readonly stat: Stat; readonly zxid: number }
  | { readonly kind: 'missing'; readonly zxid: number }
  | { readonly kind: 'unknown' }
  | { readonly kind: 'error'; readonly error: string };

/** What uids are made from: the actor's id and random stream (so uids differ across restarts), and its clock. */
export interface UidSource {
  readonly id: string;
  random(): number;
  /** The creator's clock, microseconds. */
  now(): number;
}

/** How many times `mutate` re-reads after a conflict before it reports the conflict. */
const MAX_ATTEMPTS = 16;

export class ApiClient {
  private uids = 0;
  private readonly incarnation: string;

  constructor(
    readonly session: StoreSession,
    private readonly source: UidSource,
    /** Admission's not-ready/unreachable toleration for new pods, seconds. */
    private readonly tolerationSeconds = DEFAULT_TOLERATION_SECONDS,
  ) {
    this.incarnation = Math.floor(source.random() * 0x1_0000_0000).toString(16).padStart(8, '0');
  }

  /** Makes sure the registry's directories exist; `done` when they all do (or the outcome is unknown). */
  ensureLayout(done: () => void): void {
    let left = LAYOUT.length;
    for (const path of LAYOUT) this.session.submit({ f: 'create', path, data: '', mode: 'persistent' }, () => --left === 0 && done());
  }

  /** Makes sure a directory of the caller's own exists. */
  ensureDirectory(path: string, done: () => void): void {
    this.session.submit({ f: 'create', path, data: '', mode: 'persistent' }, (o) => (o.type === 'unknown' ? this.ensureDirectory(path, done) : done()));
  }

  /**
   * A write through the store's log that changes nothing (a create of the registry, which exists):
   * once it is answered, every write this session sent before it has applied or never will (the log
   * orders it after them, or a newer leader's log replaced them). `done(false)` when unanswered.
   */
  barrier(done: (ok: boolean) => void): void {
    this.session.submit({ f: 'create', path: REGISTRY, data: '', mode: 'persistent' }, (o) => done(o.type === 'ok' && o.result.error !== 'SessionExpired'));
  }

  get<K extends Kind>(kind: K, name: string, done: (r: ReadResult<ObjectOf<K>>) => void, watch = false): void {
    this.read(pathOf(kind, name), done, watch);
  }

  /** Reads the object at `path` (of any kind the caller knows). */
  read<T>(path: string, done: (r: ReadResult<T>) => void, watch = false): void {
    this.session.submit({ f: 'get', path, watch }, (o) => done(readResult<T>(path, o)));
  }

  /**
   * Creates an object. With `metadata.generateName` and no name, the name is the prefix plus the
   * store's sequence number (a sequential create).
   */
  create<K extends Kind>(obj: Omit<ObjectOf<K>, 'metadata'> & { readonly metadata: Partial<ObjectOf<K>['metadata']> }, done: (r: WriteResult<ObjectOf<K>>) => void): void {
    const kind = obj.kind as K;
    const meta = obj.metadata;
    const generated = (meta.name === undefined || meta.name === '') && meta.generateName !== undefined;
    const full = this.admit({
      ...obj,
      metadata: { ...meta, name: meta.name ?? '', uid: meta.uid ?? this.uid(), resourceVersion: 0, generation: 1, creationTimestamp: meta.creationTimestamp ?? this.source.now() },
    } as ObjectOf<K>);
    const path = generated ? `${DIRECTORY[kind]}/${meta.generateName}` : pathOf(kind, full.metadata.name);
    this.session.submit({ f: 'create', path, data: encode(full), mode: generated ? 'persistent-sequential' : 'persistent' }, (o) => {
      const r = writeResult(o, (res: CreateResult) => ({ ...full, metadata: { ...full.metadata, name: nameOf((res as { path: string }).path), resourceVersion: 0 } }) as ObjectOf<K>);
      done(r);
    });
  }

  /** Writes `next` if the stored object still has `next`'s resourceVersion; the generation moves when the spec changed from `prev`. */
  update<K extends Kind>(prev: ObjectOf<K>, next: ObjectOf<K>, done: (r: WriteResult<ObjectOf<K>>) => void): void {
    const changedSpec = 'spec' in prev && 'spec' in next && JSON.stringify(prev.spec) !== JSON.stringify(next.spec);
    const written = { ...next, metadata: { ...next.metadata, generation: next.metadata.generation + (changedSpec ? 1 : 0) } } as ObjectOf<K>;
    const version = prev.metadata.resourceVersion;
    this.session.submit({ f: 'set', path: pathOf(next.kind, next.metadata.name), data: encode(written), version }, (o) => {
      done(writeResult(o, (res: SetResult) => ({ ...written, metadata: { ...written.metadata, resourceVersion: (res as { version: number }).version } }) as ObjectOf<K>));
    });
  }

  /**
   * Reads the object, applies `change` and writes it back with a compare-and-set; on a conflict,
   * reads again and retries. `change` returning undefined means nothing to write (`done` gets the
   * object as read, `unchanged`).
   */
  mutate<K extends Kind>(kind: K, name: string, change: (current: ObjectOf<K>) => ObjectOf<K> | undefined, done: (r: WriteResult<ObjectOf<K>>) => void, attempt = 1): void {
    this.get(kind, name, (r) => {
      if (r.kind === 'missing') return done({ kind: 'missing' });
      if (r.kind === 'unknown') return done({ kind: 'unknown', lo: this.session.seen + 1 });
      if (r.kind === 'error') return done({ kind: 'error', error: r.error });
      const next = change(r.obj);
      if (next === undefined) return done({ kind: 'unchanged', obj: r.obj });
      this.update(r.obj, next, (w) => {
        if (w.kind === 'conflict' && attempt < MAX_ATTEMPTS) this.mutate(kind, name, change, done, attempt + 1);
        else done(w);
      });
    });
  }

  /** Deletes an object (any version when `version` is -1). */
  delete(kind: Kind, name: string, version: number, done: (r: WriteResult<undefined>) => void): void {
    this.session.submit({ f: 'delete', path: pathOf(kind, name), version }, (o) => done(writeResult(o, (_res: DeleteResult) => undefined)));
  }

  /**
   * Deletes a pod as it was read (a conflict if it changed since), with its binding and its entry in
   * its node's index, in one multi.
   */
  deletePod(pod: Pod, done: (r: WriteResult<undefined>) => void): void {
    const ops: SubOp[] = [{ op: 'delete', path: pathOf('Pod', pod.metadata.name), version: pod.metadata.resourceVersion }];
    const node = pod.spec.nodeName;
    if (node !== undefined) {
      ops.push({ op: 'delete', path: bindingPath(pod.metadata.name), version: ANY_VERSION });
      ops.push({ op: 'delete', path: nodePodPath(node, pod.metadata.name), version: ANY_VERSION });
    }
    this.session.submit({ f: 'multi', ops }, (o) => done(writeResult(o, (_res: MultiResult) => undefined)));
  }

  /**
   * Binds a pod to a node, in one multi: creates its binding (once ever: a second binding finds it
   * and fails with `exists`), sets `spec.nodeName` on the pod as read (a conflict if it changed),
   * and indexes it under its node.
   */
  bind(pod: Pod, node: string, done: (r: WriteResult<Pod>) => void): void {
    const bound: Pod = { ...pod, spec: { ...pod.spec, nodeName: node } };
    const name = pod.metadata.name;
    const ops: SubOp[] = [
      { op: 'create', path: bindingPath(name), data: node, mode: 'persistent' },
      { op: 'set', path: pathOf('Pod', name), data: encode(bound), version: pod.metadata.resourceVersion },
      { op: 'create', path: nodePodPath(node, name), data: '', mode: 'persistent' },
    ];
    this.session.submit({ f: 'multi', ops }, (o) => {
      done(writeResult(o, (res: MultiResult) => {
        const set = (res as { results: readonly { version?: number }[] }).results[1];
        return { ...bound, metadata: { ...bound.metadata, resourceVersion: set?.version ?? pod.metadata.resourceVersion + 1 } };
      }));
    });
  }

  private uid(): string {
    return `${this.source.id}-${this.incarnation}-${++this.uids}`;
  }

  /** What admission does to a new object: pods get the default not-ready/unreachable tolerations. */
  private admit<K extends Kind>(obj: ObjectOf<K>): ObjectOf<K> {
    if (obj.kind !== 'Pod') return obj;
    const pod = obj as Pod;
    return { ...pod, spec: { ...pod.spec, tolerations: withDefaultTolerations(pod.spec.tolerations, this.tolerationSeconds) } } as ObjectOf<K>;
  }
}

/** A write's outcome as a `WriteResult`; `value` builds the success value from the store's result. */
export function writeResult<R extends { readonly error?: string }, T>(o: Outcome<R>, value: (result: R) => T): WriteResult<T> {
  switch (o.type) {
    case 'unknown':
      return { kind: 'unknown', lo: o.lo };
    case 'fail':
      return { kind: 'error', error: 'refused' };
    case 'ok': {
      const error = o.result.error;
      if (error === undefined) return { kind: 'ok', obj: value(o.result), span: { lo: o.exact ? o.zxid : o.lo, hi: o.zxid } };
      switch (error) {
        case 'BadVersion':
          return { kind: 'conflict' };
        case 'NodeExists':
          return { kind: 'exists' };
        case 'NoNode':
          return { kind: 'missing' };
        case 'SessionExpired':
          return { kind: 'expired' };
        default:
          return { kind: 'error', error };
      }
    }
  }
}

function readResult<T>(path: string, o: Outcome<GetResult>): ReadResult<T> {
  switch (o.type) {
    case 'unknown':
    case 'fail':
      return { kind: 'unknown' };
    case 'ok': {
      const r = o.result;
      if (r.error === 'NoNode') return { kind: 'missing', zxid: o.zxid };
      if (r.error !== undefined) return { kind: 'error', error: r.error };
      const stat = r.stat!;
      return { kind: 'ok', obj: decode(path, r.data, stat) as T, stat, zxid: o.zxid };
    }
  }
}
