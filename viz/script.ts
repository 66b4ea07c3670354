/**
 * Finds the bundled page script. `npm run build` writes it beside the compiled builder
 * (dist/viz/page.js); code run from source (vitest, scripts) finds it in the same place through
 * the repository's dist/.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** Where the bundle is written, relative to this module, compiled or not. */
const CANDIDATES = ['./page.js', '../dist/viz/page.js'];

/** The path of the page bundle, or undefined when it has not been built. */
export function pageScriptPath(): string | undefined {
  for (const c of CANDIDATES) {
    const path = fileURLToPath(new URL(c, import.meta.url));
    if (existsSync(path)) return path;
  }
  return undefined;
}

let cached: { readonly path: string; readonly code: string } | undefined;

/** The page bundle's code. Throws, saying how to build it, when it is missing. */
export function loadPageScript(): string {
  const path = pageScriptPath();
  if (path === undefined) throw new Error('viz: the page script is not built (dist/viz/page.js); run `npm run build`');
  if (cached?.path !== path) cached = { path, code: readFileSync(path, 'utf8') };
  return cached.code;
}

/** Forgets the cached bundle (after writing a new one). */
export function forgetPageScript(): void {
  cached = undefined;
}
