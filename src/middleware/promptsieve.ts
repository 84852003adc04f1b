import { randomUUID } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import type { Logger } from 'pino';
import type { z } from 'zod';
import { parseOptions } from '../config.js';
import { createDefaultLogger } from '../log/default-logger.js';
import { logRefusedRequest, logRequestVerdicts } from '../log/verdict-log.js';
import { middlewareOptionsSchema, pipelineFromConfig, withPayingCache, type Preset } from '../options.js';
import type { Pipeline } from '../pipeline/create-pipeline.js';
import type { RequestReport } from '../pipeline/types.js';
import { checkRequestShape, MAX_SHAPE_ISSUES, REQUEST_SHAPE_STAGE, REQUEST_SHAPES, shapeVerdict, type ShapeIssue } from '../validators/request-shape.js';
import { blockAnswer } from './block-answer.js';
import { announcesForeignBody, createJsonReader, problemFromBodyError, unsupportedMediaType } from './body.js';
import { createExtractor, type ExtractedSegment } from './extractors/index.js';
import { PROBLEM_TYPES, sendProblem, type Problem } from './problem.js';
import { attachReport } from './request-report.js';

declare global {
  // Express's own augmentation point (`namespace Express`), the way its typings expect it.
  namespace Express {
    interface Request {
      /** The verdict of promptsieve on this request, set before `next()` or `onBlock`. */
      promptsieve?: RequestReport;
    }
  }
}

type SchemaInput = z.input<typeof middlewareOptionsSchema>;

/** What the middleware does once a request is judged: forward it, or answer it. */
type Act = () => void;

/** A request whose texts are being scanned, and what its verdict needs. */
type Scanned = {
  req: Request;
  res: Response;
  next: NextFunction;
  requestId: string;
  tenant: string | undefined;
  texts: string[];
  segments: ExtractedSegment[];
};

/** The middleware's options: the shared config (see `SieveConfig`) plus what only code can pass. */
export type PromptsieveOptions = Omit<SchemaInput, 'logger' | 'tenant' | 'requestId' | 'onBlock'> & {
  /** A pino logger for verdict lines; each request logs through a child. Defaults to pino on stdout at `info`. */
  logger?: Logger;
  /** The tenant of a request, logged with each verdict. Defaults to none. */
  tenant?: (req: Request) => string | undefined;
  /** The request id to log and answer with. Defaults to a well-formed `X-Request-Id` header, else a random UUID. */
  requestId?: (req: Request) => string;
  /** Replaces the default problem+json answer to a blocked request (both 4xx blocks and 503 fail-closed ones). */
  onBlock?: (req: Request, res: Response, next: NextFunction, report: RequestReport) => void | Promise<void>;
};

export type PromptsieveMiddleware = {
  (req: Request, res: Response, next: NextFunction): void;
  /** Resolves once every stage has initialised; rejects with ERR_SIEVE_NOT_READY if one failed. */
  readonly ready: Promise<void>;
  readonly pipeline: Pipeline;
  /** Closes the pipeline (stages free their models); the middleware answers with errors afterwards. */
  close(): Promise<void>;
};

const PRESET_NAMES: Record<Preset, string> = {
  'openai-chat': 'an OpenAI chat completions request',
  'openai-completions': 'an OpenAI completions request',
  'anthropic-messages': 'an Anthropic messages request',
  fields: 'a JSON request with the configured fields',
};

/** A client's `X-Request-Id` is logged only when it looks like an id: short, no spaces or control characters. */
const SAFE_REQUEST_ID = /^[\w.:@-]{1,128}$/;

/**
 * Express middleware that scans the prompt texts of a request body with a promptsieve pipeline,
 * forwards the sanitized body, and answers refused requests with RFC 9457 problem details.
 * All setup happens here, once; the returned function only works.
 */
