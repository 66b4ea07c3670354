import { Command, CommanderError } from 'commander';
import { checkCommand } from './commands/check.js';
import { exploreCommand } from './commands/explore.js';
import { listCommand } from './commands/list.js';
import { mergeCommand } from './commands/merge.js';
import { replayCommand } from './commands/replay.js';
import { runCommand } from './commands/run.js';
import { shrinkCommand } from './commands/shrink.js';
import { viewCommand } from './commands/view.js';
import { ExitCode, UserError, errorDocument, exitCodeFor } from './errors.js';
import { type Cli, type Io, cliOf, processIo } from './io.js';
import { VERSION } from './paths.js';

/**
 * The `ensemble` command. The only layer that reads the wall clock, the environment and the
 * terminal; everything below it is deterministic.
 */
export function program(cli: Cli): Command {
  const output = { writeOut: cli.io.stdout, writeErr: cli.io.stderr };
  const p = new Command('ensemble')
    .description('Deterministic simulation of ZooKeeper-style coordination under faults, with a linearizability checker')
    .version(VERSION)
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput(output)
    .exitOverride();
  for (const command of [runCommand(cli), exploreCommand(cli), replayCommand(cli), shrinkCommand(cli), checkCommand(cli), viewCommand(cli), mergeCommand(cli), listCommand(cli)]) {
    p.addCommand(command.configureOutput(output).showHelpAfterError('(run with --help for usage)').exitOverride());
  }
  return p;
}

/**
 * Runs one command line and returns its exit status. Under `--json` every outcome, a usage error,
 * bad input and an internal error included, prints exactly one JSON document on stdout.
 */
export async function main(argv: readonly string[], io: Io = processIo()): Promise<number> {
  const cli = cliOf(io);
  const json = wantsJson(argv);
  try {
    await program(cli).parseAsync([...argv], { from: 'user' });
    return cli.exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      // help and --version exit 0; every usage error (unknown flag, bad value) is bad input
      if (error.exitCode === 0) return ExitCode.ok;
      // commander has printed the message on stderr already
      if (json) io.stdout(`${JSON.stringify(errorDocument(new UserError(error.message.replace(/^error: /, ''))))}\n`);
      return ExitCode.badInput;
    }
    const code = exitCodeFor(error);
    if (json) io.stdout(`${JSON.stringify(errorDocument(error))}\n`);
    if (code === ExitCode.badInput) io.stderr(`ensemble: ${(error as Error).message}\n`);
    else io.stderr(`ensemble: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    return code;
  }
}

/** `--json` among the options (not after `--`, where it would be an argument). */
function wantsJson(argv: readonly string[]): boolean {
  const end = argv.indexOf('--');
  return (end < 0 ? argv : argv.slice(0, end)).includes('--json');
}
