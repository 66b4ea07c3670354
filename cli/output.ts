import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { UserError } from './errors.js';

/**
 * A run folder written all at once: files go into a hidden staging folder next to the target,
 * which is renamed into place only when everything is written. A failure leaves nothing behind.
 */
export class RunFolder {
  readonly staging: string;

  private constructor(readonly target: string) {
    this.staging = join(dirname(target), `.${basename(target)}.partial-${process.pid}`);
    try {
      mkdirSync(this.staging, { recursive: true });
    } catch (error) {
      throw new UserError(`cannot create ${dirname(target)}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
    }
  }

  /**
   * Refuses a non-empty `explicit` folder; otherwise picks a fresh `runs/<name>` under `cwd`,
   * suffixed -2, -3, ... when taken. The name comes from input files (a scenario's `name`), so it
   * is made a safe folder name first: nothing in a file can place the folder elsewhere.
   */
  static open(explicit: string | undefined, defaultName: string, cwd: string = process.cwd()): RunFolder {
    if (explicit !== undefined) {
      const target = resolve(cwd, explicit);
      if (existsSync(target) && !statSync(target).isDirectory()) throw new UserError(`--out ${explicit}: a file is there; give a folder (created if missing, or empty)`);
      if (existsSync(target) && readdirSync(target).length > 0) throw new UserError(`--out ${explicit}: the folder exists and is not empty; choose another or empty it`);
      return new RunFolder(target);
    }
    const base = join(resolve(cwd, 'runs'), folderName(defaultName));
    let target = base;
    for (let i = 2; existsSync(target); i++) target = `${base}-${i}`;
    return new RunFolder(target);
  }

  file(name: string): string {
    return join(this.staging, name);
  }

  commit(): string {
    if (existsSync(this.target)) rmSync(this.target, { recursive: true });
    mkdirSync(dirname(this.target), { recursive: true });
    renameSync(this.staging, this.target);
    return this.target;
  }

  abandon(): void {
    rmSync(this.staging, { recursive: true, force: true });
  }
}

/**
 * A name as one safe folder name: letters, digits, `.`, `_` and `-` kept, every other run of
 * characters (path separators, `..`, spaces, control characters) one `-`, no leading dot or dash,
 * at most 80 characters; `run` when nothing is left.
 */
export function folderName(name: string): string {
  const safe = name
    .normalize('NFKC')
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/\.{2,}/g, '-')
    .replace(/-{2,}/g, '-')
    .replace(/^[.-]+/, '')
    .slice(0, 80)
    .replace(/[.-]+$/, '');
  return safe === '' ? 'run' : safe;
}
