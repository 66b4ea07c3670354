/**
 * Bundles the page script (viz/page/main.ts and the d3 modules it uses) into one minified IIFE at
 * dist/viz/page.js, which buildReport inlines. Runs at build time only (esbuild is a dev
 * dependency): `node dist/viz/bundle.js` after `tsc`, or `writePageBundle()` from tests.
 */
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { forgetPageScript } from './script.js';

const here = dirname(fileURLToPath(import.meta.url));
/** The repository root, whether this runs compiled (dist/viz) or from source (viz). */
const root = basename(dirname(here)) === 'dist' ? resolve(here, '../..') : resolve(here, '..');

/** The bundle's default location. */
export const PAGE_SCRIPT = resolve(root, 'dist/viz/page.js');

/** d3 is ISC-licensed; its notice travels with the copy of it inside every report. */
const BANNER = '/*! Ensemble trace viewer. Includes d3 (https://d3js.org), ISC License, Copyright 2010-2023 Mike Bostock. */';

/** Bundles the page and returns its code. */
export async function bundlePage(): Promise<string> {
  const esbuild = await import('esbuild');
  const result = await esbuild.build({
    entryPoints: [resolve(root, 'viz/page/main.ts')],
    bundle: true,
    format: 'iife',
    minify: true,
    target: 'es2022',
    platform: 'browser',
    write: false,
    legalComments: 'none',
    banner: { js: BANNER },
    charset: 'utf8',
    logLevel: 'silent',
    absWorkingDir: root,
  });
  const file = result.outputFiles[0];
  if (!file) throw new Error('viz: esbuild produced no output');
  return file.text;
}

/** Bundles the page and writes it where buildReport looks for it; returns the path. */
export async function writePageBundle(outFile: string = PAGE_SCRIPT): Promise<string> {
  const code = await bundlePage();
  mkdirSync(dirname(outFile), { recursive: true });
  // Write then rename, so a report built meanwhile never reads half a bundle.
  const tmp = `${outFile}.${process.pid}.tmp`;
  writeFileSync(tmp, code);
  renameSync(tmp, outFile);
  forgetPageScript();
  return outFile;
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const path = await writePageBundle();
  process.stdout.write(`viz: wrote ${path}\n`);
}
