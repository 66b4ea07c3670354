import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The package root: two levels above the compiled `dist/cli/`, or one above `cli/` when run from source. */
export const PACKAGE_ROOT = (() => {
  const here = dirname(fileURLToPath(import.meta.url));
  return here.includes(`${join('dist', 'cli')}`) ? resolve(here, '..', '..') : resolve(here, '..');
})();

export const SCENARIO_DIR = join(PACKAGE_ROOT, 'scenarios');

export const VERSION: string = (JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version: string }).version;

/** Shipped scenario files by name (file name without .yaml). */
export function shippedScenarios(): { name: string; file: string }[] {
  return readdirSync(SCENARIO_DIR)
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .map((f) => ({ name: f.slice(0, -'.yaml'.length), file: join(SCENARIO_DIR, f) }));
}

/** A path as given, or the name of a shipped scenario. */
export function resolveScenario(arg: string): string {
  if (arg.includes('/') || arg.endsWith('.yaml') || arg.endsWith('.yml')) return arg;
  return shippedScenarios().find((s) => s.name === arg)?.file ?? arg;
}

/** A path relative to the working directory when it is inside it, absolute otherwise. */
export function displayPath(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel === '' ? '.' : rel.startsWith('..') ? path : rel;
}
