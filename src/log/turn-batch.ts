import type { DestinationStream } from 'pino';

/** What the batch writes to: a synchronous sonic-boom (`pino.destination({ sync: true })`). */
export type LineSink = { write(data: string): unknown; flushSync(): void };

/** Above this many pending characters the batch is written at once instead of at the end of the turn. */
export const MAX_BATCH_CHARS = 64 * 1024;

/** Batches not yet written, so that a process that exits writes them first. */
const unwritten = new Set<() => void>();
let exitHookInstalled = false;

/**
 * A pino destination that gathers the lines logged in one turn of the event loop and hands them to the
 * sink as one write, at the end of that turn (`setImmediate`) or as soon as 64 KB are pending.
 *
 * Why not pino's own choices: a synchronous sonic-boom costs two `Buffer.byteLength`s, a copy of the line
 * into a new Buffer and a write system call for every line, and a request logs one line per stage (eight
 * with the default pipeline); its asynchronous mode re-measures the whole pending buffer on every line and
 * writes through libuv's thread pool. Batched here, the cost is paid once per turn, in which a busy server
 * answers several requests.
 *
 * What it costs: lines wait until the turn ends (microseconds to a few milliseconds, never across an
 * await of the request), and are written on a normal exit and on an uncaught exception (`exit`), but the
 * lines of the current turn are lost if the process is killed (SIGKILL) or aborts. A write that fails
 * (other than a closed pipe, which pino's destination turns into a no-op) now throws at the end of the
 * turn, an uncaught exception that stops the process, where it used to fail the request that logged.
 */
export function createTurnBatch(sink: LineSink): DestinationStream & { flushSync(): void; flush(done?: (error?: Error) => void): void } {
  let pending = '';
  let scheduled = false;
  const flush = () => {
    scheduled = false;
    unwritten.delete(flush);
    if (pending.length === 0) return;
    const lines = pending;
    pending = '';
    sink.write(lines);
  };
  installExitHook();
  return {
    write(line: string) {
      pending += line;
      if (pending.length >= MAX_BATCH_CHARS) flush();
      else if (!scheduled) {
        scheduled = true;
        unwritten.add(flush);
        setImmediate(flush);
      }
    },
    flushSync() {
      flush();
      sink.flushSync();
    },
    // pino's `logger.flush(cb)`: the sink is synchronous, so the lines are written when this returns.
    flush(done) {
      flush();
      done?.();
    },
  };
}

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  // `exit` listeners run synchronously, also after an uncaught exception: the last turn's lines are written.
  process.on('exit', () => {
    for (const flush of [...unwritten]) flush();
  });
}
