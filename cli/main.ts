import { Command, CommanderError } from 'commander';
import { checkCommand } from './commands/check.js';
import { exploreCommand } from './commands/explore.js';
import { listCommand } from './commands/list.js';
import { mergeCommand } from './commands/merge.js';
import { replayCommand } from './commands/replay.js';
import { runCommand } from './commands/run.js';
import { shrinkCommand } from './commands/shrink.js';
import { viewCommand } from './commands/view.js';
import { ExitCode, exitCodeFor } from './errors.js';
import { VERSION } from './paths.js';

/**
 * The `ensemble` command. The only layer that reads the wall clock, the environment and the
 * terminal; everything below it is deterministic.
 */
export function program(): Command {
  const p = new Command('ensemble')
    .description('Deterministic simulation of ZooKeeper-style coordination under faults, with a linearizability checker')
    .version(VERSION)
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride();
  for (const command of [runCommand(), exploreCommand(), replayCommand(), shrinkCommand(), checkCommand(), viewCommand(), mergeCommand(), listCommand()]) p.addCommand(command.exitOverride());
  return p;
}

export async function main(argv: readonly string[]): Promise<number> {
  try {
    await program().parseAsync([...argv], { from: 'user' });
    return typeof process.exitCode === 'number' ? process.exitCode : ExitCode.ok;
  } catch (error) {
    if (error instanceof CommanderError) {
      // help and --version exit 0; every usage error (unknown flag, bad value) is bad input
      return error.exitCode === 0 ? ExitCode.ok : ExitCode.badInput;
    }
    const code = exitCodeFor(error);
    if (code === ExitCode.badInput) process.stderr.write(`ensemble: ${(error as Error).message}\n`);
    else process.stderr.write(`ensemble: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    return code;
  }
}
