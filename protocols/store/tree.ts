/**
 * The znode tree: ZooKeeper's `DataTree` semantics, evaluated at apply time (protocols.md §1.5, §2.8).
 *
 * Cost per operation is proportional to the path and data it touches: nodes are found by full path,
 * each node keeps its child names, ephemerals are indexed by owning session, and the digest is
 * maintained incrementally. Writes report their `Change`s into a caller-supplied array, in the order
 * ZooKeeper triggers watches. `multi` runs its sub-operations against the live tree while journalling
 * how to undo each change, and rolls them back if one fails.
 */
import type { Change } from './changes.js';
import type { SessionId, Zxid } from './ids.js';
import { ZXID_ZERO } from './ids.js';
import { assertNever } from '../../sim/errors.js';
import type {
  CheckResult,
  ChildrenResult,
  CreateMode,
  CreateResult,
  DeleteResult,
  ExistsResult,
  GetResult,
  MultiResult,
  SetResult,
  SubOp,
  SubResult,
  ZkError,
} from './ops.js';
import { ANY_VERSION, isError, modeFlags } from './ops.js';
import {
  BAD_ARGUMENTS,
  BAD_VERSION,
  DONE,
  NO_CHILDREN_FOR_EPHEMERALS,
  NO_NODE,
  NODE_EXISTS,
  NOT_EMPTY,
} from './answers.js';
import { formatSequence, isValidPath, nameOf, parentOf, sequentialProbe } from './paths.js';
import type { Znode, ZnodeFields, ZnodeRecord } from './znode.js';
import { fieldsOf, makeZnode, nextCversion, nextVersion, recordOf, rehash, sortedChildren, statOf, utf8Length } from './znode.js';
import { DigestSum } from './digest.js';

/** One step of the `multi` undo journal. */
type Undo =
  | { readonly kind: 'added'; readonly node: Znode }
  | { readonly kind: 'removed'; readonly node: Znode }
  | { readonly kind: 'updated'; readonly node: Znode; readonly before: ZnodeFields };

export class ZnodeTree {
  private readonly nodes = new Map<string, Znode>();
  private readonly ephemerals = new Map<SessionId, Set<string>>();
  private readonly sum = new DigestSum();
  /** Set while a `multi` runs: every change pushes its inverse here. */
  private journal: Undo[] | undefined;

  /** A tree holding only the root "/" (empty data, all counters and zxids 0). */
  constructor() {
    this.attach(makeZnode(ROOT));
  }

  /** Rebuilds a tree from records sorted by path (as `records()` gives them). A malformed list is a bug. */
  static fromRecords(records: readonly ZnodeRecord[]): ZnodeTree {
    const tree = new ZnodeTree();
    const [root, ...rest] = records;
    if (root?.path !== '/') throw new Error('store: snapshot must start with the root node "/"');
    tree.detachRoot();
    tree.attach(makeZnode(root));
    for (const record of rest) {
      if (!isValidPath(record.path) || tree.nodes.has(record.path)) throw new Error(`store: bad snapshot path ${record.path}`);
      const parent = tree.nodes.get(parentOf(record.path));
      if (parent === undefined || parent.ephemeralOwner !== 0) throw new Error(`store: snapshot node ${record.path} has no valid parent`);
      tree.attach(makeZnode(record));
    }
    return tree;
  }

  /** Number of nodes, the root included. */
  get size(): number {
    return this.nodes.size;
  }

  /** The digest of the whole tree, as two 32-bit lanes. */
  digestLanes(): readonly [number, number] {
    return [this.sum.a, this.sum.b];
  }

  /** Every node's record, sorted by path (so each parent precedes its children). */
  records(): ZnodeRecord[] {
    const paths = [...this.nodes.keys()].sort();
    return paths.map((path) => recordOf(this.mustGet(path)));
  }

  /** Paths of the ephemeral nodes owned by `session`, sorted. */
  ephemeralsOf(session: SessionId): string[] {
    return [...(this.ephemerals.get(session) ?? [])].sort();
  }

  // ---------------------------------------------------------------------------------------------
  // Reads

  get(path: string): GetResult {
    if (!isValidPath(path)) return BAD_ARGUMENTS;
    const node = this.nodes.get(path);
    if (node === undefined) return NO_NODE;
    return { data: node.data, version: node.version, stat: statOf(node) };
  }

