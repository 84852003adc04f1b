import { z } from 'zod';
import { parseOptions } from '../config.js';
import { isSieveError, SieveError } from '../errors.js';
import { checkRequestLimits, requestLimitsSchema } from '../validators/request-limits.js';
import { createReportCache, type CacheKey, type CacheStats } from './report-cache.js';
import { runStage, type StageOutcome } from './run-stage.js';
import { toSegment } from './segment.js';
import {
  STAGE_KINDS,
  type Report,
  type RequestReport,
  type Segment,
  type SegmentInput,
  type Stage,
  type StageContext,
  type StageVerdict,
} from './types.js';

export const MODES = ['enforce', 'monitor'] as const;
/** At most ~40 MB of cached text (two bytes a character at worst): 10,000 reports of 1 KB texts fit twice over. */
export const DEFAULT_CACHE_MAX_CHARS = 20_000_000;
export const ON_ERROR = ['block', 'allow'] as const;

const isStage = (value: unknown): value is Stage =>
  typeof value === 'object' &&
  value !== null &&
  typeof (value as Stage).name === 'string' &&
  (STAGE_KINDS as readonly string[]).includes((value as Stage).kind) &&
  typeof (value as Stage).run === 'function';

export const pipelineOptionsSchema = z.strictObject({
  /** The stages, run in this order. */
  stages: z.array(z.custom<Stage>(isStage, { message: 'Expected a stage: {name, kind, run}' })),
  /** `enforce` blocks and rewrites; `monitor` only observes and reports `wouldBlock`. Defaults to `'enforce'`. */
  mode: z.enum(MODES).optional(),
  /** Time limit for each asynchronous stage, in ms. Defaults to `2000`. */
  timeoutMs: z.number().int().positive().optional(),
  /** Per-stage time limits by stage name, overriding `timeoutMs`. Defaults to `{}`. */
  stageTimeoutMs: z.record(z.string(), z.number().int().positive()).optional(),
  /** What a stage that throws or times out means: `block` (fail closed) or `allow`. Defaults to `'block'`. */
  onError: z.enum(ON_ERROR).optional(),
  /** Most reports kept in the LRU report cache; `0` turns it off. Defaults to `10000`. */
  cacheSize: z.number().int().nonnegative().optional(),
  /** Most characters of text the cached reports hold, in all (each report keeps its text). Defaults to `20000000`. */
  cacheMaxChars: z.number().int().positive().optional(),
  /** Limits on a whole request (see `checkRequestLimits`). Defaults to `{}`. */
  requestLimits: requestLimitsSchema.optional(),
});
export type PipelineOptions = z.input<typeof pipelineOptionsSchema>;

export type RunContext = Omit<StageContext, 'signal'>;

export type Pipeline = {
  readonly stages: readonly Stage[];
  readonly mode: (typeof MODES)[number];
  /** Resolves once every stage's `init()` has run; rejects with ERR_SIEVE_NOT_READY if one failed. */
  readonly ready: Promise<void>;
  run(input: SegmentInput, context?: RunContext): Promise<Report>;
  runRequest(inputs: readonly SegmentInput[], context?: RunContext): Promise<RequestReport>;
  /**
   * Internal (for the middleware): `runRequest`, but the report itself, with no promise, when every
   * stage answered synchronously. Throws ERR_SIEVE_CLOSED instead of rejecting.
   */
  _scanRequest(inputs: readonly SegmentInput[], context?: RunContext): RequestReport | Promise<RequestReport>;
  cacheStats(): CacheStats;
  close(): Promise<void>;
};

