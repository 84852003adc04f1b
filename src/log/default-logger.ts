import { pino, type Logger } from 'pino';

/**
 * The logger used when none is given: pino, JSON lines on stdout, at `info`, each line written when
 * it is logged (`sync: true`). On this project's benchmark machine a synchronous write per line cost
 * less CPU than pino's asynchronous stdout, buffered (`minLength: 4096`) or not: sonic-boom measures
 * its whole buffer again on every line it appends, and each write goes through libuv's thread pool
 * (docs/bench/middleware.md). Nothing is lost on a crash; a stalled stdout stalls the process. Pass
 * your own `logger` for another trade-off (docs/logging.md).
 */
export function createDefaultLogger(): Logger {
  return pino({ name: 'promptsieve', level: 'info' }, pino.destination({ dest: 1, sync: true }));
}
