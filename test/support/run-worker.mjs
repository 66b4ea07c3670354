// Runs a plan in a worker thread from the compiled build and posts back its trace hash.
import { parentPort, workerData } from 'node:worker_threads';
const { run } = await import(new URL('../../dist/scenarios/run.js', import.meta.url).href);
const result = run(workerData.plan, { keepTrace: 0 });
parentPort.postMessage({ hash: result.traceHash, verdict: result.verdict });
