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
