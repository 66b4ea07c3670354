/**
 * Which parts of the tree each znode operation touches, so the history can be split where the
 * parts are independent. Atoms:
 * - `/a`: the subtree of the top-level node `a` (its data, versions, children, descendants);
 * - `/`: the root's own data and version (get, set, exists on "/");
 * - `/ children`: the root's child list and counter, which only `children("/")`, sequential creates
 *   directly under "/" and their names observe. When no operation observes it, top-level creates
 *   and deletes do not touch it (the root always exists and is never ephemeral), so top-level
 *   subtrees stay apart; when one does, every operation that adds or removes a top-level node joins it.
 * - A `close-session` touches every subtree where its session created an ephemeral node.
 * Operations whose answer does not depend on the state (a malformed path) touch nothing.
 * The brute-force agreement test (test/check/znode) checks this split against the whole-tree model.
 */
import { assertNever } from '../../errors.js';
import type { ZInput, ZWrite } from './types.js';
import { isSequenceName, isValidPath, parentOf, probeOf, topOf } from './paths.js';

const ROOT_DATA = '/';
const ROOT_CHILDREN = '/ children';

/** True when some operation observes the root's child list or counter: `children("/")` or a sequential create directly under "/". */
export function observesRootChildren(inputs: readonly ZInput[]): boolean {
  return inputs.some((input) => {
    if (input.kind === 'children') return input.path === '/';
    const writes = input.kind === 'multi' ? input.ops : input.kind === 'create' ? [input] : [];
    return writes.some((w) => w.kind === 'create' && w.sequential && isValidPath(probeOf(w.path, true)) && parentOf(probeOf(w.path, true)) === '/');
  });
}

export function znodeAtoms(inputs: readonly ZInput[]): readonly (readonly string[])[] {
  // Pass 1: does anything observe the root's children, and which ephemerals does each session own?
  const rootPrefixes: string[] = [];
  const observed = observesRootChildren(inputs);
  const ownedAtoms = new Map<string, Set<string>>();
  const ownsTopLevel = new Set<string>();
  const writesOf = (input: ZInput): readonly ZWrite[] => (input.kind === 'multi' ? input.ops : input.kind === 'create' || input.kind === 'set' || input.kind === 'delete' ? [input] : []);
  for (const input of inputs) {
    for (const w of writesOf(input)) {
      if (w.kind !== 'create') continue;
      const probe = probeOf(w.path, w.sequential);
      if (!isValidPath(probe) || probe === '/') continue;
      const topLevel = parentOf(probe) === '/';
      if (topLevel && w.sequential) rootPrefixes.push(w.path.slice(1));
      if (w.ephemeral) {
        let set = ownedAtoms.get(w.owner);
        if (set === undefined) ownedAtoms.set(w.owner, (set = new Set()));
        set.add(`/${topOf(probe)}`);
        if (topLevel) ownsTopLevel.add(w.owner);
      }
    }
  }
  // A top-level name a root-level sequential create may have made belongs with the root's children.
  const subtree = (path: string): string[] => {
    const top = topOf(path);
    const atom = `/${top}`;
    return observed && rootPrefixes.some((prefix) => isSequenceName(top, prefix)) ? [atom, ROOT_CHILDREN] : [atom];
  };
  const ofWrite = (w: ZWrite): string[] => {
    const probe = w.kind === 'create' ? probeOf(w.path, w.sequential) : w.path;
    if (!isValidPath(probe)) return [];
    if (probe === '/') return w.kind === 'set' || w.kind === 'check' ? [ROOT_DATA] : [];
    const atoms = w.kind === 'create' && w.sequential && parentOf(probe) === '/' ? [ROOT_CHILDREN] : subtree(probe);
    if (observed && (w.kind === 'create' || w.kind === 'delete') && parentOf(probe) === '/') atoms.push(ROOT_CHILDREN);
    return atoms;
  };
  return inputs.map((input): readonly string[] => {
    switch (input.kind) {
      case 'get':
      case 'exists':
      case 'sync':
        if (!isValidPath(input.path)) return [];
        return input.path === '/' ? [ROOT_DATA] : subtree(input.path);
      case 'children':
        if (!isValidPath(input.path)) return [];
        return input.path === '/' ? [ROOT_CHILDREN] : subtree(input.path);
      case 'create':
      case 'set':
      case 'delete':
      case 'check':
        return ofWrite(input);
      case 'multi':
        return input.ops.flatMap(ofWrite);
      case 'close-session': {
        const atoms = [...(ownedAtoms.get(input.owner) ?? [])];
        if (observed && ownsTopLevel.has(input.owner)) atoms.push(ROOT_CHILDREN);
        return atoms;
      }
      default:
        return assertNever(input);
    }
  });
}