  exists(path: string): ExistsResult {
    if (!isValidPath(path)) return BAD_ARGUMENTS;
    const node = this.nodes.get(path);
    return node === undefined ? { exists: false } : { exists: true, version: node.version };
  }

  children(path: string): ChildrenResult {
    if (!isValidPath(path)) return BAD_ARGUMENTS;
    const node = this.nodes.get(path);
    return node === undefined ? NO_NODE : { children: sortedChildren(node) };
  }

  // ---------------------------------------------------------------------------------------------
  // Writes: `owner` is the requesting session (it owns ephemerals), `zxid` the command's position.

  create(path: string, data: string, mode: CreateMode, owner: SessionId, zxid: Zxid, out: Change[]): CreateResult {
    const { sequential, ephemeral } = modeFlags(mode);
    const probe = sequential ? sequentialProbe(path) : path;
    if (!isValidPath(probe)) return BAD_ARGUMENTS;
    if (probe === '/') return NODE_EXISTS;
    const parentPath = parentOf(probe);
    const parent = this.nodes.get(parentPath);
    if (parent === undefined) return NO_NODE;
    // ZooKeeper names a sequential node from the parent's cversion *before* this create bumps it.
    const created = sequential ? path + formatSequence(parent.cversion) : path;
    // For a sequential create this only happens when a client made that exact name itself; ZooKeeper
    // answers NodeExists then too.
    if (this.nodes.has(created)) return NODE_EXISTS;
    if (parent.ephemeralOwner !== 0) return NO_CHILDREN_FOR_EPHEMERALS;
    this.update(parent, { cversion: nextCversion(parent.cversion), pzxid: zxid });
    const node = makeZnode({
      path: created,
      data,
      version: 0,
      cversion: 0,
      czxid: zxid,
      mzxid: zxid,
      pzxid: zxid,
      ephemeralOwner: ephemeral ? owner : 0,
    });
    this.attach(node);
    this.journal?.push({ kind: 'added', node });
    out.push({ type: 'NodeCreated', path: created }, { type: 'NodeChildrenChanged', path: parentPath });
    return { path: created };
  }

  set(path: string, data: string, version: number, zxid: Zxid, out: Change[]): SetResult {
    if (!isValidPath(path)) return BAD_ARGUMENTS;
    const node = this.nodes.get(path);
    if (node === undefined) return NO_NODE;
    if (version !== ANY_VERSION && version !== node.version) return BAD_VERSION;
    this.update(node, { data, version: nextVersion(node.version), mzxid: zxid });
    out.push({ type: 'NodeDataChanged', path });
    return { version: node.version };
  }

  /** Deleting the root is refused with `BadArguments`: the tree always has a root. */
  delete(path: string, version: number, zxid: Zxid, out: Change[]): DeleteResult {
    if (!isValidPath(path) || path === '/') return BAD_ARGUMENTS;
    const node = this.nodes.get(path);
    if (node === undefined) return NO_NODE;
    // ZooKeeper checks the version before emptiness, so a stale version wins over NotEmpty.
    if (version !== ANY_VERSION && version !== node.version) return BAD_VERSION;
    if (node.children.size > 0) return NOT_EMPTY;
    this.removeLeaf(node, zxid, out);
    return DONE;
  }

  /** The version assertion of `multi`: no change, only NoNode or BadVersion. */
  check(path: string, version: number): CheckResult {
    if (!isValidPath(path)) return BAD_ARGUMENTS;
    const node = this.nodes.get(path);
    if (node === undefined) return NO_NODE;
    return version !== ANY_VERSION && version !== node.version ? BAD_VERSION : DONE;
  }

  /**
   * All-or-nothing: sub-operations run in order, each seeing the effects of the earlier ones (all
   * with the same zxid, as one ZooKeeper txn). The first failure undoes everything and answers
   * `{ error, index }`; `out` then gets no changes.
   */
  multi(ops: readonly SubOp[], owner: SessionId, zxid: Zxid, out: Change[]): MultiResult {
    if (this.journal !== undefined) throw new Error('store: nested multi');
    const mark = out.length;
    const journal: Undo[] = [];
    const results: SubResult[] = [];
    this.journal = journal;
    try {
      for (let index = 0; index < ops.length; index++) {
        const result = this.subOp(ops[index] as SubOp, owner, zxid, out);
        if (isError(result)) {
          this.journal = undefined;
          this.rollback(journal);
          out.length = mark;
          return { error: result.error, index };
        }
        results.push(result);
      }
    } finally {
      this.journal = undefined;
    }
    return { results };
  }

