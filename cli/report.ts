import { writeFileSync } from 'node:fs';
import type { RunResult } from '../scenarios/result.js';
import { buildReport } from '../viz/build.js';

/** Writes report.html: the viewer page with the run inlined. */
export function writeReport(path: string, result: RunResult, replayCommand: string, ensembleVersion: string): void {
  writeFileSync(path, buildReport({ ...result, replayCommand, ensembleVersion }));
}
