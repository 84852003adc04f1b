import { randomUUID } from 'node:crypto';
import { extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BroadcastChannel } from 'node:worker_threads';
import { SieveError, type ErrorCode, ERROR_CODES } from '../errors.js';
import type { PipelineCliOptions } from '../cli/shared-options.js';
import { cleanBatch } from './clean-batch.js';
import { userOldSpaceMb, WORKER_OLD_SPACE_MB, WORKER_YOUNG_SPACE_MB } from './heap-limits.js';
import type { CleanSettings, Outcome, WorkItem } from './clean-record.js';

/** What every worker is started with. */
export type WorkerSetup = {
  pipeline: Pick<PipelineCliOptions, 'config' | 'mode'>;
  settings: CleanSettings;
  /** Records in flight at once in one worker. */
  concurrency: number;
  /** The BroadcastChannel on which each worker says, once, that it has loaded its pipeline or why it could not. */
  startChannel: string;
};

/** Why a worker could not load its pipeline; errors lose their class between threads. */
export type WorkerFailure = { code?: string; message: string; help?: string };
type StartMessage = { ready: true } | { failed: WorkerFailure };

export type WorkerTask = { items: WorkItem[] };

/** Cleans batches of records; `run` may be called again before earlier batches finish. */
export type RecordPool = {
  /** Worker threads; 0 when records are cleaned on the main thread. */
  readonly workers: number;
  run(items: WorkItem[]): Promise<Outcome[]>;
  close(): Promise<void>;
};

/**
 * Starts `workers` threads (piscina), each loading its own pipeline, and resolves once all are ready.
 * With 0 workers, records are cleaned on the main thread (no thread start-up; for small inputs).
 */
export async function startRecordPool(workers: number, options: Omit<WorkerSetup, 'startChannel'>): Promise<RecordPool> {
  if (workers === 0) return inlinePool(options);
  const setup: WorkerSetup = { ...options, startChannel: `promptsieve-clean-start-${randomUUID()}` };
  // Listening before the threads start, so that no worker's message is missed.
  const startChannel = new BroadcastChannel(setup.startChannel);
  const started = new Promise<StartMessage[]>((resolve) => {
    const messages: StartMessage[] = [];
    startChannel.onmessage = (event) => {
      messages.push((event as { data: StartMessage }).data);
      if (messages.length === workers) resolve(messages);
    };
  });
  const { Piscina } = await import('piscina');
  // From dist/ the worker is clean-worker.js; from the sources, a loader that registers tsx in the thread first.
  const fromSource = extname(fileURLToPath(import.meta.url)) === '.ts';
  const filename = fileURLToPath(new URL(fromSource ? './clean-worker.dev.mjs' : './clean-worker.js', import.meta.url));
  const pool = new Piscina({
    filename,
    workerData: setup,
    minThreads: workers,
    maxThreads: workers,
    // A second batch waits in each worker while the first runs (the worker cleans them one after the
    // other), so a worker never idles until the main thread gets the CPU to send the next one.
    concurrentTasksPerWorker: 2,
    idleTimeout: Number.MAX_SAFE_INTEGER,
    // Tasks await the model's inference on the event loop; Atomics.wait would block it between tasks.
    atomics: 'disabled',
    // Bounded heaps, see heap-limits.ts. (A --max-old-space-size given to node overrides the old-space one.)
    resourceLimits: { maxOldGenerationSizeMb: WORKER_OLD_SPACE_MB, maxYoungGenerationSizeMb: WORKER_YOUNG_SPACE_MB },
  });
  const close = async () => {
    await pool.destroy();
  };
  try {
    // A worker that dies while loading (out of memory) never says so: its error ends the wait.
    const died = new Promise<never>((_, reject) => pool.once('error', reject));
    died.catch(() => undefined);
    for (const message of await Promise.race([started, died])) throwIfFailed(message);
  } catch (error) {
    await close();
    throw error;
  } finally {
    startChannel.close();
  }
  return {
    workers,
    async run(items) {
      let answer: unknown;
      try {
        answer = await pool.run({ items } satisfies WorkerTask);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ERR_WORKER_OUT_OF_MEMORY') throw error;
        const limit = userOldSpaceMb(process.execArgv, process.env.NODE_OPTIONS) ?? WORKER_OLD_SPACE_MB;
        throw new SieveError('ERR_SIEVE_INPUT', `a worker ran out of memory (its heap is limited to ${limit} MiB) on a batch of ${items.length} records.`, {
          cause: error,
          // Batches already close at 1 Mi characters: what is left is the records cleaned at once, or one huge record.
          help: 'Very long records need fewer in flight: pass a lower --concurrency (and --batch-size), then --resume; or give node a larger heap (NODE_OPTIONS=--max-old-space-size=MiB).',
        });
      }
      throwIfFailed(answer);
      return answer as Outcome[];
    },
    close,
  };
}

async function inlinePool(setup: Omit<WorkerSetup, 'startChannel'>): Promise<RecordPool> {
  const { loadPipeline } = await import('../cli/load-pipeline.js');
  const { recordCleaner } = await import('./clean-record.js');
  const pipeline = await loadPipeline(setup.pipeline, { cacheSize: 0 });
  const clean = recordCleaner(pipeline, setup.settings);
  return {
    workers: 0,
    // Rows are cleaned in place; the caller keeps the original for the rejects file, as a worker's copy would leave it.
    run: (items) => cleanBatch(items.map((item) => ('value' in item ? { value: structuredClone(item.value) } : item)), clean, setup.concurrency),
    close: () => pipeline.close(),
  };
}

/** A worker that could not load its pipeline answers with the error; raise it here with its code. */
function throwIfFailed(answer: unknown): void {
  if (typeof answer !== 'object' || answer === null || !('failed' in answer)) return;
  const { code, message, help } = (answer as { failed: { code?: string; message: string; help?: string } }).failed;
  const known = code !== undefined && code in ERROR_CODES ? (code as ErrorCode) : 'ERR_SIEVE_NOT_READY';
  throw new SieveError(known, message, help === undefined ? undefined : { help });
}
