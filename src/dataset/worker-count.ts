import { statSync } from 'node:fs';
import { availableParallelism } from 'node:os';

/**
 * One worker per core; but an input under 1 MiB is cleaned on the main thread, where starting the
 * threads (each loading its own pipeline) would cost more than it saves.
 */
export function defaultWorkers(input: string): number {
  if (input !== '-') {
    try {
      if (statSync(input).size < 1024 * 1024) return 0;
    } catch {
      // Opening the input reports it properly.
    }
  }
  return availableParallelism();
}
