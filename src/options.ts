import type { Logger } from 'pino';
import { z } from 'zod';
import { parseOptions } from './config.js';
import { PASS_LEVELS } from './log/verdict-log.js';
import { parseJsonPath } from './middleware/json-path.js';
import { createPipeline, MODES, ON_ERROR, type Pipeline } from './pipeline/create-pipeline.js';
import { SEGMENT_ROLES, type Stage } from './pipeline/types.js';
import { buildStages, DEFAULT_STAGES, stageListSchema, type StageConfig } from './stages.js';
import { requestLimitsSchema } from './validators/request-limits.js';

export const PRESETS = ['openai-chat', 'openai-completions', 'anthropic-messages', 'fields'] as const;
export type Preset = (typeof PRESETS)[number];

const fn = <T>(what: string) => z.custom<T>((value) => typeof value === 'function', { message: `Expected a function (${what})` });

/**
 * Everything that can be written in a JSON config file (`--config`), shared by the middleware and
 * the CLI so that one file configures both the same way.
 */
export const sieveConfigShape = {
  /** Which texts of a request body to scan. Defaults to `'openai-chat'`. */
  preset: z.enum(PRESETS).optional(),
  /** JSON paths to scan with the `fields` preset, e.g. `["input", "documents[*].text"]`. Defaults to `[]`. */
  fields: z
    .array(
      z.string().superRefine((path, ctx) => {
        const parsed = parseJsonPath(path);
        if ('error' in parsed) ctx.addIssue({ code: 'custom', message: `not a field path: ${parsed.error}` });
      }),
    )
    .optional(),
  /**
   * Message roles whose text is scanned by the `openai-chat` and `anthropic-messages` presets; system
   * and assistant messages are trusted by default. Defaults to `['user', 'tool', 'document']`.
   */
  scanRoles: z.array(z.enum(SEGMENT_ROLES)).min(1).optional(),
  /** The role given to texts found by the `fields` preset. Defaults to `'document'`. */
  fieldRole: z.enum(SEGMENT_ROLES).optional(),
  /** The stages, in order: `{use, id?, ...options}` configs or stage objects. Defaults to `DEFAULT_STAGES`. */
  stages: stageListSchema.optional(),
  /** `enforce` blocks and rewrites; `monitor` only logs what it would do. Defaults to `'enforce'`. */
  mode: z.enum(MODES).optional(),
  /** A stage that throws or times out blocks (`block`, fail closed) or is ignored (`allow`). Defaults to `'block'`. */
  onError: z.enum(ON_ERROR).optional(),
  /** Time limit per asynchronous stage, in ms. Defaults to `2000`. */
  timeoutMs: z.number().int().positive().optional(),
  /** Per-stage time limits by stage name. Defaults to `{}`. */
  stageTimeoutMs: z.record(z.string(), z.number().int().positive()).optional(),
  /**
   * Reports kept in the LRU cache; `0` turns it off. Defaults to `10000`; in the middleware, to `0` when
   * every stage is `characters` or `length`: those scan a text in less time than a cache lookup takes.
   */
  cacheSize: z.number().int().nonnegative().optional(),
  /** Most characters of text the cached reports hold, in all: the cache's memory bound. Defaults to `20000000`. */
  cacheMaxChars: z.number().int().positive().optional(),
  /** Limits over a whole request. Defaults to `{}`. */
  requestLimits: requestLimitsSchema.optional(),
  /** Largest JSON body the middleware reads itself, in bytes or as `'1mb'`. Defaults to `'1mb'`. */
  bodyLimit: z.union([z.number().int().positive(), z.string().regex(/^\d+(?:\.\d+)?\s?(?:b|kb|mb|gb)$/i)]).optional(),
  /** HTTP status of a blocked request. Defaults to `400`. */
  blockStatus: z.number().int().min(400).max(499).optional(),
  /** Put the raw text in verdict logs. Defaults to `false`. */
  logText: z.boolean().optional(),
  /** Key for an HMAC-SHA256 of each text in the logs, to correlate without logging text. Defaults to none. */
  logHashKey: z.string().min(16).optional(),
  /**
   * The log level of stage lines whose verdict is `pass`; `debug` keeps them out of an `info` log (the
   * summary line and every other stage line stay). Defaults to `'info'`.
   */
  passLevel: z.enum(PASS_LEVELS).optional(),
};
export const sieveConfigSchema = z.strictObject(sieveConfigShape);
export type SieveConfig = z.input<typeof sieveConfigSchema>;

