/**
 * Headless Chromium for the viewer's browser tests and benchmark: Debian's `chromium` package
 * driven by playwright-core (no browser download: these machines have no internet). Loaded
 * lazily so nothing that builds reports depends on playwright-core.
 */
import { existsSync } from 'node:fs';
import type { Browser } from 'playwright-core';

/** Flags for a quiet, offline, reproducible headless browser. */
export const CHROMIUM_ARGS: readonly string[] = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** The Chromium binary: `CHROMIUM_PATH`, else Debian's, else undefined when neither exists. */
export function chromiumPath(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const candidates = [env['CHROMIUM_PATH'], '/usr/bin/chromium', '/usr/bin/chromium-browser'];
  return candidates.find((p): p is string => p !== undefined && p !== '' && existsSync(p));
}

/** Launches headless Chromium; throws when it is not installed (check `chromiumPath()` first). */
export async function launchChromium(): Promise<Browser> {
  const executablePath = chromiumPath();
  if (executablePath === undefined) throw new Error('viz: Chromium not found (apt-get install -y chromium, or set CHROMIUM_PATH)');
  const { chromium } = await import('playwright-core');
  return chromium.launch({ executablePath, args: [...CHROMIUM_ARGS] });
}
