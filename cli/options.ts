import { InvalidArgumentError } from 'commander';
import type { TraceLevel } from '../sim/trace.js';
import { ExitCode } from './errors.js';

export const TRACE_LEVEL_CHOICES: readonly TraceLevel[] = ['none', 'state', 'messages', 'full'];

export function parseSeed(text: string): number {
  const n = Number(text);
  if (!/^\d+$/.test(text.trim()) || !Number.isSafeInteger(n) || n > 2 ** 32 - 1) throw new InvalidArgumentError(`expected a whole number from 0 to 4294967295, got "${text}"`);
  return n;
}

export function parsePositiveInt(text: string): number {
  const n = Number(text);
  if (!/^\d+$/.test(text.trim()) || n < 1) throw new InvalidArgumentError(`expected a positive whole number, got "${text}"`);
  return n;
}

export function exitFor(verdict: 'ok' | 'violation' | 'unknown'): ExitCode {
  return verdict === 'ok' ? ExitCode.ok : verdict === 'violation' ? ExitCode.violation : ExitCode.unknown;
}