export function promptsieve(options: PromptsieveOptions = {}): PromptsieveMiddleware {
  const owner = 'promptsieve middleware';
  const config = parseOptions(middlewareOptionsSchema, options, owner);
  const extract = createExtractor(config, owner);
  const pipeline = pipelineFromConfig(withPayingCache(config));
  const preset = config.preset ?? 'openai-chat';
  const shape = REQUEST_SHAPES[preset];
  const readJson = createJsonReader(config.bodyLimit ?? '1mb');
  const logger: Logger = config.logger ?? createDefaultLogger();
  const blockStatus = config.blockStatus ?? 400;
  const logOptions = {
    logText: config.logText ?? false,
    passLevel: config.passLevel ?? 'info',
    ...(config.logHashKey === undefined ? {} : { logHashKey: config.logHashKey }),
  };
  // `options ?? {}`: the parser reads a null options object as no options, and so must this.
  const { onBlock, tenant: tenantOf, requestId: customRequestId } = options ?? {};
  /** `headers` when the caller has read them already (see `promptsieveMiddleware`). */
  const requestIdOf = (req: Request, headers?: Request['headers']): string =>
    customRequestId === undefined ? defaultRequestId(headers ?? req.headers) : String(customRequestId(req));

  function scan(req: Request, res: Response, next: NextFunction, body: unknown, headers?: Request['headers']): void {
    // Decide inside the try, act outside it: an error thrown by the next handler is not ours to catch.
    let decided: Act | Promise<Act>;
    try {
      decided = decide(req, res, next, body, headers);
    } catch (error) {
      next(error);
      return;
    }
    // Fast path: a pipeline whose stages all answered synchronously acts now, with no promise.
    if (decided instanceof Promise) decided.then((act) => act(), next);
    else decided();
  }

  function decide(req: Request, res: Response, next: NextFunction, body: unknown, headers?: Request['headers']): Act | Promise<Act> {
    const started = performance.now();
    const requestId = requestIdOf(req, headers);
    const tenant = tenantOf?.(req);
    const issues: ShapeIssue[] = checkRequestShape(shape, body);
    let segments: ExtractedSegment[] = [];
    if (issues.length === 0) {
      const extracted = extract(body);
      segments = extracted.segments;
      // Bounded like the shape issues: a hostile body can hold a wrong type at every one of 100k paths.
      issues.push(...extracted.issues.slice(0, MAX_SHAPE_ISSUES));
    }

    if (issues.length > 0) {
      const report = shapeReport(issues, performance.now() - started, pipeline.mode);
      logRequestVerdicts(logger, report, { requestId, tenant, ...logOptions });
      attachReport(req, report);
      if (pipeline.mode === 'monitor') return () => next();
      return () =>
        sendProblem(res, {
          type: PROBLEM_TYPES.invalidRequest,
          title: 'Invalid request body',
          status: 400,
          detail: `The request body is not ${PRESET_NAMES[preset]}.`,
          errors: issues,
          requestId,
        });
    }

    const texts = segments.map((segment) => segment.text);
    const scanned = pipeline._scanRequest(
      segments.map(({ text, role, path }) => ({ text, role, path })),
      { requestId, tenant },
    );
    const request: Scanned = { req, res, next, requestId, tenant, texts, segments };
    return scanned instanceof Promise ? scanned.then((report) => conclude(request, report)) : conclude(request, scanned);
  }

  /** Logs the verdict, puts it on the request, and says what to do: answer a block, or write back and forward. */
  function conclude({ req, res, next, requestId, tenant, texts, segments }: Scanned, report: RequestReport): Act {
    logRequestVerdicts(logger, report, { requestId, tenant, texts, ...logOptions });
    attachReport(req, report);
    if (report.decision === 'block') {
      if (onBlock) return () => runOnBlock(onBlock, req, res, next, report);
      const { problem, headers } = blockAnswer(report, blockStatus, requestId);
      return () => sendProblem(res, problem, headers);
    }
    // Reports come back in the order of the segments they judge.
    report.segments.forEach((segmentReport, index) => {
      if (segmentReport.decision === 'modify') segments[index]!.write(segmentReport.text);
    });
    return () => next();
  }

  /** Answers a body that could not be read (400 / 413 / 415), and logs why, without any of the body. */
  function refuse(req: Request, res: Response, next: NextFunction, problem: Problem): void {
    try {
      const requestId = requestIdOf(req);
      logRefusedRequest(logger, { requestId, tenant: tenantOf?.(req), status: problem.status, problem: problem.type });
      sendProblem(res, { ...problem, requestId });
    } catch (error) {
      next(error);
    }
  }

  /*
   * Express gives every request object a hidden class of its own (it swaps the request's prototype and
   * then adds properties, which V8 cannot share between objects), so each property read on `req` is a
   * slow lookup, about 0.3 µs. The middleware reads each one once and passes it along.
   */
  function promptsieveMiddleware(req: Request, res: Response, next: NextFunction): void {
    const ended = req.readableEnded;
    const body: unknown = req.body;
    // Read already (the app's own parser ran, or the stream was consumed): scan what is there.
    if (ended) {
      scan(req, res, next, body);
      return;
    }
    const headers = req.headers;
    if (body !== undefined) {
      // A body set by a parser that left the stream unread (Express 4's `express.json()` sets `{}` for any
      // media type): if the request announces something other than JSON, that is what it sent.
      if (announcesForeignBody(headers)) refuse(req, res, next, unsupportedMediaType());
      else scan(req, res, next, body);
      return;
    }
    readJson(req, res, (error?: unknown) => {
      if (error === undefined || error === null) {
        const parsed: unknown = req.body;
        if (parsed === undefined) {
          // The reader reads JSON media types only (checked here, not before it, where every request would pay):
          // a body of another type is refused unread.
          if (announcesForeignBody(headers)) {
            refuse(req, res, next, unsupportedMediaType());
            return;
          }
          // A CORS preflight has no body and reaches no handler that could forward a prompt: let it through,
          // so that promptsieve mounted with `app.use` does not break cross-origin clients. Any other request
          // without a body is refused (fail closed: a GET handler may forward its query, which is not scanned).
          if (req.method === 'OPTIONS') {
            next();
            return;
          }
        }
        scan(req, res, next, parsed, headers);
        return;
      }
      const problem = problemFromBodyError(error);
      if (problem) refuse(req, res, next, problem);
      else next(error);
    });
  }

  return Object.assign(promptsieveMiddleware, {
    ready: pipeline.ready,
    pipeline,
    close: () => pipeline.close(),
  });
}

function runOnBlock(onBlock: NonNullable<PromptsieveOptions['onBlock']>, req: Request, res: Response, next: NextFunction, report: RequestReport): void {
  try {
    const result = onBlock(req, res, next, report);
    if (result instanceof Promise) result.catch(next);
  } catch (error) {
    next(error);
  }
}

function shapeReport(issues: readonly ShapeIssue[], ms: number, mode: Pipeline['mode']): RequestReport {
  const report: RequestReport = {
    decision: mode === 'monitor' ? 'allow' : 'block',
    blockedBy: REQUEST_SHAPE_STAGE,
    segments: [],
    request: [shapeVerdict(issues, ms)],
    ms,
  };
  if (mode === 'monitor') report.wouldBlock = true;
  return report;
}

function defaultRequestId(headers: Request['headers']): string {
  const header = headers['x-request-id'];
  return typeof header === 'string' && SAFE_REQUEST_ID.test(header) ? header : randomUUID();
}
