/**
 * The viewer's budget: report size, build time, and time to first paint in headless Chromium for
 * runs of about 10,000 and 200,000 trace events (a primary-backup run under the random nemesis),
 * plus how long a cursor step and a zoom take once the page is up. Without Chromium, the browser
 * figures are reported as skipped.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { RunPlan } from '../scenarios/plan.js';
import { run } from '../scenarios/run.js';
import { uniform } from '../sim/latency.js';
import { buildReport } from '../viz/build.js';
import { writePageBundle } from '../viz/bundle.js';
import { chromiumPath, launchChromium } from '../viz/chromium.js';
import { pageScriptPath } from '../viz/script.js';

/** Sizes to measure: target event counts and the run that produces about that many. */
const SIZES = [
  { name: 'events10k', seconds: 4.1, clients: 4, rate: 300 },
  { name: 'events200k', seconds: 31, clients: 16, rate: 1_000 },
] as const;

function plan(seconds: number, clients: number, rate: number): RunPlan {
  return {
    name: 'bench-viz',
    protocol: 'primary-backup',
    replicas: 3,
    seed: 11,
    duration: seconds * 1_000_000,
    settle: { length: 500_000, grace: 200_000 },
    network: { latency: uniform(1_000, 5_000) },
    disk: { syncLatency: uniform(100, 2_000) },
    workload: { kind: 'register', clients, rate, keys: 8, mix: { read: 2, write: 1, cas: 1 }, timeout: 200_000 },
    nemesis: {
      script: [],
      random: { every: uniform(100_000, 400_000), duration: uniform(50_000, 300_000), faults: ['partition', 'isolate', 'crash', 'pause', 'skew', 'drop', 'duplicate', 'reorder'] },
    },
    checks: [],
    mutants: [],
    options: {},
    trace: 'full',
    consistency: 'linearizable',
  };
}

/** Builds and opens both sizes; figures in bytes and milliseconds of wall time. */
export async function benchViz(): Promise<Record<string, unknown>> {
  if (pageScriptPath() === undefined) await writePageBundle();
  const dir = resolve('artifacts');
  mkdirSync(dir, { recursive: true });
  const browser = chromiumPath() === undefined ? undefined : await launchChromium();
  const out: Record<string, unknown> = {};
  try {
    for (const size of SIZES) {
      const result = run(plan(size.seconds, size.clients, size.rate));
      const t0 = performance.now();
      const html = buildReport({ ...result, replayCommand: 'npm run bench -- --only viz', ensembleVersion: 'bench' });
      const buildMs = Math.round(performance.now() - t0);
      const file = resolve(dir, `bench-viz-${size.name}.html`);
      writeFileSync(file, html);
      const figures: Record<string, unknown> = { traceEvents: result.trace.length, historyOps: result.history.length, fileBytes: Buffer.byteLength(html), buildMs };
      if (browser) Object.assign(figures, await measure(browser, file));
      else figures['browser'] = 'skipped: Chromium not installed';
      out[size.name] = figures;
    }
  } finally {
    await browser?.close();
  }
  return out;
}

async function measure(browser: NonNullable<Awaited<ReturnType<typeof launchChromium>>>, file: string): Promise<Record<string, number>> {
  const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
  try {
    await page.goto(pathToFileURL(file).href);
    await page.waitForSelector('#app[data-state="ready"]', { timeout: 120_000 });
    // Ready is set after the first render's DOM work; the next two frames are its paint.
    const firstPaintMs = Number(await page.evaluate('new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => r(Math.round(performance.now())))))'));
    const step = async (key: string, times: number): Promise<number> => {
      const t = Date.now();
      for (let i = 0; i < times; i++) await page.keyboard.press(key);
      await page.evaluate('new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))');
      return Math.round((Date.now() - t) / times);
    };
    const timings = String(await page.getAttribute('#app', 'data-timings'));
    const [decodeMs, modelMs, renderMs] = ['decode', 'model', 'render'].map((k) => Number(new RegExp(`${k} (\\d+)`).exec(timings)?.[1] ?? NaN));
    const stepMs = await step('ArrowRight', 20);
    const zoomMs = await step('+', 4);
    const faultJumpMs = await step('f', 5);
    return { firstPaintMs, decodeMs: decodeMs ?? NaN, modelMs: modelMs ?? NaN, renderMs: renderMs ?? NaN, stepMs, zoomMs, faultJumpMs };
  } finally {
    await page.close();
  }
}
