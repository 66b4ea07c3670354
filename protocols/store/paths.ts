/**
 * Znode path rules. A path is absolute, has no trailing slash (except the root "/"), no empty
 * components, no "." or ".." components and no NUL character, as ZooKeeper's `PathUtils.validatePath`
 * requires. The store answers a malformed path with the error value `BadArguments` (the machine is
 * replicated, so a bad request must not crash every replica); the client library can call
 * `checkPath` first to reject it without a round trip.
 */

/** Why `path` is not a valid znode path, or `undefined` when it is. */
export function checkPath(path: string): string | undefined {
  if (path.length === 0) return 'path is empty';
  if (path.charCodeAt(0) !== SLASH) return 'path must start with "/"';
  if (path.length === 1) return undefined;
  if (path.charCodeAt(path.length - 1) === SLASH) return 'path must not end with "/"';
  if (path.includes('\u0000')) return 'path must not contain NUL';
  let start = 1;
  while (start <= path.length) {
    let end = path.indexOf('/', start);
    if (end === -1) end = path.length;
    const component = path.slice(start, end);
    if (component.length === 0) return 'path has an empty component';
    if (component === '.' || component === '..') return `path has a relative component "${component}"`;
    start = end + 1;
  }
  return undefined;
}

/** True when `path` is a valid znode path. */
export function isValidPath(path: string): boolean {
  return checkPath(path) === undefined;
}

/**
 * The path a sequential create is validated as: the requested prefix followed by a digit, because
 * ZooKeeper lets a sequential prefix end in "/" (`create("/queue/", ...)` names `/queue/0000000007`).
 */
export function sequentialProbe(prefix: string): string {
  return prefix + '0';
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

/** The path of child `name` under `parent`. */
export function childPath(parent: string, name: string): string {
  return parent === '/' ? `/${name}` : `${parent}/${name}`;
}

/**
 * The suffix of a sequential node: the parent's cversion as Java's `%010d` formats it, so a
 * (signed 32-bit) counter that overflowed to a negative value keeps the sign: `-000000005`.
 */
export function formatSequence(counter: number): string {
  return counter < 0 ? `-${String(-counter).padStart(9, '0')}` : String(counter).padStart(10, '0');
}

const SLASH = 0x2f;
