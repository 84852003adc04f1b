import { isSieveError, SieveError } from '../errors.js';
import type { Segment, Stage, StageContext, StageResult, StageVerdict } from './types.js';

export type StageOutcome = { verdict: StageVerdict; result?: StageResult };

/** What code that only has to hear of an abort reads of an AbortSignal; an AbortSignal is one. */
export type AbortNotice = {
  readonly aborted: boolean;
  readonly reason: unknown;
  addEventListener(type: 'abort', listener: () => void, options: { once: true }): void;
};

/** The timeout of a run made by runStage, told without an AbortSignal. */
class TimeoutNotice implements AbortNotice {
  aborted = false;
  reason: unknown = undefined;
  #listeners: (() => void)[] = [];

  addEventListener(_type: 'abort', listener: () => void): void {
    if (!this.aborted) this.#listeners.push(listener);
  }

  abort(reason: unknown): void {
    this.aborted = true;
    this.reason = reason;
    for (const listener of this.#listeners) listener();
    this.#listeners = [];
  }
}

const NOTICE = Symbol('abort notice');

/**
 * How a stage hears that its run was aborted: for a run made by runStage, a notice that does not make
 * `ctx.signal` (Node takes ~6 µs to make an AbortSignal, three times the rest of runStage for an
 * asynchronous stage); for any other context, its signal.
 */
export function abortNoticeOf(ctx: StageContext): AbortNotice {
  return (ctx as { [NOTICE]?: AbortNotice })[NOTICE] ?? ctx.signal;
}

/**
 * The context of one stage run. A class, so that its accessors live on one shared prototype: an object
 * literal with getters made two closures and an object of its own shape per stage per segment (~1 KB
 * of garbage a stage). `signal` and the abort notice are made on first read, so a stage that never
 * looks at them costs neither; a stage that timed out finds them aborted whenever it looks.
 */
class RunContext implements StageContext {
  readonly requestId: string | undefined;
  readonly tenant: string | undefined;
  #controller: AbortController | undefined = undefined;
  #notice: TimeoutNotice | undefined = undefined;
  #timedOut = false;

  constructor(context: Omit<StageContext, 'signal'>) {
    this.requestId = context.requestId;
    this.tenant = context.tenant;
  }

  get signal(): AbortSignal {
    if (!this.#controller) {
      this.#controller = new AbortController();
      if (this.#timedOut) this.#controller.abort();
    }
    return this.#controller.signal;
  }

  get [NOTICE](): AbortNotice {
    if (!this.#notice) {
      this.#notice = new TimeoutNotice();
      if (this.#timedOut) this.#notice.abort(this.signal.reason);
    }
    return this.#notice;
  }

  /** The time is up: the signal's listeners hear first, then the notice's, with the signal's reason. */
  abort(): void {
    this.#timedOut = true;
    this.#controller?.abort();
    if (this.#notice) this.#notice.abort(this.signal.reason);
  }
}

/**
 * Runs one stage under a time limit and turns a throw or a timeout into an `error` verdict.
 * Synchronous stages cannot be pre-empted; the timer only guards stages that return a promise,
 * and costs nothing for the others.
 *
 * Fast path: a stage that returns a result (not a promise) gets its outcome back synchronously, with no
 * promise, timer or AbortController made for it.
 */
export function runStage(
  stage: Stage,
  segment: Readonly<Segment>,
  context: Omit<StageContext, 'signal'>,
  timeoutMs: number,
): StageOutcome | Promise<StageOutcome> {
  const stageContext = new RunContext(context);
  const started = performance.now();
  try {
    const result = stage.run(segment, stageContext);
    if (result instanceof Promise) return settle(stage, result, timeoutMs, stageContext, started);
    return { verdict: toVerdict(stage, result, performance.now() - started), result };
  } catch (error) {
    return errorOutcome(stage, error, started);
  }
}

/**
 * The outcome of an asynchronous stage: its result, its error, or a timeout that aborts its signal, whichever
 * comes first. One promise, not a timeout wrapper awaited by an async function: this runs once per model call.
 */
function settle(stage: Stage, pending: Promise<StageResult>, timeoutMs: number, context: RunContext, started: number): Promise<StageOutcome> {
  return new Promise<StageOutcome>((resolve) => {
    const timer = setTimeout(() => {
      context.abort();
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
