import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { url } from 'node:inspector';
import { availableParallelism, constants } from 'node:os';
import { userOldSpaceMb, WORKER_OLD_SPACE_MB } from '../dataset/heap-limits.js';

/**
 * `clean` with a worker on every core runs in a child process started with V8's
 * `--single-threaded-gc`, so that each worker collects its own garbage on its own thread.
 *
 * Why: V8 speeds up a collection with helper threads, four per process, shared by every isolate in
 * it. When each core already runs a worker, the helpers take a core from the other worker and the
 * collecting worker waits for them; on this project's 2-core machine two workers burned 10–12 s of
 * CPU per 100k records instead of 8–9 s, and cleaned 20–26k records/s instead of 27–32k
 * (docs/bench/clean.md, *Garbage collection*). V8 flags are process-wide, cannot be given to one
 * worker thread, and changing them after start crashed V8 here, hence a process started with them.
 * `MALLOC_ARENA_MAX=2` (unless set) keeps glibc from giving each thread its own malloc arena: 30–50
 * MiB less peak RSS, measured, which pays for this launcher's ~10 MiB of private memory (the rest of
 * its RSS is the node binary, whose pages the child shares).
 *
 * The child's main thread (reading, writing, in-flight batches: bounded by characters, see
 * clean-loop.ts) gets the workers' old-space limit: node's default lets its heap grow to four times
 * what is live between collections, 30–38 MiB of the peak RSS at a million records, measured. (The
 * flag also applies to the workers, whose limit it equals.) A --max-old-space-size of the user's wins.
 */
const CHILD_FLAGS = ['--single-threaded-gc'];
/** Set in the child, so that it cleans instead of starting another child. */
const CHILD_MARK = 'PROMPTSIEVE_CLEAN_CHILD';
const FORWARDED: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

/** Whether this `clean` should start the child: a worker on every core, and not already running with the flags or under a debugger. */
export function cleansInChildProcess(workers: number): boolean {
  if (workers === 0 || workers < availableParallelism()) return false;
  if (process.env[CHILD_MARK] !== undefined) return false;
  // Under a debugger (--inspect here or in NODE_OPTIONS), one process is what the person debugs.
  if (url() !== undefined) return false;
  return !process.execArgv.some((flag) => CHILD_FLAGS.includes(flag));
}

/**
 * Runs this same command line in the child and ends as it ended: its exit code, or its signal.
 * Signals sent to this process go to the child, which stops as `clean` does (exit code 130 or 143,
 * checkpoint kept). The child has inherited stdin, stdout and stderr, so it reads and writes them itself.
 */
export async function runCleanInChildProcess(): Promise<void> {
  const env = { ...process.env, [CHILD_MARK]: '1', MALLOC_ARENA_MAX: process.env.MALLOC_ARENA_MAX ?? '2' };
  // The IPC channel is only a lifeline: the child notices when it closes (this process killed).
  const child = spawn(process.execPath, [...childFlags(process.execArgv, process.env.NODE_OPTIONS), ...process.execArgv, process.argv[1]!, ...process.argv.slice(2)], { stdio: ['inherit', 'inherit', 'inherit', 'ipc'], env });
  const forward = (signal: NodeJS.Signals) => child.kill(signal);
  for (const signal of FORWARDED) process.on(signal, forward);
  const [code, signal] = (await Promise.race([once(child, 'exit'), once(child, 'error').then(([error]) => Promise.reject(error))])) as [number | null, NodeJS.Signals | null];
  for (const signal of FORWARDED) process.off(signal, forward);
  if (signal === null) {
    process.exitCode = code ?? 1;
    return;
  }
  // Killed: end the same way, so that a shell or scheduler sees what happened to the work; but a crash
  // (SIGABRT, SIGSEGV) is not re-raised, which would dump a second core: exit code 128 + n says it.
  process.exitCode = 128 + (constants.signals[signal] ?? 0);
  if (RERAISED.includes(signal)) process.kill(process.pid, signal);
  else process.stderr.write(`promptsieve clean: the cleaning process crashed (${signal}); what it wrote above says why. Output up to the last checkpoint is kept: fix the cause (for a heap limit reached: a lower --concurrency, or a larger heap with NODE_OPTIONS=--max-old-space-size=MiB) and run the same command with --resume.\n`);
}

/** The flags the child gets before this process's own: the heap limit only when node was given none (on its command line or in NODE_OPTIONS). */
export function childFlags(execArgv: readonly string[], nodeOptions: string | undefined): string[] {
  const userLimit = userOldSpaceMb(execArgv, nodeOptions) !== undefined;
  return [...CHILD_FLAGS, ...(userLimit ? [] : [`--max-old-space-size=${WORKER_OLD_SPACE_MB}`])];
}

const RERAISED: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGKILL', 'SIGPIPE'];

/** In the child: if the parent dies (even by SIGKILL, which it cannot pass on), stop at once as it would have. */
export function dieWithParent(): void {
  if (process.env[CHILD_MARK] === undefined || process.channel === undefined) return;
  process.on('disconnect', () => process.kill(process.pid, 'SIGKILL'));
  process.channel.unref();
}
