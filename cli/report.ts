import { writeFileSync } from 'node:fs';
import type { RunResult } from '../scenarios/result.js';

/**
 * Writes report.html for a run. The viewer (viz/) builds the page; until its bundle is built this
 * says so in the file rather than writing nothing.
 */
export function writeReport(path: string, result: RunResult, replay: string, version: string): void {
  writeFileSync(path, placeholderPage(result, replay, version));
}

function placeholderPage(result: RunResult, replay: string, version: string): string {
  const esc = (s: string) => s.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
  return `<!doctype html><meta charset="utf-8"><title>${esc(result.plan.name)}</title><p>Ensemble ${esc(version)}: ${esc(result.plan.name)} seed ${result.seed}: ${esc(result.verdict)}. Replay: <code>${esc(replay)}</code></p>\n`;
}
