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
    /** What the message names as the place of the problem; default `file:line: path`. */
    where = `${file}${line === undefined ? '' : `:${line}`}${path ? `: ${path}` : ''}`,
  ) {
    super(`${where}: ${detail}`);
    this.name = 'ScenarioError';
  }

  /** A problem with a command-line flag that overrides the file (`--mutant R99`): no line of the file is to blame. */
  static flag(flag: string, detail: string): ScenarioError {
    return new ScenarioError('', '', undefined, detail, flag);
  }
}

/** `nemesis[0].partition[1][0]` from a path of keys and indexes. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const p of path) out += typeof p === 'number' ? `[${p}]` : out ? `.${String(p)}` : String(p);
  return out;
}
