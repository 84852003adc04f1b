import type { ErrorRequestHandler } from 'express';
import { isSieveError } from '../errors.js';
import { retryAfterHeader } from './block-answer.js';
import { problemFromBodyError } from './body.js';
import { PROBLEM_TYPES, sendProblem } from './problem.js';

/**
 * An Express error handler that gives the app's own body parser (`express.json()`) the same answers
 * as the middleware's: malformed JSON 400, too large 413, unsupported encoding 415. A pipeline that
 * failed to start, was closed or is overloaded answers 503. Anything else goes on to `next(err)`.
 * Mount it after the routes: `app.use(promptsieveErrorHandler())`.
 */
export function promptsieveErrorHandler(): ErrorRequestHandler {
  return function promptsieveErrorHandler(error, _req, res, next) {
    const problem = problemFromBodyError(error);
    if (problem) {
      sendProblem(res, problem);
      return;
    }
    if (isSieveError(error, 'ERR_SIEVE_NOT_READY') || isSieveError(error, 'ERR_SIEVE_CLOSED') || isSieveError(error, 'ERR_SIEVE_OVERLOADED')) {
      const overloaded = error.code === 'ERR_SIEVE_OVERLOADED';
      sendProblem(
        res,
        {
          type: PROBLEM_TYPES.scannerUnavailable,
          title: 'Prompt scanner unavailable',
          status: 503,
          detail: overloaded ? 'The prompt scanner is overloaded; retry later.' : 'The prompt scanner is not running, so the request was not forwarded.',
          code: error.code,
        },
        overloaded ? { 'Retry-After': retryAfterHeader(error.retryAfterS) } : {},
      );
      return;
    }
    next(error);
  };
}
