import { writeFileSync } from 'node:fs';
import type { TraceEvent } from '../sim/trace.js';
import type { RunResult } from '../scenarios/result.js';
import { buildReport } from '../viz/build.js';

/**
 * The most trace events a report embeds. A page must open (and a JSON string must fit in memory):
 * beyond this the report keeps a window around the first violation, or the end of the run, and
 * says what it left out. trace.jsonl always has every event.
 */
export const REPORT_EVENT_LIMIT = 250_000;

/** Writes report.html: the viewer page with the run inlined. */
export function writeReport(path: string, result: RunResult, replayCommand: string, ensembleVersion: string): void {
  const { events, before, after } = reportWindow(result.trace, result.violations.find((v) => v.at !== undefined)?.at);
  writeFileSync(
    path,
    buildReport({ ...result, trace: events, traceDropped: result.traceDropped + before, traceOmittedAfter: after, replayCommand, ensembleVersion }),
  );
}

/** At most REPORT_EVENT_LIMIT events: most of them before `focus` (a violation's time), or the last ones. */
export function reportWindow(trace: readonly TraceEvent[], focus: number | undefined, limit = REPORT_EVENT_LIMIT): { events: readonly TraceEvent[]; before: number; after: number } {
  if (trace.length <= limit) return { events: trace, before: 0, after: 0 };
  let end = trace.length;
  if (focus !== undefined) {
    const at = trace.findIndex((e) => e.t > focus);
    const index = at < 0 ? trace.length : at;
    end = Math.min(trace.length, Math.max(limit, index + Math.floor(limit / 10)));
  }
  const start = end - limit;
  return { events: trace.slice(start, end), before: start, after: trace.length - end };
}
