import { Worker } from 'node:worker_threads';
import type { FromWorker, SeedOutcome, ToWorker, WorkerSetup } from './protocol.js';

export interface PoolOptions {
  readonly workers: number;
  readonly seeds: readonly number[];
  readonly stopOnFailure: boolean;
  readonly onOutcome?: (outcome: SeedOutcome, done: number) => void;
}

export interface PoolResult {
  readonly outcomes: readonly SeedOutcome[];
  readonly wallMs: number;
  /** True when the pool stopped early because a seed failed. */
  readonly stoppedEarly: boolean;
}

/**
 * Runs seeds on worker threads, handing each worker the next seed when it finishes one, so a slow
 * seed never holds the others back. Outcomes come back in completion order; callers sort.
 */
export function explorePool(setup: WorkerSetup, options: PoolOptions): Promise<PoolResult> {
  const workerUrl = new URL('./worker.js', import.meta.url);
  const started = performance.now(); // wall-clock: explore reports seeds per second
  const queue = [...options.seeds];
  const outcomes: SeedOutcome[] = [];
  let stop = false;
  let active = 0;
  return new Promise((resolve, reject) => {
    const count = Math.max(1, Math.min(options.workers, queue.length || 1));
    const finishIfIdle = () => {
      if (active > 0) return;
      resolve({ outcomes, wallMs: performance.now() - started, stoppedEarly: stop && queue.length > 0 }); // wall-clock
    };
    for (let i = 0; i < count; i++) {
      const worker = new Worker(workerUrl, { workerData: setup });
      active++;
      const next = () => {
        const seed = stop ? undefined : queue.shift();
        if (seed === undefined) {
          worker.postMessage({ kind: 'stop' } satisfies ToWorker);
          return;
        }
        worker.postMessage({ kind: 'seed', seed } satisfies ToWorker);
      };
      worker.on('message', (m: FromWorker) => {
        if (m.kind === 'done') {
          outcomes.push(m.outcome);
          if (m.outcome.verdict === 'violation' && options.stopOnFailure) stop = true;
          options.onOutcome?.(m.outcome, outcomes.length);
        }
        next();
      });
      worker.on('error', reject);
      worker.on('exit', () => {
        active--;
        finishIfIdle();
      });
    }
  });
}
