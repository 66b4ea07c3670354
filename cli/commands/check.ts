/**
 * `ensemble check <file> --model <name> [--format <name>] [--json] [--budget <steps>]
 * [--timeout <ms>] [--consistency <mode>]`: checks a recorded history. Exit 0 linearizable,
 * 1 not linearizable, 2 bad input, 4 unknown (budget or timeout ran out).
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Command } from 'commander';
import type { CheckResult, Consistency, FormatName, ModelName } from '../../sim/check/index.js';
import { check, FORMAT_NAMES, HistoryError, isFormatName, isModelName, MODEL_NAMES, parseHistory } from '../../sim/check/index.js';
import { errorDocument, ExitCode, UserError } from '../errors.js';
import { type Cli, cliOf, type Io, processIo } from '../io.js';

/** Where the command writes; the process's streams unless a test captures them. */
export type CheckIo = Pick<Io, 'stdout' | 'stderr'>;

const PROCESS_IO: CheckIo = processIo();

/** The units of the numbers in `check --json` whose names do not say them. */
const CHECK_UNITS = {
  time: "as the history file records them: callTime, retTime and the counterexample's at (Ensemble: microseconds of virtual time; Jepsen: nanoseconds)",
  timeMs: 'milliseconds of wall time the check took',
} as const;

const CONSISTENCIES: readonly Consistency[] = ['linearizable', 'zookeeper'];

interface RawOptions {
  readonly model?: string;
  readonly format?: string;
  readonly json?: boolean;
  readonly budget?: string;
  readonly timeout?: string;
  readonly consistency?: string;
  readonly linearization?: boolean;
}

interface CheckRequest {
  readonly file: string;
  readonly model: ModelName;
  readonly format: FormatName | undefined;
  readonly json: boolean;
  readonly budget: number | undefined;
  readonly timeoutMs: number | undefined;
  readonly consistency: Consistency;
  readonly linearization: boolean;
}

export function checkCommand(cli: Cli = cliOf()): Command {
  const io = cli.io;
  return new Command('check')
    .description('check a history file for linearizability (or ZooKeeper consistency)')
    .argument('<file>', 'the history: Porcupine etcd log, Porcupine kv, Jepsen EDN, or Ensemble JSON / JSONL')
    .option('--model <name>', `sequential model: ${MODEL_NAMES.join(', ')}`)
    .option('--format <name>', `history format: ${FORMAT_NAMES.join(', ')} (default: guessed from the content)`)
    .option('--json', 'print one JSON document instead of text')
    .option('--budget <steps>', 'search steps per partition before giving up with "unknown"')
    .option('--timeout <ms>', 'wall-clock limit for the check itself; past it the verdict is "unknown"')
    .option('--consistency <mode>', `${CONSISTENCIES.join(' or ')} (default linearizable)`)
    .option('--linearization', 'with --json, include the order found for a linearizable history')
    .action((file: string, raw: RawOptions) => {
      cli.exitCode = runCheckCommand(resolve(io.cwd, file), raw, io, file);
    });
}

/** The command's work, returning the exit code (exported for tests). */
export function runCheckCommand(path: string, raw: RawOptions, io: CheckIo = PROCESS_IO, file = path): ExitCode {
  const json = raw.json === true;
  try {
    const request = validate(file, raw);
    const text = readHistory(path, file);
    const parsed = parseHistory(text, { ...(request.format === undefined ? {} : { format: request.format }), file });
    const started = performance.now();
    const deadline = request.timeoutMs === undefined ? undefined : started + request.timeoutMs;
    const result = check(parsed.events, {
      model: request.model,
      consistency: request.consistency,
      file,
      ...(request.budget === undefined ? {} : { budget: { steps: request.budget } }),
      ...(deadline === undefined ? {} : { shouldStop: () => performance.now() > deadline }),
    });
    const timeMs = performance.now() - started;
    if (json) io.stdout(`${JSON.stringify(toJson(request, parsed.format, result, timeMs))}\n`);
    else io.stdout(`${toText(parsed.format, result, timeMs, request.timeoutMs)}\n`);
    return exitCodeOf(result);
  } catch (e) {
    if (!(e instanceof UserError || e instanceof HistoryError)) throw e;
    if (json) io.stdout(`${JSON.stringify(errorDocument(e))}\n`);
    io.stderr(`ensemble check: ${e.message}\n`);
    return ExitCode.badInput;
  }
}

