/**
 * One znode as the tree holds it (mutable, private to the tree) and as a snapshot records it
 * (`ZnodeRecord`, plain JSON). Also the per-node digest and the derived `Stat`.
 */
import type { Zxid } from './ids.js';
import type { Stat } from './ops.js';
import { Hasher } from './digest.js';

/** A node's own state: what snapshots record and the digest covers. Children are implied by other nodes. */
export interface ZnodeRecord extends Pick<Stat, 'version' | 'cversion' | 'czxid' | 'mzxid' | 'pzxid' | 'ephemeralOwner'> {
  readonly path: string;
  readonly data: string;
}

/** The fields a write may change; the undo journal saves and restores exactly these. */
export type ZnodeFields = Pick<ZnodeRecord, 'data' | 'version' | 'cversion' | 'mzxid' | 'pzxid'>;

/** A live node: its record fields made writable, plus its child names and cached derived values. */
export interface Znode extends ZnodeRecord {
  data: string;
  version: number;
  cversion: number;
  mzxid: Zxid;
  pzxid: Zxid;
  /** Names of the children (not paths). A Set: iteration order is never observable (always sorted). */
  readonly children: Set<string>;
  /** `children` sorted, computed on demand and dropped when a child is added or removed. */
  sorted: readonly string[] | undefined;
  /** UTF-8 length of `data`, kept with it so `get` does not recount. */
  dataLength: number;
  /** This node's current contribution to the tree digest. */
  hashA: number;
  hashB: number;
}

/** A fresh node built from a record (no children yet); its hash is computed. */
export function makeZnode(record: ZnodeRecord): Znode {
  const node: Znode = {
    path: record.path,
    data: record.data,
    version: record.version,
    cversion: record.cversion,
    czxid: record.czxid,
    mzxid: record.mzxid,
    pzxid: record.pzxid,
    ephemeralOwner: record.ephemeralOwner,
    children: new Set(),
    sorted: undefined,
    dataLength: utf8Length(record.data),
    hashA: 0,
    hashB: 0,
  };
  rehash(node);
  return node;
}

/** Recomputes the node's digest contribution after its fields changed. */
export function rehash(node: Znode): void {
  HASHER.reset()
    .str(node.path)
    .str(node.data)
    .int(node.version)
    .int(node.cversion)
    .int(node.czxid)
    .int(node.mzxid)
    .int(node.pzxid)
    .int(node.ephemeralOwner);
  node.hashA = HASHER.laneA();
  node.hashB = HASHER.laneB();
}

/** The node's record: a copy, safe to hand out or serialise. */
export function recordOf(node: Znode): ZnodeRecord {
  return {
    path: node.path,
    data: node.data,
    version: node.version,
    cversion: node.cversion,
    czxid: node.czxid,
    mzxid: node.mzxid,
    pzxid: node.pzxid,
    ephemeralOwner: node.ephemeralOwner,
  };
}

/** The writable fields, saved before a change inside a `multi` so it can be rolled back. */
export function fieldsOf(node: Znode): ZnodeFields {
  return { data: node.data, version: node.version, cversion: node.cversion, mzxid: node.mzxid, pzxid: node.pzxid };
}

/** The node's stat as clients see it. */
export function statOf(node: Znode): Stat {
  return {
    version: node.version,
    cversion: node.cversion,
    czxid: node.czxid,
    mzxid: node.mzxid,
    pzxid: node.pzxid,
    ephemeralOwner: node.ephemeralOwner,
    numChildren: node.children.size,
    dataLength: node.dataLength,
  };
}

/**
 * The child names, sorted by UTF-16 code units (deterministic, locale-free), cached until they
 * change. The array is frozen because results share it: a change builds a new one.
 */
export function sortedChildren(node: Znode): readonly string[] {
  node.sorted ??= Object.freeze([...node.children].sort());
  return node.sorted;
}

/**
 * The data version after a successful write. Versions are signed 32-bit in ZooKeeper: past the
 * maximum they wrap to the minimum, and -1 is skipped because it means "any version"
 * (ZOOKEEPER-4743).
 */
export function nextVersion(version: number): number {
  const next = version === INT32_MAX ? INT32_MIN : version + 1;
  return next === -1 ? 0 : next;
}

/** The parent's child counter after a child create or delete: a signed 32-bit counter that wraps. */
export function nextCversion(cversion: number): number {
  return (cversion + 1) | 0;
}

/** Bytes of `s` in UTF-8 (ZooKeeper's `dataLength` counts bytes). Lone surrogates count as U+FFFD. */
export function utf8Length(s: string): number {
  let bytes = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length && isLowSurrogate(s.charCodeAt(i + 1))) {
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return bytes;
}

function isLowSurrogate(c: number): boolean {
  return c >= 0xdc00 && c <= 0xdfff;
}

const INT32_MAX = 2_147_483_647;
const INT32_MIN = -2_147_483_648;
const HASHER = new Hasher();
