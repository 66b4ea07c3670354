/**
 * What each znode operation does and answers, following ZooKeeper's `DataTree` and its error
 * precedence (as this project's store does): create checks the parent (NoNode), then the name
 * (NodeExists), then the parent's kind (NoChildrenForEphemerals); delete checks existence, then the
 * version (BadVersion before NotEmpty); a malformed path, or deleting "/", is BadArguments.
 */
import { assertNever } from '../../errors.js';
import { Draft, makeNode } from './state.js';
import type { ZNode, ZState } from './state.js';
import { formatSequence, isValidPath, nameOf, parentOf, probeOf } from './paths.js';
import type { ZInput, ZResult, ZWrite } from './types.js';

const ANY_VERSION = -1;
const INT32_MAX = 0x7fffffff;

const err = (error: string): ZResult => ({ error });
const BAD_ARGUMENTS = err('BadArguments');
const NO_NODE = err('NoNode');
const NODE_EXISTS = err('NodeExists');
const BAD_VERSION = err('BadVersion');
const NOT_EMPTY = err('NotEmpty');
const NO_CHILDREN_FOR_EPHEMERALS = err('NoChildrenForEphemerals');
const DONE: ZResult = {};

/** Versions are signed 32-bit and skip -1, which means "any version" (as the store does). */
function nextVersion(version: number): number {
  const next = version === INT32_MAX ? -INT32_MAX - 1 : version + 1;
  return next === -1 ? 0 : next;
}

function nextCversion(cversion: number): number {
  return (cversion + 1) | 0;
}

/**
 * Applies `input` to `state`: the result it answers and the state after (the same object when
 * unchanged). `trackRoot` false: nothing in the history observes the root's child list or counter,
 * so they are not kept (states that differ only there are the same state to every operation).
 */
export function apply(state: ZState, input: ZInput, trackRoot = true): { readonly result: ZResult; readonly state: ZState } {
  switch (input.kind) {
    case 'get': {
      if (!isValidPath(input.path)) return { result: BAD_ARGUMENTS, state };
      const node = state.nodes.get(input.path);
      return { result: node === undefined ? NO_NODE : { data: node.data, version: node.version }, state };
    }
    case 'exists': {
      if (!isValidPath(input.path)) return { result: BAD_ARGUMENTS, state };
      const node = state.nodes.get(input.path);
      return { result: node === undefined ? { exists: false } : { exists: true, version: node.version }, state };
    }
    case 'children': {
      if (!isValidPath(input.path)) return { result: BAD_ARGUMENTS, state };
      if (!state.nodes.has(input.path)) return { result: NO_NODE, state };
      return { result: { names: childNames(state, input.path) }, state };
    }
    case 'sync':
      return { result: isValidPath(input.path) ? DONE : BAD_ARGUMENTS, state };
    case 'close-session': {
      const draft = new Draft(state);
      const owned = [...draft.paths()].filter((p) => draft.get(p)?.owner === input.owner);
      for (const path of owned) removeLeaf(draft, path, trackRoot);
      return { result: DONE, state: draft.commit() };
    }
    case 'multi': {
      const draft = new Draft(state);
      const results: ZResult[] = [];
      for (let index = 0; index < input.ops.length; index++) {
        const r = write(draft, input.ops[index] as ZWrite, trackRoot);
        if (r.error !== undefined) return { result: { error: r.error, index }, state };
        results.push(r);
      }
      return { result: { results }, state: draft.commit() };
    }
    case 'create':
    case 'set':
    case 'delete':
    case 'check': {
      const draft = new Draft(state);
      const result = write(draft, input, trackRoot);
      return { result, state: result.error === undefined ? draft.commit() : state };
    }
    default:
      return assertNever(input);
  }
}

/** Applies one write to a draft; on error the draft is untouched. */
function write(draft: Draft, op: ZWrite, trackRoot: boolean): ZResult {
  switch (op.kind) {
    case 'create': {
      const probe = probeOf(op.path, op.sequential);
      if (!isValidPath(probe)) return BAD_ARGUMENTS;
      if (probe === '/') return NODE_EXISTS;
      const parentPath = parentOf(probe);
      const parent = draft.get(parentPath);
      if (parent === undefined) return NO_NODE;
      const created = op.sequential ? op.path + formatSequence(parent.cversion) : op.path;
      if (draft.get(created) !== undefined) return NODE_EXISTS;
      if (parent.owner !== null) return NO_CHILDREN_FOR_EPHEMERALS;
      if (trackRoot || parentPath !== '/') {
        draft.put(parentPath, makeNode(parentPath, { ...parent, cversion: nextCversion(parent.cversion), children: parent.children + 1 }));
      }
      draft.put(created, makeNode(created, { data: op.data, version: 0, cversion: 0, owner: op.ephemeral ? op.owner : null, children: 0 }));
      return { path: created };
    }
    case 'set': {
      if (!isValidPath(op.path)) return BAD_ARGUMENTS;
      const node = draft.get(op.path);
      if (node === undefined) return NO_NODE;
      if (op.version !== ANY_VERSION && op.version !== node.version) return BAD_VERSION;
      const version = nextVersion(node.version);
      draft.put(op.path, makeNode(op.path, { ...node, data: op.data, version }));
      return { version };
    }
    case 'delete': {
      if (!isValidPath(op.path) || op.path === '/') return BAD_ARGUMENTS;
      const node = draft.get(op.path);
      if (node === undefined) return NO_NODE;
      if (op.version !== ANY_VERSION && op.version !== node.version) return BAD_VERSION;
      if (node.children > 0) return NOT_EMPTY;
      removeLeaf(draft, op.path, trackRoot);
      return DONE;
    }
    case 'check': {
      if (!isValidPath(op.path)) return BAD_ARGUMENTS;
      const node = draft.get(op.path);
      if (node === undefined) return NO_NODE;
      return op.version !== ANY_VERSION && op.version !== node.version ? BAD_VERSION : DONE;
    }
    default:
      return assertNever(op);
  }
}

function removeLeaf(draft: Draft, path: string, trackRoot: boolean): void {
  const parentPath = parentOf(path);
  const parent = draft.get(parentPath) as ZNode;
  draft.remove(path);
  if (trackRoot || parentPath !== '/') draft.put(parentPath, makeNode(parentPath, { ...parent, cversion: nextCversion(parent.cversion), children: parent.children - 1 }));
}

/** Child names of `path`, sorted by UTF-16 code units, joined by NUL. */
export function childNames(state: ZState, path: string): string {
  const names: string[] = [];
  for (const p of state.nodes.keys()) if (p !== '/' && parentOf(p) === path) names.push(nameOf(p));
  return names.sort().join('\u0000');
}

/** True when `actual` (what the model answers) agrees with every field `expected` (the history) records. */
export function resultMatches(actual: ZResult, expected: ZResult): boolean {
  if (actual.error !== expected.error) return false;
  if (expected.index !== undefined && actual.index !== expected.index) return false;
  if (expected.path !== undefined && actual.path !== expected.path) return false;
  if (expected.data !== undefined && actual.data !== expected.data) return false;
  if (expected.version !== undefined && actual.version !== expected.version) return false;
  if (expected.exists !== undefined && actual.exists !== expected.exists) return false;
  if (expected.names !== undefined && actual.names !== expected.names) return false;
  if (expected.results !== undefined) {
    const a = actual.results;
    if (a === undefined || a.length !== expected.results.length) return false;
    for (let i = 0; i < a.length; i++) if (!resultMatches(a[i] as ZResult, expected.results[i] as ZResult)) return false;
  }
  return true;
}