/** The middleware's options: the config plus what only code can pass. */
export const middlewareOptionsSchema = z.strictObject({
  ...sieveConfigShape,
  /** A pino logger for verdict lines. Defaults to a pino logger on stdout. */
  logger: z.custom<Logger>((value) => typeof value === 'object' && value !== null && typeof (value as Logger).info === 'function', {
    message: 'Expected a pino-compatible logger',
  }).optional(),
  /** The tenant of a request, logged with each verdict. Defaults to none. */
  tenant: fn<(req: unknown) => string | undefined>('req => tenant id').optional(),
  /** The request id to log. Defaults to the `x-request-id` header or a random UUID. */
  requestId: fn<(req: unknown) => string>('req => request id').optional(),
  /** Replaces the default 400 problem+json answer to a blocked request. */
  onBlock: fn<(req: unknown, res: unknown, next: unknown, report: unknown) => void>('(req, res, next, report) => void').optional(),
});

/** Builds the pipeline a config describes (the default stages when it names none). */
export function pipelineFromConfig(config: z.output<typeof sieveConfigSchema>): Pipeline {
  const pipelineOptions: Parameters<typeof createPipeline>[0] = { stages: buildStages(config.stages ?? DEFAULT_STAGES) };
  if (config.mode !== undefined) pipelineOptions.mode = config.mode;
  if (config.onError !== undefined) pipelineOptions.onError = config.onError;
  if (config.timeoutMs !== undefined) pipelineOptions.timeoutMs = config.timeoutMs;
  if (config.stageTimeoutMs !== undefined) pipelineOptions.stageTimeoutMs = config.stageTimeoutMs;
  if (config.cacheSize !== undefined) pipelineOptions.cacheSize = config.cacheSize;
  if (config.cacheMaxChars !== undefined) pipelineOptions.cacheMaxChars = config.cacheMaxChars;
  if (config.requestLimits !== undefined) pipelineOptions.requestLimits = config.requestLimits;
  return createPipeline(pipelineOptions);
}

/**
 * Built-in stages that scan a text in less time than a report-cache miss costs (hashing the text, an
 * LRU insert, and the garbage collection of the reports kept): 2.4–3.1 µs for both on 1 KB against
 * 5.6–7.4 µs (docs/bench/middleware.md). A hit would save less than the lookup costs, so a pipeline of
 * only these runs without the cache; any other stage (a stage object included) turns it on.
 */
const CHEAPER_THAN_THE_CACHE: ReadonlySet<string> = new Set(['characters', 'length']);

/** The middleware's config with `cacheSize: 0` where it names none and the cache would not pay. */
export function withPayingCache<C extends z.output<typeof sieveConfigSchema>>(config: C): C {
  if (config.cacheSize !== undefined) return config;
  const stages: readonly (StageConfig | Stage)[] = config.stages ?? DEFAULT_STAGES;
  const cheap = stages.every((stage) => typeof (stage as Stage).run !== 'function' && CHEAPER_THAN_THE_CACHE.has((stage as StageConfig).use));
  return cheap ? { ...config, cacheSize: 0 } : config;
}

/** Parses a JSON config (from a file or code) and fails with each bad option's path. */
export function parseSieveConfig(input: unknown, owner = 'promptsieve'): z.output<typeof sieveConfigSchema> {
  return parseOptions(sieveConfigSchema, input, owner);
}
