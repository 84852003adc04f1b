import { pino, type Logger } from 'pino';
import { createTurnBatch } from './turn-batch.js';

/**
 * The logger used when none is given: pino, JSON lines on stdout, at `info`. The lines of one turn of the
 * event loop are written together by a synchronous sonic-boom (see createTurnBatch): on this project's
 * benchmark machine a line written on its own cost more in sonic-boom and the system call than in pino,
 * and pino's asynchronous stdout cost more still (docs/bench/middleware.md). A stalled stdout stalls the
 * process; lines of the current turn are lost only if the process is killed. Pass your own `logger` for
 * another trade-off (docs/logging.md). `fd` is for benchmarks that log to /dev/null.
 */
export function createDefaultLogger(fd = 1): Logger {
  return pino({ name: 'promptsieve', level: 'info' }, createTurnBatch(pino.destination({ dest: fd, sync: true })));
}
