/**
 * A worker thread of `promptsieve clean` (run by piscina): its own pipeline, model included, loaded
 * once when the thread starts; then batches of records in, outcomes out, in order.
 */
import { BroadcastChannel, workerData } from 'node:worker_threads';
import { loadPipeline } from '../cli/load-pipeline.js';
import { cleanBatch } from './clean-batch.js';
import { recordCleaner, type Outcome, type RecordCleaner } from './clean-record.js';
import type { WorkerFailure, WorkerSetup, WorkerTask } from './record-pool.js';

const setup = workerData as WorkerSetup;
let cleaner: RecordCleaner | undefined;
let failure: WorkerFailure | undefined;
try {
  // One model thread per worker: the workers are the parallelism (one per core).
  const pipeline = await loadPipeline(setup.pipeline, { cacheSize: 0, modelThreads: 1 });
  cleaner = recordCleaner(pipeline, setup.settings);
} catch (error) {
  // Errors lose their class between threads; send what the user needs to read.
  const { code, message, help } = error as { code?: string; message: string; help?: string };
  failure = { message: String(message), ...(typeof code === 'string' ? { code } : {}), ...(typeof help === 'string' ? { help } : {}) };
}
// Every worker says once that it is ready (or why it is not), so the run's clock starts with all of them loaded.
const started = new BroadcastChannel(setup.startChannel);
started.postMessage(failure === undefined ? { ready: true } : { failed: failure });
started.close();

// piscina hands each worker a second batch while the first runs, so that it never waits for the
// main thread between batches; they are cleaned one after the other, in the order they came.
let previous: Promise<unknown> = Promise.resolve();

export default function run(task: WorkerTask): Promise<Outcome[] | { failed: WorkerFailure }> {
  if (failure !== undefined) return Promise.resolve({ failed: failure });
  const mine = previous.then(() => cleanBatch(task.items, cleaner!, setup.concurrency));
  previous = mine.catch(() => undefined);
  return mine;
}
