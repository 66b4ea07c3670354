/** `npm start` builds only when a source changed since the last build (cli/start.mjs). */
import { mkdirSync, mkdtempSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isStale } from '../../cli/start.mjs';
import { ROOT } from './helpers.js';
import { readFileSync } from 'node:fs';

/** A package with one source and, optionally, a build, with the given modification times (seconds). */
function fakePackage(times: { source: number; viewer?: number; built?: number }): string {
  const root = mkdtempSync(join(tmpdir(), 'ensemble-start-'));
  const file = (path: string, at: number): void => {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), '');
    utimesSync(join(root, path), at, at);
  };
  file('tsconfig.build.json', 1);
  writeFileSync(join(root, 'tsconfig.build.json'), JSON.stringify({ include: ['cli', 'viz'], exclude: ['viz/page/**'] }));
  utimesSync(join(root, 'tsconfig.build.json'), 1, 1);
  file('package.json', 1);
  file('cli/main.ts', times.source);
  file('viz/page/main.ts', times.viewer ?? 1);
  if (times.built !== undefined) {
    file('dist/cli/bin.js', times.built);
    file('dist/viz/page.js', times.built);
  }
  return root;
}

describe('npm start', () => {
  it('builds when there is no build, or a source (the viewer page included) is newer than it', () => {
    expect(isStale(fakePackage({ source: 10 }))).toBe(true);
    expect(isStale(fakePackage({ source: 10, built: 5 }))).toBe(true);
    expect(isStale(fakePackage({ source: 10, viewer: 30, built: 20 }))).toBe(true);
  });

  it('runs the existing build when nothing changed since', () => {
    expect(isStale(fakePackage({ source: 10, viewer: 10, built: 20 }))).toBe(false);
  });

  it('is what the start script runs, instead of a build every time', () => {
    const scripts = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
    expect(scripts['start']).toBe('node cli/start.mjs run');
  });
});
