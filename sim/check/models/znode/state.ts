/**
 * The znode tree as an immutable value: a map from path to node, copied on write, with a hash kept
 * as the XOR of the nodes' hashes so that a step rehashes only the nodes it changes.
 */
import { combine, hashString } from '../../hash.js';

export interface ZNode {
  /** Canonical JSON of the data. */
  readonly data: string;
  readonly version: number;
  /** Child creates and deletes so far (names sequential children). */
  readonly cversion: number;
  /** Owning session (canonical JSON) of an ephemeral node; `null` for a persistent one. */
  readonly owner: string | null;
  readonly children: number;
  readonly hash: number;
}

export interface ZState {
  readonly nodes: ReadonlyMap<string, ZNode>;
  readonly hash: number;
}

export function makeNode(path: string, fields: Omit<ZNode, 'hash'>): ZNode {
  let h = combine(hashString(path), hashString(fields.data));
  h = combine(h, fields.version);
  h = combine(h, fields.cversion);
  h = combine(h, fields.owner === null ? 0 : hashString(fields.owner));
  return { ...fields, hash: combine(h, fields.children) };
}

/** Only the root "/", with empty data (as the store starts). */
export function initialState(): ZState {
  const root = makeNode('/', { data: '""', version: 0, cversion: 0, owner: null, children: 0 });
  return { nodes: new Map([['/', root]]), hash: root.hash };
}

export function equalStates(a: ZState, b: ZState): boolean {
  if (a === b) return true;
  if (a.hash !== b.hash || a.nodes.size !== b.nodes.size) return false;
  for (const [path, x] of a.nodes) {
    const y = b.nodes.get(path);
    if (y === undefined || (x !== y && !sameNode(x, y))) return false;
  }
  return true;
}

function sameNode(x: ZNode, y: ZNode): boolean {
  return x.data === y.data && x.version === y.version && x.cversion === y.cversion && x.owner === y.owner && x.children === y.children;
}

/** Changes to a state, copying its map on the first write; `commit` gives the new state (or the old one, untouched). */
export class Draft {
  private nodes: Map<string, ZNode> | undefined;
  private hash: number;

  constructor(private readonly base: ZState) {
    this.hash = base.hash;
  }

  get(path: string): ZNode | undefined {
    return (this.nodes ?? this.base.nodes).get(path);
  }

  put(path: string, node: ZNode): void {
    const nodes = (this.nodes ??= new Map(this.base.nodes));
    const old = nodes.get(path);
    if (old !== undefined) this.hash ^= old.hash;
    this.hash ^= node.hash;
    nodes.set(path, node);
  }

  remove(path: string): void {
    const nodes = (this.nodes ??= new Map(this.base.nodes));
    const old = nodes.get(path);
    if (old === undefined) return;
    this.hash ^= old.hash;
    nodes.delete(path);
  }

  paths(): IterableIterator<string> {
    return (this.nodes ?? this.base.nodes).keys();
  }

  commit(): ZState {
    return this.nodes === undefined ? this.base : { nodes: this.nodes, hash: this.hash };
  }
}
