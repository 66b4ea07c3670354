/**
 * Where a command reads and writes: the process's streams and working folder, or a test's. Every
 * verb writes through this, so a test can run the CLI in-process and see exactly what a person
 * would, and relative paths are read and written against `cwd`, never an implicit one.
 */
import { ExitCode } from './errors.js';

export interface Io {
  /** The folder relative paths are read from and written to. */
  readonly cwd: string;
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** Whether stderr is a terminal (explore draws a progress bar there). */
  readonly interactive: boolean;
}

/** One invocation of the CLI: its IO and the exit status its verb settles on. */
export interface Cli {
  readonly io: Io;
  exitCode: ExitCode;
}

/** The process's own streams and working folder. */
export function processIo(): Io {
  return {
    cwd: process.cwd(),
    stdout: (text) => void process.stdout.write(text),
    stderr: (text) => void process.stderr.write(text),
    interactive: process.stderr.isTTY === true,
  };
}

export function cliOf(io: Io = processIo()): Cli {
  return { io, exitCode: ExitCode.ok };
}
