import { isSieveError } from '../errors.js';

/** Prints a failed command's error on stderr: the message and, for our own errors, what to do about it. */
export function printFailure(error: unknown): void {
  if (isSieveError(error)) {
    process.stderr.write(`promptsieve: ${error.message}\n  (${error.code}: ${error.help})\n`);
    return;
  }
  // Not one of ours: a bug or an I/O failure. Its message names a file or a system call, never prompt text.
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`promptsieve: unexpected error: ${message}\n`);
}
