/**
 * The package as a user gets it: `npm pack`, installed into an empty project, runs the README's
 * library example; and the README's example protocol and suite are the files `npm test` runs.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const README = readFileSync(join(ROOT, 'README.md'), 'utf8');

/** The fenced code blocks of the README, in order. */
function codeBlocks(): string[] {
  return [...README.matchAll(/```[a-z]*\n([\s\S]*?)```/g)].map((m) => m[1]!);
}

describe('the README', () => {
  it('shows the example protocol and its suite exactly as they are in examples/', () => {
    const blocks = codeBlocks();
    for (const file of ['examples/majority-register/register.ts', 'examples/majority-register/register.test.ts']) {
      expect(blocks, `${file} is not shown verbatim in the README`).toContain(readFileSync(join(ROOT, file), 'utf8'));
    }
  });
});

describe('the packed package', () => {
  it('installs into an empty project and runs the README’s library example', () => {
    if (!existsSync(join(ROOT, 'dist', 'index.js'))) {
      if (process.env['CI']) throw new Error('dist/ is missing: npm test builds it first');
      console.warn('skipped: dist/ not built (run npm run build)');
      return;
    }
    const work = mkdtempSync(join(tmpdir(), 'ensemble-pack-'));
    execFileSync('npm', ['pack', '--ignore-scripts', '--pack-destination', work], { cwd: ROOT, stdio: 'pipe' });
    const tarball = readdirSync(work).find((f) => f.endsWith('.tgz'))!;
    const app = join(work, 'app');
    mkdirSync(app);
    writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'app', private: true, type: 'module' }));
    execFileSync('npm', ['install', join(work, tarball), '--prefer-offline', '--no-audit', '--no-fund', '--ignore-scripts'], { cwd: app, stdio: 'pipe' });
    const example = codeBlocks().find((b) => b.startsWith('// library example'));
    expect(example, 'the README has a block starting with "// library example"').toBeDefined();
    writeFileSync(join(app, 'example.mjs'), example!);
    const out = execFileSync('node', ['example.mjs'], { cwd: app, encoding: 'utf8' });
    expect(out).toMatch(/^verdict ok, \d+ ops ok, trace [0-9a-f]{16}\nmy scenario: ok/);
  });
});
