#!/usr/bin/env node
/**
 * `npm start`: builds only when a source is newer than the build, then runs the CLI with the
 * arguments given (`npm start -- pb-showcase` runs that scenario). Plain JavaScript, because it
 * must run before anything is compiled. The TypeScript build is most of a cold start's time, so a
 * second `npm start` with nothing changed skips it.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** What a build writes last: the CLI and the viewer bundle. */
export const OUTPUTS = ['dist/cli/bin.js', 'dist/viz/page.js'];

/** The newest modification time among the sources the build reads (the build config's folders and files, and the configs). */
export function newestSource(root) {
  const config = JSON.parse(readFileSync(join(root, 'tsconfig.build.json'), 'utf8'));
  let newest = 0;
  const visit = (path) => {
    let s;
    try {
      s = statSync(path);
    } catch {
      return;
    }
    if (s.isDirectory()) {
      for (const entry of readdirSync(path)) if (entry !== 'node_modules' && entry !== 'dist' && !entry.startsWith('.')) visit(join(path, entry));
    } else if (/\.(ts|mts|json)$/.test(path)) newest = Math.max(newest, s.mtimeMs);
  };
  for (const entry of config.include ?? []) visit(join(root, entry));
  for (const file of ['package.json', 'tsconfig.json', 'tsconfig.build.json']) visit(join(root, file));
  return newest;
}

/** When the last complete build finished: the oldest of its outputs, or -Infinity when one is missing. */
export function builtAt(root) {
  let oldest = Infinity;
  for (const out of OUTPUTS) {
    const path = join(root, out);
    if (!existsSync(path)) return -Infinity;
    oldest = Math.min(oldest, statSync(path).mtimeMs);
  }
  return oldest;
}

/** Whether `npm start` must build first. */
export function isStale(root) {
  return newestSource(root) > builtAt(root);
}

function main() {
  const root = resolve(fileURLToPath(new URL('..', import.meta.url)));
  if (isStale(root)) {
    process.stderr.write('npm start: sources changed since the last build; building (npm run build)\n');
    const build = spawnSync('npm', ['run', '-s', 'build'], { cwd: root, stdio: 'inherit', shell: process.platform === 'win32' });
    if (build.status !== 0) process.exit(build.status ?? 3);
  }
  const run = spawnSync(process.execPath, [join(root, 'dist/cli/bin.js'), ...process.argv.slice(2)], { stdio: 'inherit' });
  process.exit(run.status ?? 3);
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
