/**
 * A worker thread of `promptsieve clean` (run by piscina): its own pipeline, model included, loaded
 * once when the thread starts; then batches of records in, outcomes out, in order.
 */
import { workerData } from 'node:worker_threads';
import { loadPipeline } from '../cli/load-pipeline.js';
import { cleanBatch } from './clean-batch.js';
import { recordCleaner, type Outcome, type RecordCleaner } from './clean-record.js';
import type { WorkerSetup, WorkerTask } from './record-pool.js';

const setup = workerData as WorkerSetup;
let cleaner: RecordCleaner | undefined;
let failure: { code?: string; message: string; help?: string } | undefined;
try {
  // One model thread per worker: the workers are the parallelism (one per core).
  const pipeline = await loadPipeline(setup.pipeline, { cacheSize: 0, modelThreads: 1 });
  cleaner = recordCleaner(pipeline, setup.settings);
} catch (error) {
  // Errors lose their class between threads; send what the user needs to read.
  const { code, message, help } = error as { code?: string; message: string; help?: string };
  failure = { message: String(message), ...(typeof code === 'string' ? { code } : {}), ...(typeof help === 'string' ? { help } : {}) };
}

export default async function run(task: WorkerTask): Promise<Outcome[] | { ready: true } | { failed: NonNullable<typeof failure> }> {
  if ('barrier' in task) {
    // Every worker answers only once all have loaded, so the run's clock starts with all of them ready.
    // One that failed arrives too (and answers with its error), so that the others are not left waiting.
    const arrived = new Int32Array(task.barrier);
    Atomics.add(arrived, 0, 1);
    Atomics.notify(arrived, 0);
    if (failure !== undefined) return { failed: failure };
    const waitAsync = (Atomics as unknown as { waitAsync(array: Int32Array, index: number, value: number, ms: number): { value: Promise<string> | string } }).waitAsync;
    for (let seen = Atomics.load(arrived, 0); seen < task.workers; seen = Atomics.load(arrived, 0)) {
      const waited = waitAsync(arrived, 0, seen, 1000).value;
      if (typeof waited !== 'string') await waited;
    }
    return { ready: true };
  }
  if (failure !== undefined) return { failed: failure };
  return cleanBatch(task.items, cleaner!, setup.concurrency);
}
