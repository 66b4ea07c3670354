import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { main } from '../../cli/main.js';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
/** The compiled CLI: dist/ (npm test builds it first), or another build named by ENSEMBLE_BIN. */
export const BIN = process.env['ENSEMBLE_BIN'] ?? join(ROOT, 'dist', 'cli', 'bin.js');

export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the compiled `ensemble` in `cwd`: for what needs the real binary (explore's worker threads). */
export function ensemble(args: readonly string[], cwd = ROOT): CliResult {
  if (!existsSync(BIN)) throw new Error(`${BIN} is missing: run npm run build (npm test does it first)`);
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', env: { ...process.env, FORCE_COLOR: '0' } });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** Runs `ensemble` in this process, from source, with `cwd` as its working folder: what a person would see. */
export async function cli(args: readonly string[], cwd = ROOT): Promise<CliResult> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(args, { cwd, stdout: (t) => void out.push(t), stderr: (t) => void err.push(t), interactive: false });
  return { code, stdout: out.join(''), stderr: err.join('') };
}

export function scratch(): string {
  return mkdtempSync(join(tmpdir(), 'ensemble-test-'));
}