  /**
   * Deletes every ephemeral node of `session` (in path order), as a session close or expiry does,
   * bumping each parent's cversion and reporting the changes. Returns the deleted paths.
   */
  deleteEphemerals(session: SessionId, zxid: Zxid, out: Change[]): string[] {
    const paths = this.ephemeralsOf(session);
    for (const path of paths) this.removeLeaf(this.mustGet(path), zxid, out);
    return paths;
  }

  // ---------------------------------------------------------------------------------------------
  // Internals

  private subOp(op: SubOp, owner: SessionId, zxid: Zxid, out: Change[]): SubResult | { readonly error: ZkError } {
    switch (op.op) {
      case 'create':
        return this.create(op.path, op.data, op.mode, owner, zxid, out);
      case 'set':
        return this.set(op.path, op.data, op.version, zxid, out);
      case 'delete':
        return this.delete(op.path, op.version, zxid, out);
      case 'check':
        return this.check(op.path, op.version);
      default:
        return assertNever(op);
    }
  }

  private removeLeaf(node: Znode, zxid: Zxid, out: Change[]): void {
    const parentPath = parentOf(node.path);
    const parent = this.mustGet(parentPath);
    this.detach(node);
    this.journal?.push({ kind: 'removed', node });
    this.update(parent, { cversion: nextCversion(parent.cversion), pzxid: zxid });
    out.push({ type: 'NodeDeleted', path: node.path }, { type: 'NodeChildrenChanged', path: parentPath });
  }

  /** Changes some of a node's fields, journalling the old values and keeping the digest current. */
  private update(node: Znode, patch: Partial<ZnodeFields>): void {
    this.journal?.push({ kind: 'updated', node, before: fieldsOf(node) });
    this.assign(node, patch);
  }

  private assign(node: Znode, patch: Partial<ZnodeFields>): void {
    this.sum.subtract(node.hashA, node.hashB);
    Object.assign(node, patch);
    if (patch.data !== undefined) node.dataLength = utf8Length(patch.data);
    rehash(node);
    this.sum.add(node.hashA, node.hashB);
  }

  /** Links a childless node into the maps, its parent's children, the ephemeral index and the digest. */
  private attach(node: Znode): void {
    this.nodes.set(node.path, node);
    if (node.path !== '/') {
      const parent = this.mustGet(parentOf(node.path));
      parent.children.add(nameOf(node.path));
      parent.sorted = undefined;
    }
    if (node.ephemeralOwner !== 0) {
      let owned = this.ephemerals.get(node.ephemeralOwner);
      if (owned === undefined) this.ephemerals.set(node.ephemeralOwner, (owned = new Set()));
      owned.add(node.path);
    }
    this.sum.add(node.hashA, node.hashB);
  }

  /** The inverse of `attach`, for a node without children. */
  private detach(node: Znode): void {
    this.nodes.delete(node.path);
    const parent = this.mustGet(parentOf(node.path));
    parent.children.delete(nameOf(node.path));
    parent.sorted = undefined;
    if (node.ephemeralOwner !== 0) {
      const owned = this.ephemerals.get(node.ephemeralOwner);
      owned?.delete(node.path);
      if (owned?.size === 0) this.ephemerals.delete(node.ephemeralOwner);
    }
    this.sum.subtract(node.hashA, node.hashB);
  }

  private detachRoot(): void {
    const root = this.mustGet('/');
    this.nodes.delete('/');
    this.sum.subtract(root.hashA, root.hashB);
  }

  private rollback(journal: readonly Undo[]): void {
    for (let i = journal.length - 1; i >= 0; i--) {
      const step = journal[i] as Undo;
      switch (step.kind) {
        case 'added':
          this.detach(step.node);
          break;
        case 'removed':
          this.attach(step.node);
          break;
        case 'updated':
          this.assign(step.node, step.before);
          break;
        default:
          assertNever(step);
      }
    }
  }

  private mustGet(path: string): Znode {
    const node = this.nodes.get(path);
    if (node === undefined) throw new Error(`store: tree invariant broken, no node ${path}`);
    return node;
  }
}

const ROOT: ZnodeRecord = {
  path: '/',
  data: '',
  version: 0,
  cversion: 0,
  czxid: ZXID_ZERO,
  mzxid: ZXID_ZERO,
  pzxid: ZXID_ZERO,
  ephemeralOwner: 0,
};
