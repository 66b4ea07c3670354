import { existsSync, mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { UserError } from './errors.js';

/**
 * A run folder written all at once: files go into a hidden staging folder next to the target,
 * which is renamed into place only when everything is written. A failure leaves nothing behind.
 */
export class RunFolder {
  readonly staging: string;

  private constructor(readonly target: string) {
    this.staging = join(dirname(target), `.${target.split('/').pop()}.partial-${process.pid}`);
    mkdirSync(this.staging, { recursive: true });
  }

  /** Refuses a non-empty `explicit` folder; picks a fresh `runs/<name>` (suffixed -2, -3, ...) otherwise. */
  static open(explicit: string | undefined, defaultName: string): RunFolder {
    if (explicit !== undefined) {
      const target = resolve(explicit);
      if (existsSync(target) && readdirSync(target).length > 0) throw new UserError(`--out ${explicit}: the folder exists and is not empty; choose another or empty it`);
      return new RunFolder(target);
    }
    const base = resolve('runs', defaultName);
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