function validate(file: string, raw: RawOptions): CheckRequest {
  if (raw.model === undefined) throw new UserError(`--model is required (one of ${MODEL_NAMES.join(', ')})`);
  if (!isModelName(raw.model)) throw new UserError(`--model: unknown model "${raw.model}" (expected one of ${MODEL_NAMES.join(', ')})`);
  if (raw.format !== undefined && !isFormatName(raw.format)) {
    throw new UserError(`--format: unknown format "${raw.format}" (expected one of ${FORMAT_NAMES.join(', ')})`);
  }
  const consistency = raw.consistency ?? 'linearizable';
  if (!(CONSISTENCIES as readonly string[]).includes(consistency)) {
    throw new UserError(`--consistency: unknown mode "${consistency}" (expected ${CONSISTENCIES.join(' or ')})`);
  }
  return {
    file,
    model: raw.model,
    format: raw.format,
    json: raw.json === true,
    budget: positiveInteger(raw.budget, '--budget', 'a number of steps'),
    timeoutMs: positiveInteger(raw.timeout, '--timeout', 'milliseconds'),
    consistency: consistency as Consistency,
    linearization: raw.linearization === true,
  };
}

function positiveInteger(text: string | undefined, flag: string, what: string): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!/^\d+$/.test(text.trim()) || !Number.isSafeInteger(n) || n <= 0) throw new UserError(`${flag}: expected a positive whole number of ${what}, got "${text}"`);
  return n;
}

function readHistory(path: string, file: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (e) {
    const code = (e as { code?: unknown }).code;
    throw new UserError(`cannot read ${file}: ${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : (e as Error).message}`);
  }
}

function exitCodeOf(result: CheckResult): ExitCode {
  switch (result.verdict) {
    case 'linearizable':
      return ExitCode.ok;
    case 'not-linearizable':
      return ExitCode.violation;
    case 'unknown':
      return ExitCode.unknown;
    default:
      return unreachable(result);
  }
}

function toJson(request: CheckRequest, format: FormatName, result: CheckResult, timeMs: number): Record<string, unknown> {
  // The order found has an entry per operation: only on request.
  const { verdict, ...rest } = result.verdict === 'linearizable' && !request.linearization ? { ...result, linearization: undefined } : result;
  return {
    verdict,
    file: request.file,
    format,
    timeMs: Math.round(timeMs * 1000) / 1000,
    ...rest,
    partitionCount: result.partitions.length,
    counterexample: result.verdict === 'not-linearizable' ? result.counterexample : null,
    units: CHECK_UNITS,
  };
}

function toText(format: FormatName, result: CheckResult, timeMs: number, timeoutMs: number | undefined): string {
  const partitions = result.partitions.filter((p) => p.key !== '*').length;
  const what = `${result.ops} operations (${result.unknownOps} with unknown outcome, ${result.failedOps} failed and left out) in ${partitions} partition${partitions === 1 ? '' : 's'}`;
  const pruned = `${result.prunedOps} unknown-outcome operation${result.prunedOps === 1 ? '' : 's'} pruned (cannot matter)`;
  const how = `model ${result.model}, ${result.consistency}, format ${format}, ${timeMs.toFixed(1)} ms, ${result.steps} steps, ${pruned}`;
  switch (result.verdict) {
    case 'linearizable':
      return `${result.consistency === 'zookeeper' ? 'consistent (ZooKeeper mode)' : 'linearizable'}: ${what}\n  ${how}`;
    case 'not-linearizable':
      return `NOT ${result.consistency === 'zookeeper' ? 'consistent (ZooKeeper mode)' : 'linearizable'}: ${what}\n  ${how}\n\n${result.counterexample.text}`;
    case 'unknown': {
      const why = result.reason === 'budget' ? 'the step or memo budget ran out' : `the ${timeoutMs ?? '?'} ms timeout passed`;
      return `unknown (${why}): ${what}\n  ${how}\n  undecided partitions: ${result.undecided.join(', ')}`;
    }
    default:
      return unreachable(result);
  }
}

function unreachable(x: never): never {
  throw new Error(`ensemble check: unexpected verdict ${JSON.stringify(x)}`);
}
