import { isSieveError, SieveError } from '../errors.js';
import type { Segment, Stage, StageContext, StageResult, StageVerdict } from './types.js';

export type StageOutcome = { verdict: StageVerdict; result?: StageResult };

/**
 * Runs one stage under a time limit and turns a throw or a timeout into an `error` verdict.
 * Synchronous stages cannot be pre-empted; the timer only guards stages that return a promise,
 * and costs nothing for the others.
 *
 * Fast path: a stage that returns a result (not a promise) gets its outcome back synchronously, with no
 * promise, timer or AbortController made for it. `ctx.signal` is created on first read, so a stage that
 * never looks at it costs no controller; a stage that times out finds it aborted whenever it looks.
 */
export function runStage(
  stage: Stage,
  segment: Readonly<Segment>,
  context: Omit<StageContext, 'signal'>,
  timeoutMs: number,
): StageOutcome | Promise<StageOutcome> {
  let controller: AbortController | undefined;
  const stageContext: StageContext = {
    ...context,
    get signal() {
      return (controller ??= new AbortController()).signal;
    },
  };
  const started = performance.now();
  try {
    const result = stage.run(segment, stageContext);
    if (result instanceof Promise) {
      // The same controller as the signal's, made now if the stage has not read it yet.
      controller ??= new AbortController();
      return settle(stage, result, timeoutMs, controller, started);
    }
    return { verdict: toVerdict(stage, result, performance.now() - started), result };
  } catch (error) {
    return errorOutcome(stage, error, started);
  }
}

/**
 * The outcome of an asynchronous stage: its result, its error, or a timeout that aborts its signal, whichever
 * comes first. One promise, not a timeout wrapper awaited by an async function: this runs once per model call.
 */
function settle(stage: Stage, pending: Promise<StageResult>, timeoutMs: number, controller: AbortController, started: number): Promise<StageOutcome> {
  return new Promise<StageOutcome>((resolve) => {
    const timer = setTimeout(() => {
      controller.abort();
      resolve(errorOutcome(stage, new SieveError('ERR_SIEVE_STAGE_TIMEOUT', `Stage "${stage.name}" did not finish within ${timeoutMs} ms.`), started));
    }, timeoutMs);
    pending.then(
      (result) => {
        clearTimeout(timer);
        try {
          resolve({ verdict: toVerdict(stage, result, performance.now() - started), result });
        } catch (error) {
          // A stage that resolved to something not a result.
          resolve(errorOutcome(stage, error, started));
        }
      },
      (error: unknown) => {
        clearTimeout(timer);
        resolve(errorOutcome(stage, error, started));
      },
    );
  });
}

function errorOutcome(stage: Stage, error: unknown, started: number): StageOutcome {
  const verdict: StageVerdict = {
    stage: stage.name,
    kind: stage.kind,
    action: 'error',
    findings: [errorFinding(error)],
    ms: performance.now() - started,
  };
  // The overloaded stage's own wait estimate, for the middleware's Retry-After.
  if (isSieveError(error, 'ERR_SIEVE_OVERLOADED') && error.retryAfterS !== undefined) verdict.detail = { retryAfterS: error.retryAfterS };
  return { verdict };
}

function toVerdict(stage: Stage, result: StageResult, ms: number): StageVerdict {
  const verdict: StageVerdict = { stage: stage.name, kind: stage.kind, action: result.action, findings: result.findings, ms };
  if (result.risk !== undefined) verdict.risk = result.risk;
  if (result.detail !== undefined) verdict.detail = result.detail;
  return verdict;
}

function errorFinding(error: unknown) {
  if (error instanceof SieveError && error.code === 'ERR_SIEVE_STAGE_TIMEOUT') {
    return { code: 'stage_timeout', message: error.message };
  }
  if (error instanceof SieveError && error.code === 'ERR_SIEVE_OVERLOADED') {
    return { code: 'stage_overloaded', message: error.message };
  }
  // The message of an arbitrary error may quote input; report its type only.
  const name = error instanceof Error ? error.name : typeof error;
  return { code: 'stage_error', message: `The stage threw ${name}.` };
}
