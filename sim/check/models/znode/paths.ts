/** Znode path rules, as ZooKeeper's `PathUtils.validatePath` and this project's store apply them. */

/** True for an absolute path without trailing slash (except "/"), empty, "." or ".." components, or NUL. */
export function isValidPath(path: string): boolean {
  if (path.length === 0 || path.charCodeAt(0) !== 0x2f) return false;
  if (path.length === 1) return true;
  if (path.charCodeAt(path.length - 1) === 0x2f || path.includes('\u0000')) return false;
  for (const component of path.slice(1).split('/')) {
    if (component.length === 0 || component === '.' || component === '..') return false;
  }
  return true;
}

/** The parent of a valid, non-root path. */
export function parentOf(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash <= 0 ? '/' : path.slice(0, slash);
}

/** The last component of a valid, non-root path. */
export function nameOf(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/** The first component of a valid, non-root path: `/a/b` → `a`. */
export function topOf(path: string): string {
  const slash = path.indexOf('/', 1);
  return slash < 0 ? path.slice(1) : path.slice(1, slash);
}

/** The path a sequential create is validated as (a prefix may end in "/": `/queue/` names `/queue/0000000007`). */
export function probeOf(path: string, sequential: boolean): string {
  return sequential ? `${path}0` : path;
}

/** A sequential node's suffix: the parent's cversion as Java's `%010d` writes it (keeping a sign). */
export function formatSequence(counter: number): string {
  return counter < 0 ? `-${String(-counter).padStart(9, '0')}` : String(counter).padStart(10, '0');
}

/** True when `name` is `prefix` followed by a sequence suffix. */
export function isSequenceName(name: string, prefix: string): boolean {
  if (!name.startsWith(prefix) || name.length !== prefix.length + 10) return false;
  const suffix = name.slice(prefix.length);
  return /^(\d{10}|-\d{9})$/.test(suffix);
}
