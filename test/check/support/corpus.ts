/**
 * Finds the shared conformance corpora (../shared/conformance beside the repository). Tests read
 * them in place; when the folder is absent they say so and skip, except under CI, where a missing
 * corpus is a failure.
 */
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

export const CONFORMANCE = resolve(repoRoot, '../shared/conformance');

/** The corpus folder, or `undefined` (after saying why) when it is missing outside CI. Throws under CI. */
export function conformanceDir(sub: string): string | undefined {
  const dir = resolve(CONFORMANCE, sub);
  if (existsSync(dir)) return dir;
  const message = `conformance corpus not found at ${dir}: these tests are SKIPPED`;
  if (process.env['CI']) throw new Error(`${message} (CI is set, so this is a failure)`);
  console.warn(message);
  return undefined;
}
