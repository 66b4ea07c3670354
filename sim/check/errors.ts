/**
 * Bad input: a history the checker cannot read. It carries the stable code `bad-input` (the CLI
 * maps it to exit 2) and names the file, the line and what was expected there.
 */
export class HistoryError extends Error {
  readonly code = 'bad-input' as const;
  readonly file: string | undefined;
  readonly line: number | undefined;
  readonly problem: string;

  constructor(problem: string, where: { readonly file?: string | undefined; readonly line?: number | undefined } = {}) {
    super(`${where.file ?? '<history>'}${where.line === undefined ? '' : `:${where.line}`}: ${problem}`);
    this.name = 'HistoryError';
    this.file = where.file;
    this.line = where.line;
    this.problem = problem;
  }
}

/** Exhaustiveness guard for `switch` over a union: reaching it is a bug. */
export function assertNever(x: never): never {
  throw new Error(`check: unexpected value ${JSON.stringify(x)}`);
}
