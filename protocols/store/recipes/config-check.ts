/**
 * `config-convergence`: every config watcher converges on the last write.
 *
 * - Convergence: once no write has been invoked for `SETTLE` before the end of the run, every
 *   watcher's last read is the final configuration (the highest version anyone wrote or read).
 *   A run whose last write came later is not judged on this: it had no time to settle.
 * - No going back: each watcher reads versions in order (ZooKeeper's single system image).
 * - No lost update: the final configuration lists every change a writer was told was written.
 */
import { CONFIG, changesOf } from './config.js';
import { MAX_REPORTED, type TraceCheck, type Violation } from '../../../sim/checks/index.js';
import { RecipeEvents, observationsOf, secs, storeCalls } from './facts.js';

export const CONFIG_CONVERGENCE = 'config-convergence';

/** How long after the last write every watcher must have caught up: a resync, a session expiry, a reconnect. */
export const SETTLE = 3_000_000;

export function configConvergence(): TraceCheck {
  const events = new RecipeEvents('config');
  return {
    observe: (event) => events.observe(event),
    finish(run) {
      const out: Violation[] = [];
      const report = (v: Omit<Violation, 'kind' | 'check'>) => {
        if (out.length < MAX_REPORTED) out.push({ kind: 'invariant', check: CONFIG_CONVERGENCE, ...v });
      };
      const highest = new Map<string, { version: number; at: number }>();
      const last = new Map<string, { version: number; at: number }>();
      for (const e of events.of('seen')) {
        const read = { version: Number(e.fields['version']), at: e.at };
        const before = highest.get(e.client);
        if (before !== undefined && read.version < before.version) {
          report({ at: e.at, message: `${e.client} read ${CONFIG} version ${read.version} at ${secs(e.at)} after reading version ${before.version} at ${secs(before.at)}` });
        } else highest.set(e.client, read);
        last.set(e.client, read);
      }

      const calls = storeCalls(run.history);
      const seen = observationsOf(calls, CONFIG);
      if (seen.length === 0) return out;
      const final = seen.reduce((a, b) => (b.version > a.version ? b : a));
      const listed = new Set(changesOf(final.data));
      for (const c of calls) {
        if (c.f !== 'set' || c.type !== 'ok' || c.args['path'] !== CONFIG || typeof c.args['data'] !== 'string') continue;
        if ((c.result as { error?: string } | undefined)?.error !== undefined) continue;
        const change = changesOf(c.args['data']).at(-1);
        if (change !== undefined && !listed.has(change)) {
          report({ at: c.invokedAt, message: `lost update: the write of change ${change} was acknowledged (at ${secs(c.invokedAt)}), but the final configuration (version ${final.version}) does not list it`, witness: { change, final } });
        }
      }

      const lastWrite = calls.reduce((t, c) => (c.f === 'set' && c.args['path'] === CONFIG ? Math.max(t, c.invokedAt) : t), 0);
      if (run.end - lastWrite < SETTLE) return out;
      for (const w of events.of('role')) {
        if (w.fields['role'] !== 'watcher') continue;
        const mine = last.get(w.client);
        if (mine === undefined) report({ at: run.end, message: `watcher ${w.client} never read ${CONFIG}, whose final version is ${final.version}` });
        else if (mine.version !== final.version) {
          report({
            at: run.end,
            message: `watcher ${w.client} did not converge: its last read (at ${secs(mine.at)}) was version ${mine.version}, but the last write (before ${secs(lastWrite)}) made version ${final.version}`,
            witness: { watcher: w.client, seen: mine, final },
          });
        }
      }
      return out;
    },
  };
}