/** Builds a pipeline: a small explicit loop over the stages (STYLE.md 6). */
export function createPipeline(options: PipelineOptions): Pipeline {
  const config = parseOptions(pipelineOptionsSchema, options, 'pipeline');
  const stages = config.stages;
  const mode = config.mode ?? 'enforce';
  const onError = config.onError ?? 'block';
  const defaultTimeout = config.timeoutMs ?? 2000;
  const stageTimeouts = config.stageTimeoutMs ?? {};
  assertUniqueNames(stages);
  for (const name of Object.keys(stageTimeouts)) {
    if (!stages.some((stage) => stage.name === name)) {
      throw new SieveError('ERR_SIEVE_CONFIG', `Invalid pipeline options:\n  ✖ stageTimeoutMs.${name}: no stage is named "${name}"`);
    }
  }

  const cacheSize = config.cacheSize ?? 10_000;
  const cache = cacheSize > 0 ? createReportCache(cacheSize, config.cacheMaxChars ?? DEFAULT_CACHE_MAX_CHARS) : undefined;
  let closed = false;

  // Started at once so that the first request does not pay for it; stages load models here.
  const ready = Promise.all(stages.map(initialise)).then(() => undefined);
  // Callers that never await `ready` still see the failure on their first run, not as an unhandled rejection.
  ready.catch(() => undefined);
  // Once ready, runs stop waiting on the settled promise (one turn of the microtask queue per segment).
  let isReady = false;
  ready.then(() => (isReady = true), () => undefined);

  /** What one segment's run has gathered so far. */
  type SegmentRun = {
    segment: Segment;
    context: RunContext;
    original: string;
    verdicts: StageVerdict[];
    viewFollowsText: boolean;
    /** Errors are transient (a timeout under load), and some results are per-request: never pin those. */
    cacheable: boolean;
    blockedBy: string | undefined;
  };
  type SegmentOutcome = { report: Report; cacheable: boolean };

  /*
   * Fast path: the stages run in a plain loop while they answer synchronously, and the run only turns
   * into a promise at the first stage that returns one. A pipeline of synchronous stages (every
   * default stage but the model) thus scans a request without a promise, a microtask or an await.
   */
  function runSegment(segment: Segment, context: RunContext): SegmentOutcome | Promise<SegmentOutcome> {
    const run: SegmentRun = { segment, context, original: segment.text, verdicts: [], viewFollowsText: true, cacheable: true, blockedBy: undefined };
    return runStagesFrom(0, run);
  }

  function runStagesFrom(first: number, run: SegmentRun): SegmentOutcome | Promise<SegmentOutcome> {
    for (let index = first; index < stages.length; index++) {
      const stage = stages[index]!;
      const outcome = runStage(stage, run.segment, run.context, stageTimeouts[stage.name] ?? defaultTimeout);
      if (outcome instanceof Promise) {
        return outcome.then((settled) => (applyOutcome(run, stage, settled) ? finish(run) : runStagesFrom(index + 1, run)));
      }
      if (applyOutcome(run, stage, outcome)) break;
    }
    return finish(run);
  }

  /** Records a stage's outcome and applies its text and view; `true` when the pipeline stops here. */
  function applyOutcome(run: SegmentRun, stage: Stage, { verdict, result }: StageOutcome): boolean {
    run.verdicts.push(verdict);
    if (verdict.action === 'error' || result?.cacheable === false) run.cacheable = false;
    if (result) {
      if (result.view !== undefined) {
        run.segment.view = result.view;
        run.viewFollowsText = false;
      }
      if (result.text !== undefined) {
        run.segment.text = result.text;
        // The view tracks the text until a stage takes it over (a normaliser, a decoder).
        if (run.viewFollowsText) run.segment.view = result.text;
      }
    }
    const blocks = verdict.action === 'block' || (verdict.action === 'error' && onError === 'block');
    if (!blocks || run.blockedBy !== undefined) return false;
    run.blockedBy = stage.name;
    // Enforce stops at the first block; monitor goes on so that every verdict is observed.
    return mode === 'enforce';
  }

  const finish = (run: SegmentRun): SegmentOutcome => ({ report: fold(run.original, run.segment, run.verdicts, run.blockedBy), cacheable: run.cacheable });

  function fold(original: string, segment: Segment, stagesRun: StageVerdict[], blockedBy: string | undefined): Report {
    const report: Report = { decision: 'allow', text: original, role: segment.role, stages: stagesRun };
    if (segment.path !== undefined) report.path = segment.path;
    if (mode === 'monitor') {
      report.wouldBlock = blockedBy !== undefined;
      if (blockedBy !== undefined) report.blockedBy = blockedBy;
      return report;
    }
    if (blockedBy !== undefined) {
      report.decision = 'block';
      report.blockedBy = blockedBy;
      return report;
    }
    if (segment.text !== original) {
      report.decision = 'modify';
      report.text = segment.text;
    }
    return report;
  }

  /** One segment, through the cache; synchronous when every stage it runs is. */
  function scanSegment(segment: Segment, context: RunContext): Report | Promise<Report> {
    if (!isReady) return ready.then(() => scanSegment(segment, context));
    const key = cache?.keyOf(segment);
    if (cache && key !== undefined) {
      const hit = cache.get(key);
      if (hit) return withPath({ ...hit, cached: true }, segment.path);
    }
    const outcome = runSegment(segment, context);
    return outcome instanceof Promise ? outcome.then((settled) => keep(key, settled)) : keep(key, outcome);
  }

  /** The report of a run, kept in the cache when it may be reused. */
  function keep(key: CacheKey | undefined, { report, cacheable }: SegmentOutcome): Report {
    if (cache && key !== undefined && cacheable) cache.set(key, report);
    return report;
  }

  async function run(input: SegmentInput, context: RunContext = {}): Promise<Report> {
    if (closed) throw new SieveError('ERR_SIEVE_CLOSED', 'This pipeline was closed.');
    return scanSegment(toSegment(input), context);
  }

  function scanRequest(inputs: readonly SegmentInput[], context: RunContext = {}): RequestReport | Promise<RequestReport> {
    if (closed) throw new SieveError('ERR_SIEVE_CLOSED', 'This pipeline was closed.');
    const started = performance.now();
    const segments = inputs.map(toSegment);
    const limits = checkRequestLimits(segments, config.requestLimits);
    if (limits.action === 'block' && mode === 'enforce') {
      return { decision: 'block', blockedBy: limits.stage, segments: [], request: [limits], ms: performance.now() - started };
    }
    // Segments are independent; running them together lets a model stage batch them.
    const reports = segments.map((segment) => scanSegment(segment, context));
    if (reports.some((report) => report instanceof Promise)) return Promise.all(reports).then((settled) => foldRequest(settled, limits, started));
    return foldRequest(reports as Report[], limits, started);
  }

  function foldRequest(reports: Report[], limits: StageVerdict, started: number): RequestReport {
    const blocked = reports.find((report) => report.decision === 'block');
    const result: RequestReport = {
      decision: blocked ? 'block' : reports.some((report) => report.decision === 'modify') ? 'modify' : 'allow',
      segments: reports,
      request: [limits],
      ms: 0,
    };
    if (blocked?.blockedBy !== undefined) result.blockedBy = blocked.blockedBy;
    if (mode === 'monitor') {
      const wouldBlock = limits.action === 'block' ? limits : reports.find((report) => report.wouldBlock);
      result.wouldBlock = wouldBlock !== undefined;
      const by = limits.action === 'block' ? limits.stage : reports.find((report) => report.wouldBlock)?.blockedBy;
      if (by !== undefined) result.blockedBy = by;
    }
    result.ms = performance.now() - started;
    return result;
  }

  return {
    stages,
    mode,
    ready,
    run,
    runRequest: async (inputs, context) => scanRequest(inputs, context),
    _scanRequest: scanRequest,
    cacheStats: () => cache?.stats() ?? { hits: 0, misses: 0, size: 0, max: 0, chars: 0, maxChars: 0 },
    async close() {
      if (closed) return;
      closed = true;
      cache?.clear();
      await Promise.all(stages.map((stage) => stage.close?.()));
    },
  };
}

/**
 * Runs a stage's init(); a failure, thrown or rejected, becomes ERR_SIEVE_NOT_READY naming the stage,
 * with the cause's own help where it has one (a refused model file says how to convert it).
 */
function initialise(stage: Stage): Promise<void> {
  // `new Promise` turns an init() that throws before returning a promise into a rejection too.
  return new Promise<void>((resolve) => resolve(stage.init?.())).catch((cause: unknown) => {
    const help = isSieveError(cause) ? { help: cause.help } : {};
    throw new SieveError('ERR_SIEVE_NOT_READY', `Stage "${stage.name}" failed to initialise: ${(cause as Error)?.message ?? cause}`, { cause, ...help });
  });
}

function withPath(report: Report, path: string | undefined): Report {
  if (path === undefined) {
    const { path: _drop, ...rest } = report;
    return rest;
  }
  return { ...report, path };
}

function assertUniqueNames(stages: readonly Stage[]): void {
  const seen = new Set<string>();
  for (const stage of stages) {
    if (seen.has(stage.name)) {
      throw new SieveError('ERR_SIEVE_STAGE_NAME', `Two stages are named "${stage.name}"; pass an \`id\` option to one of them.`);
    }
    seen.add(stage.name);
  }
}
