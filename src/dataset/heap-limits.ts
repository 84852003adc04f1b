/**
 * V8 heap limits of `clean`'s threads. A worker's live heap is ~60 MiB with the default stages;
 * unbounded, V8 lets a heap grow to several times its live size before collecting (its growing
 * factor is 4 for heaps allowed 1 GiB or more, ~1.3 at this size), which was most of clean's memory
 * (docs/bench/clean.md). Here so that the worker pool and the child process (whose main thread gets
 * the same old-space limit) agree without loading each other.
 */
export const WORKER_OLD_SPACE_MB = 160;
export const WORKER_YOUNG_SPACE_MB = 32;

const HEAP_FLAG = '--max-old-space-size';

/**
 * The old-space limit node was given, on its command line or in NODE_OPTIONS (`_` or `-` spelling), in
 * MiB; V8 applies it to every isolate, workers included, over their `resourceLimits`.
 */
export function userOldSpaceMb(execArgv: readonly string[], nodeOptions: string | undefined): number | undefined {
  let limit: number | undefined;
  for (const flag of [...(nodeOptions ?? '').split(/\s+/), ...execArgv]) {
    const [name, value] = flag.replaceAll('_', '-').split('=');
    if (name === HEAP_FLAG && value !== undefined && Number.isFinite(Number(value))) limit = Number(value);
  }
  return limit;
}
