/**
 * The one registry of promptsieve's error codes. Every code is listed in README.md ("Error codes");
 * a test keeps the two in step.
 */
export const ERROR_CODES = {
  ERR_SIEVE_CONFIG: 'A configuration option is unknown or invalid; the message names its path.',
  ERR_SIEVE_STAGE_NAME: 'Two stages in one pipeline have the same name; give one an `id`.',
  ERR_SIEVE_STAGE_TIMEOUT: 'A stage did not finish within its time limit.',
  ERR_SIEVE_NOT_READY: 'The pipeline failed to initialise (a stage\'s init() threw).',
  ERR_SIEVE_CLOSED: 'The pipeline was closed and cannot run again.',
  ERR_SIEVE_OVERLOADED: 'A bounded queue is full; retry later (HTTP 503 with Retry-After).',
  ERR_SIEVE_MODEL_VERIFY: 'A model file is missing, unexpected, of a refused format, or does not match its pinned SHA-256.',
  ERR_SIEVE_MODEL_LOAD: 'A model directory passed verification but could not be loaded.',
  ERR_SIEVE_INPUT: 'Input to the CLI could not be read or parsed.',
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

export class SieveError extends Error {
  readonly code: ErrorCode;
  /** One line that tells the user what to do about it. */
  readonly help: string;
  /** ERR_SIEVE_OVERLOADED: whole seconds until the backlog is expected to have drained (the HTTP Retry-After). */
  readonly retryAfterS?: number;

  constructor(code: ErrorCode, message: string, options?: { cause?: unknown; help?: string; retryAfterS?: number }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'SieveError';
    this.code = code;
    this.help = options?.help ?? ERROR_CODES[code];
    if (options?.retryAfterS !== undefined) this.retryAfterS = options.retryAfterS;
  }
}

export function isSieveError(error: unknown, code?: ErrorCode): error is SieveError {
  return error instanceof SieveError && (code === undefined || error.code === code);
}
