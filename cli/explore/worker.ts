import { parentPort, workerData } from 'node:worker_threads';
import type { FromWorker, ToWorker, WorkerSetup } from './protocol.js';
import { exploreSeed } from './seed.js';

/** An explore worker: runs the seeds it is sent, one at a time, and reports each outcome. */
const setup = workerData as WorkerSetup;
const port = parentPort!;
const send = (m: FromWorker) => port.postMessage(m);

port.on('message', (m: ToWorker) => {
  if (m.kind === 'stop') {
    port.close();
    return;
  }
  try {
    send({ kind: 'done', outcome: exploreSeed(setup, m.seed) });
  } catch (error) {
    send({
      kind: 'done',
      outcome: { seed: m.seed, verdict: 'unknown', kinds: [], checks: [], traceHash: '', events: 0, simulatedMs: 0, wallMs: 0, error: error instanceof Error ? (error.stack ?? error.message) : String(error) },
    });
  }
});
send({ kind: 'ready' });
