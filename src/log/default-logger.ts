import { pino, type Logger } from 'pino';

/** The logger used when none is given: pino, JSON lines on stdout, at `info`. */
export function createDefaultLogger(): Logger {
  return pino({ name: 'promptsieve', level: 'info' });
}
