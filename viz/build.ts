/**
 * The report builder: one self-contained HTML file that explains a run. The run's data is
 * serialized as JSON, gzip-compressed and base64-inlined (the page inflates it with the browser's
 * DecompressionStream); the page script is inlined beside it; a content-security policy forbids
 * every fetch. No timestamps and no environment: the same input gives the same bytes.
 */
import { gzipSync } from 'node:zlib';
import { type ReportInput, reportData } from './report.js';
import { loadPageScript } from './script.js';
import { renderHtml } from './template.js';

export type { ReportInput, ReportPlan, ReportViolation } from './report.js';

/** How to build a report; tests pass a freshly bundled script. */
export interface BuildOptions {
  /** The page script to inline; default: the bundle `npm run build` wrote (dist/viz/page.js). */
  readonly script?: string;
}

/** The whole HTML report for a run. Throws only when the page script has not been built. */
export function buildReport(input: ReportInput, options: BuildOptions = {}): string {
  const script = options.script ?? loadPageScript();
  const json = JSON.stringify(reportData(input), jsonSafe);
  // Level 9 and a zero mtime (node's default) keep the bytes a function of the input alone.
  const data = gzipSync(Buffer.from(json, 'utf8'), { level: 9 }).toString('base64');
  const v = input.violations.length;
  const verdict = input.verdict === 'violation' ? `${v} violation${v === 1 ? '' : 's'}` : input.verdict;
  return renderHtml({ title: `${input.plan.name} · seed ${input.seed} · ${verdict} — Ensemble`, data, script });
}

/** Values JSON cannot carry: bigints become strings, non-finite numbers their names. */
function jsonSafe(_key: string, value: unknown): unknown {
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
  return value;
}
