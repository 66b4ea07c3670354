/**
 * User-facing failures carry a stable code; the CLI maps codes to exit statuses in one place.
 * Expected outcomes (a violation, an undecided check) are values, not errors: see `ExitCode`.
 */
export const ExitCode = {
  ok: 0,
  violation: 1,
  badInput: 2,
  internal: 3,
  unknown: 4,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

export type ErrorCode = 'bad-input' | 'internal';

/** An error the user can fix: bad file, bad field, bad flag. Its message names what and where. */
export class UserError extends Error {
  readonly code: ErrorCode = 'bad-input';
  constructor(message: string) {
    super(message);
    this.name = 'UserError';
  }
}

export function exitCodeFor(error: unknown): ExitCode {
  if (error instanceof UserError) return ExitCode.badInput;
  if (error instanceof Error && (error as { code?: unknown }).code === 'bad-input') return ExitCode.badInput;
  return ExitCode.internal;
}

/**
 * What every verb prints on stdout under `--json` when it fails, whatever failed: one shape, so a
 * script tells an error from a result by the `error` key alone.
 */
export interface ErrorDocument {
  readonly error: { readonly code: ErrorCode; readonly message: string };
  readonly exitCode: ExitCode;
}

export function errorDocument(error: unknown): ErrorDocument {
  const exitCode = exitCodeFor(error);
  const message = error instanceof Error ? error.message : String(error);
  return { error: { code: exitCode === ExitCode.badInput ? 'bad-input' : 'internal', message }, exitCode };
}
