/**
 * A problem with a scenario file, located: the file, the line (when known), the field path, what
 * was expected and what was found. Maps to exit 2.
 */
export class ScenarioError extends Error {
  readonly code = 'bad-input' as const;
  constructor(
    readonly file: string,
    readonly path: string,
    readonly line: number | undefined,
    readonly detail: string,
  ) {
    super(`${file}${line === undefined ? '' : `:${line}`}: ${path ? `${path}: ` : ''}${detail}`);
    this.name = 'ScenarioError';
  }
}

/** `nemesis[0].partition[1][0]` from a path of keys and indexes. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const p of path) out += typeof p === 'number' ? `[${p}]` : out ? `.${String(p)}` : String(p);
  return out;
}
