import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { UserError } from './errors.js';

/**
 * The package root: the nearest folder above this module whose package.json is Ensemble's, so the
 * CLI finds its scenarios whether it runs from source, from dist/, or from a build elsewhere.
 */
export const PACKAGE_ROOT = (() => {
  const here = dirname(fileURLToPath(import.meta.url));
  for (let dir = here; ; dir = dirname(dir)) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === 'ensemble-sim') return dir;
    if (dirname(dir) === dir) return resolve(here, '..');
  }
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

/** A scenario argument, resolved. */
export interface ScenarioArg {
  /** The file to read. */
  readonly file: string;
  /** How errors name it: the argument as given. */
  readonly shown: string;
  /**
   * How printed commands name it: a shipped scenario by its name (which works from any folder),
   * a file by its path from the working folder (absolute when outside it).
   */
  readonly ref: string;
}

/** A path as given, or the name of a shipped scenario (for library callers; the CLI uses `scenarioArg`). */
export function resolveScenario(arg: string): string {
  if (arg.includes('/') || arg.endsWith('.yaml') || arg.endsWith('.yml')) return arg;
  return shippedScenarios().find((s) => s.name === arg)?.file ?? arg;
}

/**
 * A scenario argument of the CLI: the name of a shipped scenario, or a path from `cwd`. A name
 * that is neither gets the nearest shipped names as suggestions.
 */
export function scenarioArg(arg: string, cwd: string): ScenarioArg {
  const pathLike = arg.includes('/') || arg.includes('\\') || arg.endsWith('.yaml') || arg.endsWith('.yml');
  const shipped = shippedScenarios();
  if (!pathLike) {
    const named = shipped.find((s) => s.name === arg);
    if (named) return { file: named.file, shown: arg, ref: arg };
    const local = resolve(cwd, arg);
    if (!isFile(local)) throw new UserError(`unknown scenario '${arg}'${suggestion(arg, shipped.map((s) => s.name))} (give a shipped scenario's name, listed by ensemble list, or a path to a .yaml file)`);
  }
  const file = resolve(cwd, arg);
  const named = shipped.find((s) => s.file === file);
  return { file, shown: arg, ref: named?.name ?? displayPath(file, cwd) };
}

/** `: did you mean x?` for the closest names within a few edits, or nothing. */
export function suggestion(word: string, names: readonly string[]): string {
  const scored = names.map((name) => ({ name, d: editDistance(word.toLowerCase(), name.toLowerCase()) })).sort((a, b) => a.d - b.d || (a.name < b.name ? -1 : 1));
  const limit = Math.max(2, Math.floor(word.length / 3));
  const close = scored.filter((s) => s.d <= limit || s.name.startsWith(word) || (word.length >= 4 && s.name.includes(word)));
  if (close.length === 0) return '';
  const best = close.slice(0, 3).map((s) => s.name);
  return `: did you mean ${best.length === 1 ? best[0] : `${best.slice(0, -1).join(', ')} or ${best[best.length - 1]}`}?`;
}

/** Levenshtein distance (the strings are short names). */
function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) cur[j] = Math.min((prev[j] as number) + 1, (cur[j - 1] as number) + 1, (prev[j - 1] as number) + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[b.length] as number;
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/** A path relative to `cwd` when it is inside it, absolute otherwise. */
export function displayPath(path: string, cwd: string = process.cwd()): string {
  const absolute = isAbsolute(path) ? path : resolve(cwd, path);
  const rel = relative(cwd, absolute);
  return rel === '' ? '.' : rel.startsWith('..') || isAbsolute(rel) ? absolute : rel;
}
