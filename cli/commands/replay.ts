import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command } from 'commander';
import { run } from '../../scenarios/run.js';
import { ExitCode } from '../errors.js';
import type { Cli } from '../io.js';
import { VERSION } from '../paths.js';
import { readRunFolder } from '../run-folder.js';

/**
 * Re-runs a saved run from its plan and proves it identical: the same trace hash as result.json,
 * and when the folder has its trace, the same lines. On a difference it says which of the two
 * differs and names the first event that does.
 */
export function replayCommand(cli: Cli): Command {
  return new Command('replay')
    .description('re-run a saved run and prove its trace identical (exit 1 and the first differing event if not)')
    .argument('<run-folder>', 'a folder written by ensemble run')
    .option('--json', 'print one JSON document')
    .action((folder: string, flags: { json?: boolean }) => {
      const { io } = cli;
      const saved = readRunFolder(folder, io.cwd);
      const tracePath = join(saved.path, 'trace.jsonl');
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
      const hashMatches = result.traceHash === saved.traceHash;
      const same = hashMatches && first === undefined;
      // Which saved record disagrees with the replay: the hash in result.json, the lines of trace.jsonl, or both.
      const differs = same ? null : !hashMatches && first ? 'both' : !hashMatches ? 'hash' : 'trace-file';
      const doc = {
        identical: same,
        differs,
        traceHash: result.traceHash,
        savedTraceHash: saved.traceHash,
        events: index,
        verdict: result.verdict,
        savedVerdict: saved.verdict,
        ...(saved.ensembleVersion !== VERSION ? { versionNote: `saved by Ensemble ${saved.ensembleVersion}, replayed by ${VERSION}` } : {}),
        ...(first ? { firstDifference: first } : {}),
      };
      if (flags.json) io.stdout(`${JSON.stringify(doc)}\n`);
      else if (same) io.stdout(`identical: trace ${result.traceHash}, ${index.toLocaleString('en-US')} events, verdict ${result.verdict}\n`);
      else {
        const note = doc.versionNote ? ` (${doc.versionNote})` : '';
        if (differs === 'trace-file') {
          io.stdout(`DIFFERENT: the replay has the trace hash result.json saved (${result.traceHash}), but ${join(folder, 'trace.jsonl')} does not match it: the saved trace file was changed after the run${note}\n`);
        } else {
          io.stdout(`DIFFERENT: the replay's trace hash is ${result.traceHash}; result.json saved ${saved.traceHash}${note}\n`);
        }
        if (first) io.stdout(`  first difference at trace line ${first.line}\n  saved:    ${first.expected}\n  replayed: ${first.actual}\n`);
        if (result.verdict !== saved.verdict) io.stdout(`  verdict: saved ${saved.verdict}, replayed ${result.verdict}\n`);
      }
      cli.exitCode = same ? ExitCode.ok : ExitCode.violation;
    });
}
