import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command } from 'commander';
import { run } from '../../scenarios/run.js';
import { ExitCode } from '../errors.js';
import { VERSION } from '../paths.js';
import { readRunFolder } from '../run-folder.js';

/**
 * Re-runs a saved run from its plan and proves it identical: the same trace hash, and when the
 * folder has its trace, the same lines. On a difference it names the first event that differs.
 */
export function replayCommand(): Command {
  return new Command('replay')
    .description('re-run a saved run and prove its trace identical (exit 1 and the first differing event if not)')
    .argument('<run-folder>', 'a folder written by ensemble run')
    .option('--json', 'print one JSON document')
    .action((folder: string, flags: { json?: boolean }) => {
      const saved = readRunFolder(folder);
      const tracePath = join(folder, 'trace.jsonl');
      const original = existsSync(tracePath) ? readFileSync(tracePath, 'utf8').split('\n') : undefined;
      let index = 0;
      let first: { line: number; expected: string; actual: string } | undefined;
      const result = run(saved.plan, {
        keepTrace: 0,
        traceSink: (line) => {
          if (original && !first && original[index] !== line) first = { line: index + 1, expected: original[index] ?? '(end of trace)', actual: line };
          index++;
        },
      });
      if (original && !first && index < original.length && original[index] !== '') {
        first = { line: index + 1, expected: original[index]!, actual: '(end of trace)' };
      }
      const same = result.traceHash === saved.traceHash && first === undefined;
      const doc = {
        identical: same,
        traceHash: result.traceHash,
        savedTraceHash: saved.traceHash,
        verdict: result.verdict,
        savedVerdict: saved.verdict,
        ...(saved.ensembleVersion !== VERSION ? { versionNote: `saved by Ensemble ${saved.ensembleVersion}, replayed by ${VERSION}` } : {}),
        ...(first ? { firstDifference: first } : {}),
      };
      if (flags.json) process.stdout.write(`${JSON.stringify(doc)}\n`);
      else if (same) process.stdout.write(`identical: trace ${result.traceHash}, ${index.toLocaleString('en-US')} events, verdict ${result.verdict}\n`);
      else {
        process.stdout.write(`DIFFERENT: trace ${result.traceHash}, saved ${saved.traceHash}${doc.versionNote ? ` (${doc.versionNote})` : ''}\n`);
        if (first) process.stdout.write(`  first difference at trace line ${first.line}\n  saved:    ${first.expected}\n  replayed: ${first.actual}\n`);
      }
      process.exitCode = same ? ExitCode.ok : ExitCode.violation;
    });
}
