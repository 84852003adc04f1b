import { basename, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { parseOptions } from '../config.js';
import { isSieveError, SieveError } from '../errors.js';
import { abortNoticeOf, type AbortNotice } from '../pipeline/run-stage.js';
import { SEGMENT_ROLES, type Finding, type Segment, type SegmentRole, type Stage, type StageContext, type StageResult } from '../pipeline/types.js';
import type { BackendInfo, ClassifierBackend, LabelScore } from './backends/types.js';
import { cutByChars, encodeInBlocks, LONG_TEXT_STRATEGIES, planWindows, type LongTextStrategy } from './chunking.js';
import { ENCODED_RUN_ACTIONS, withoutEncodedRuns } from './encoded-runs.js';
import { createMicroBatcher, type MicroBatcher } from './micro-batcher.js';
import { encodeBySentence } from './sentences.js';

/** The model shipped in the package, trained by `promptsieve train` (see models/prompt-injection/TRAINING.md). */
export const BUNDLED_MODEL_DIR = fileURLToPath(new URL('../../models/prompt-injection', import.meta.url));

export const MODEL_DTYPES = ['q8', 'fp32'] as const;
export const TRUNCATED_ACTIONS = ['flag', 'block'] as const;

const probability = z.number().min(0).max(1);
const isBackend = (value: unknown): value is ClassifierBackend =>
  typeof value === 'object' &&
  value !== null &&
  ['init', 'encode', 'classify', 'close'].every((key) => typeof (value as Record<string, unknown>)[key] === 'function');
const backendSchema = z.custom<ClassifierBackend>(isBackend, { message: 'Expected a backend: {init, encode, classify, close}' });
const shaPins = z.record(z.string().min(1), z.string().regex(/^[0-9a-fA-F]{64}$/, 'expected 64 hex digits'));

const thresholdsSchema = z
  .strictObject({
    /** Scores at or above this flag the segment (logged, not blocked). */
    flagAt: probability.optional(),
    /** Scores at or above this block the segment. */
    blockAt: probability.optional(),
  })
  .refine((t) => t.flagAt === undefined || t.blockAt === undefined || t.flagAt <= t.blockAt, {
    message: 'flagAt must not be above blockAt',
  });

const modelSourceShape = {
  /** A verified model directory (config.json, tokenizer.json, tokenizer_config.json, onnx/, SHA256SUMS). Defaults to the bundled model. */
  model: z.string().min(1).optional(),
  /** Which ONNX file to load: `q8` (onnx/model_quantized.onnx) or `fp32` (onnx/model.onnx). Defaults to `'q8'`. */
  dtype: z.enum(MODEL_DTYPES).optional(),
  /** SHA-256 pins by relative path; they replace the directory's SHA256SUMS. Defaults to SHA256SUMS. */
  sha256: shaPins.optional(),
  /** A ready backend instead of `model` (code only; tests and custom runtimes). Defaults to the transformers.js backend. */
  backend: backendSchema.optional(),
  /** The model's labels that mean "injection"; their probabilities are summed. Defaults to `['INJECTION']`. */
  injectionLabels: z.array(z.string().min(1)).min(1).optional(),
  /** ONNX Runtime threads for one inference; `promptsieve clean` runs one per worker thread. Defaults to `1` for the bundled model, ONNX Runtime's choice (one per core) for any other. */
  threads: z.number().int().min(1).max(256).optional(),
};

export const modelOptionsSchema = z
  .strictObject({
    ...modelSourceShape,
    /** Flag threshold for user segments. Defaults to the model's `promptsieve` settings, else `0.5`. */
    flagAt: probability.optional(),
    /** Block threshold for user segments. Defaults to the model's `promptsieve` settings, else `0.8`. */
    blockAt: probability.optional(),
    /** Thresholds by segment role; data roles (`tool`, `document`) are stricter by default. Defaults to the model's settings, else `{tool: {flagAt: 0.3, blockAt: 0.6}, document: {flagAt: 0.3, blockAt: 0.6}}`. */
    roles: z.partialRecord(z.enum(SEGMENT_ROLES), thresholdsSchema).optional(),
    /** How text longer than the model's window is read; `sentences` also reads each sentence on its own (docs/model.md). Defaults to `'chunks'`. */
    strategy: z.enum(LONG_TEXT_STRATEGIES).optional(),
    /** Tokens shared by neighbouring windows, so a phrase on a boundary is seen whole; at most half a window's text (checked at `init()`). Defaults to the model's training stride (`promptsieve.window.strideTokens`), else `32`. */
    overlapTokens: z.number().int().nonnegative().optional(),
    /**
     * Tokens per window, special tokens included, when shorter than the model's own window: an attack
     * sentence then makes up more of the window that holds it (docs/model.md, *Long input*). Defaults to the
     * model's window (`model_max_length`).
     */
    windowTokens: z.number().int().min(8).optional(),
    /** Characters read from the detection view; the rest is cut and reported (`model_input_truncated`). Defaults to `100000`. */
    maxChars: z.number().int().positive().optional(),
    /**
     * `skip` leaves runs of 64 or more base64, hex or URL-safe characters out of what the model reads (the
     * heuristic decodes and judges them; the bundled model blocks any long random-looking string), `keep`
     * reads them. Defaults to `'skip'`.
     */
    encodedRuns: z.enum(ENCODED_RUN_ACTIONS).optional(),
    /** The least action when text was cut or windows were skipped. Defaults to `'flag'`. */
    onTruncated: z.enum(TRUNCATED_ACTIONS).optional(),
    /** Most windows scored in one model call. Defaults to `32`. */
    batchSize: z.number().int().min(1).max(256).optional(),
    /** How long a window waits for others to batch with, in ms; `0` batches what arrives in the same event-loop turn, plus whatever queues while a batch runs. Defaults to `0`. */
    batchWaitMs: z.number().min(0).max(1000).optional(),
    /** Most windows waiting (a 1 KB prompt is about 6 windows of the bundled model); beyond it the stage fails with `stage_overloaded`. Defaults to `4096`. */
    maxQueue: z.number().int().positive().optional(),
    /** A second model consulted only when the first's score is inside `band`. Defaults to none. */
    cascade: z
      .strictObject({
        ...modelSourceShape,
        /** `[low, high]`: first-model scores in this band are decided by the second model. Defaults to `[0.2, 0.8]`. */
        band: z.tuple([probability, probability]).refine(([low, high]) => low <= high, { message: 'low must not be above high' }).optional(),
      })
      .refine((c) => c.model !== undefined || c.backend !== undefined, { message: 'a cascade needs `model` or `backend`' })
      .optional(),
  })
  .refine((o) => o.flagAt === undefined || o.blockAt === undefined || o.flagAt <= o.blockAt, {
    message: 'flagAt must not be above blockAt',
    path: ['flagAt'],
  });
export type ModelOptions = z.input<typeof modelOptionsSchema>;

type ModelSource = {
  model?: string | undefined;
  dtype?: (typeof MODEL_DTYPES)[number] | undefined;
  sha256?: Record<string, string> | undefined;
  backend?: ClassifierBackend | undefined;
  injectionLabels?: string[] | undefined;
  threads?: number | undefined;
};

/**
 * Intra-op threads for the bundled model unless `threads` says otherwise. onnxruntime-node runs
 * `session.run` synchronously on the calling (main) thread; for this embedding-bag model (a batch
 * of 32 windows of 128 tokens in ~1 ms on one core) extra intra-op threads only spin and contend
 * with the event loop: measured on the 2-core machine, one thread gave 3–4× the batched throughput
 * and a third of the event-loop p99 of ONNX Runtime's default (docs/bench/model-stage.md). Larger
 * hub models keep ONNX Runtime's default, where intra-op parallelism pays.
 */
const BUNDLED_MODEL_THREADS = 1;

type Thresholds = { flagAt: number; blockAt: number };
const FALLBACK_USER: Thresholds = { flagAt: 0.5, blockAt: 0.8 };
const FALLBACK_DATA: Thresholds = { flagAt: 0.3, blockAt: 0.6 };
const DATA_ROLES: readonly SegmentRole[] = ['tool', 'document'];

/**
 * What a model directory may say about itself in config.json under `promptsieve`: calibrated
 * thresholds and role markers its trainer used. Unknown keys are ignored (newer trainers).
 */
const modelSettingsSchema = z.looseObject({
  /** How the trainer cut windows: the runtime advances by the same stride unless `overlapTokens` is set. */
  window: z.looseObject({ strideTokens: z.number().int().positive().optional() }).optional(),
  flagAt: probability.optional(),
  blockAt: probability.optional(),
  roles: z.partialRecord(z.enum(SEGMENT_ROLES), z.looseObject({ flagAt: probability.optional(), blockAt: probability.optional(), prefix: z.string().optional() })).optional(),
});

type LoadedModel = {
  backend: ClassifierBackend;
  info: BackendInfo;
  injection: number[];
  batcher: MicroBatcher<readonly number[], LabelScore[]>;
  prefixIds: Partial<Record<SegmentRole, number[]>>;
  /** Windows advance by this many tokens when the model says how it was trained. */
  strideTokens?: number;
};

type Scored = { score: number; windows: number; totalWindows: number; skippedTokens: number };

// Tokenize at most this many characters between two yields to the event loop (~3 ms on this machine).
const BLOCK_CHARS = 4096;

/**
 * The injection classifier stage: scores the detection view with a local model (the bundled one by
 * default), window by window, and maps the score to pass / flag / block by the segment's role.
 */
export function model(options: ModelOptions = {}): Stage {
  const parsed = parseOptions(modelOptionsSchema, options, 'model stage');
  const strategy: LongTextStrategy = parsed.strategy ?? 'chunks';
  const overlapOption = parsed.overlapTokens;
  const windowOption = parsed.windowTokens;
  const maxChars = parsed.maxChars ?? 100_000;
  const readable = (parsed.encodedRuns ?? 'skip') === 'skip' ? withoutEncodedRuns : (text: string) => text;
  const onTruncated = parsed.onTruncated ?? 'flag';
  const batching = { batchSize: parsed.batchSize ?? 32, waitMs: parsed.batchWaitMs ?? 0, maxQueue: parsed.maxQueue ?? 4096 };
  const band = parsed.cascade?.band ?? [0.2, 0.8];

  let first: LoadedModel | undefined;
  let second: LoadedModel | undefined;
  let thresholds: Record<SegmentRole, Thresholds> | undefined;
  let loading: Promise<void> | undefined;

  /** `at` is the option path of `source`: '' for the first model, 'cascade.' for the second. */
  async function load(source: ModelSource, at: '' | 'cascade.'): Promise<LoadedModel> {
    const dir = source.model ?? BUNDLED_MODEL_DIR;
    const threads = source.threads ?? (resolve(dir) === resolve(BUNDLED_MODEL_DIR) ? BUNDLED_MODEL_THREADS : undefined);
    let backend: ClassifierBackend;
    let info: BackendInfo;
    try {
      backend = source.backend ?? (await defaultBackend(dir, source.dtype ?? 'q8', source.sha256, threads));
      info = await backend.init();
    } catch (cause) {
      throw atOption(cause, `${at}${source.backend ? 'backend' : 'model'}`);
    }
    const wanted = source.injectionLabels ?? ['INJECTION'];
    const injection = info.labels.flatMap((label, index) => (wanted.includes(label) ? [index] : []));
    if (injection.length === 0) {
      await backend.close();
      throw new SieveError(
        'ERR_SIEVE_CONFIG',
        `Invalid model stage options:\n  ✖ ${at}injectionLabels: none of ${JSON.stringify(wanted)} is a label of model "${info.id}" (its labels: ${info.labels.join(', ')})`,
      );
    }
    const settings = modelSettingsSchema.safeParse(info.settings ?? {});
    const prefixIds: Partial<Record<SegmentRole, number[]>> = {};
    for (const role of SEGMENT_ROLES) {
      const prefix = settings.success ? settings.data.roles?.[role]?.prefix : undefined;
      if (prefix) prefixIds[role] = backend.encode(prefix);
    }
    const batcher = createMicroBatcher<readonly number[], LabelScore[]>({ ...batching, process: (windows) => backend.classify(windows) });
    const strideTokens = settings.success ? settings.data.window?.strideTokens : undefined;
    return { backend, info, injection, batcher, prefixIds, ...(strideTokens ? { strideTokens } : {}) };
  }

  function resolveThresholds(settings: unknown): Record<SegmentRole, Thresholds> {
    const fromModel = modelSettingsSchema.safeParse(settings ?? {});
    const model = fromModel.success ? fromModel.data : {};
    const user: Thresholds = {
      flagAt: parsed.flagAt ?? model.flagAt ?? FALLBACK_USER.flagAt,
      blockAt: parsed.blockAt ?? model.blockAt ?? FALLBACK_USER.blockAt,
    };
    const out = {} as Record<SegmentRole, Thresholds>;
    for (const role of SEGMENT_ROLES) {
      // Data segments are never judged more leniently than user text: not by default, and not by the model's
      // own role settings when the user thresholds are stricter. Only an explicit roles.<role> option is taken as is.
      const data = DATA_ROLES.includes(role);
      const base = data ? { flagAt: Math.min(user.flagAt, FALLBACK_DATA.flagAt), blockAt: Math.min(user.blockAt, FALLBACK_DATA.blockAt) } : user;
      const fromModel = model.roles?.[role];
      const inherit = (key: keyof Thresholds): number => {
        const value = fromModel?.[key];
        if (value === undefined) return base[key];
        return data ? Math.min(value, user[key]) : value;
      };
      const blockAt = parsed.roles?.[role]?.blockAt ?? inherit('blockAt');
      // An inherited flag threshold above the block threshold (a role blockAt lowered by the user) follows it down.
      const flagAt = parsed.roles?.[role]?.flagAt ?? Math.min(inherit('flagAt'), blockAt);
      if (flagAt > blockAt) {
        throw new SieveError('ERR_SIEVE_CONFIG', `Invalid model stage options:\n  ✖ roles.${role}.flagAt: ${flagAt} is above blockAt ${blockAt}`);
      }
      out[role] = { flagAt, blockAt };
    }
    return out;
  }

  /**
   * Windows overlap by at most half their text (chunking.ts); a larger `overlapTokens` would be cut without a
   * word. Checked against a user window (a data role's marker takes a token or two more; cut to fit there).
   */
  function assertWindowFits(loaded: LoadedModel): void {
    const { info } = loaded;
    if (windowOption !== undefined && windowOption > info.windowTokens) {
      throw new SieveError('ERR_SIEVE_CONFIG', `Invalid model stage options:\n  ✖ windowTokens: ${windowOption} is longer than the window of model "${info.id}" (${info.windowTokens} tokens)`);
    }
    if (overlapOption === undefined) return;
    const tokens = windowTokensOf(info);
    const most = Math.floor((tokens - info.prefixIds.length - info.suffixIds.length) / 2);
    if (overlapOption > most) {
      throw new SieveError(
        'ERR_SIEVE_CONFIG',
        `Invalid model stage options:\n  ✖ overlapTokens: ${overlapOption} is more than half a window of model "${info.id}" (at most ${most} of its ${tokens} tokens)`,
      );
    }
  }

  const windowTokensOf = (info: BackendInfo): number => Math.min(info.windowTokens, windowOption ?? Infinity);

  async function score(loaded: LoadedModel, text: string, role: SegmentRole, stopAt: number, signal: AbortNotice): Promise<Scored> {
    const { info } = loaded;
    const rolePrefix = loaded.prefixIds[role] ?? [];
    const budget = windowTokensOf(info) - info.prefixIds.length - info.suffixIds.length - rolePrefix.length;
    if (budget < 1) throw new SieveError('ERR_SIEVE_MODEL_LOAD', `Model "${info.id}" has a window too small for its special tokens.`);
    const encode = (block: string) => loaded.backend.encode(block);
    const { ids, tokenStarts } =
      strategy === 'sentences' ? await encodeBySentence(encode, text, BLOCK_CHARS) : { ids: await encodeInBlocks(encode, text, BLOCK_CHARS), tokenStarts: [] };
    // A shorter window than the model's keeps the trainer's proportion: neighbours share half the text.
    const trainedOverlap = windowOption !== undefined ? Math.floor(budget / 2) : loaded.strideTokens !== undefined ? Math.max(0, budget - loaded.strideTokens) : 32;
    const overlap = overlapOption ?? trainedOverlap;
    const plan = planWindows(ids, budget, overlap, strategy, tokenStarts);
    // concat, not spreads: a third of the time for 128-token windows.
    const windows = plan.bodies.map((body) => info.prefixIds.concat(rolePrefix, body, info.suffixIds));
    let best = 0;
    let scored = 0;
    // Windows go in groups of one batch, so that all but `full` can stop once one window is past the block threshold.
    // A group never exceeds maxQueue: one larger than the queue would be refused as overloaded on an idle stage.
    const groupSize = Math.min(batching.batchSize, batching.maxQueue);
    for (let start = 0; start < windows.length; start += groupSize) {
      const group = windows.slice(start, start + groupSize);
      const results = await Promise.all(group.map((window) => loaded.batcher.submit(window, signal)));
      for (const labels of results) best = Math.max(best, injectionScore(labels, loaded.injection, info.multiLabel));
      scored += group.length;
      if (strategy !== 'full' && best >= stopAt) break;
    }
    return { score: best, windows: scored, totalWindows: windows.length, skippedTokens: plan.skippedTokens };
  }

  async function run(segment: Readonly<Segment>, ctx: StageContext): Promise<StageResult> {
    if (!first || !thresholds) throw new SieveError('ERR_SIEVE_NOT_READY', 'The model stage was run before init().');
    const cut = cutByChars(segment.view, maxChars);
    const text = readable(cut.text);
    if (text.trim() === '') return { action: 'pass', risk: 0, findings: [] };
    const limits = thresholds[segment.role];

    const signal = abortNoticeOf(ctx);
    let decided = first;
    let result = await score(first, text, segment.role, limits.blockAt, signal);
    const firstScore = result.score;
    if (second && result.score >= band[0] && result.score <= band[1]) {
      decided = second;
      result = await score(second, text, segment.role, limits.blockAt, signal);
    }

    const findings: Finding[] = [];
    let action: StageResult['action'] = result.score >= limits.blockAt ? 'block' : result.score >= limits.flagAt ? 'flag' : 'pass';
    if (action !== 'pass') {
      findings.push({
        code: 'model_injection',
        message: `The classifier scored this ${segment.role} text ${result.score.toFixed(3)} as a prompt injection (flag at ${limits.flagAt}, block at ${limits.blockAt}).`,
      });
    }
    if (cut.cutChars > 0 || result.skippedTokens > 0) {
      findings.push({
        code: 'model_input_truncated',
        message:
          cut.cutChars > 0
            ? `The classifier read the first ${cut.text.length} characters; ${cut.cutChars} more were not scored (maxChars).`
            : `The head-tail strategy left ${result.skippedTokens} tokens in the middle unscored.`,
      });
      if (action === 'pass' || (action === 'flag' && onTruncated === 'block')) action = onTruncated;
    }
    const detail: Record<string, unknown> = {
      model: decided.info.id,
      decidedBy: decided === first ? 'first' : 'second',
      chunks: result.windows,
    };
    if (result.totalWindows !== result.windows) detail.chunksTotal = result.totalWindows;
    if (second) detail.firstScore = round(firstScore);
    return { action, risk: round(result.score), findings, detail };
  }

  const { backend: _b, cascade, ...plain } = parsed;
  const { backend: _cb, ...plainCascade } = cascade ?? {};
  return {
    name: 'model',
    kind: 'classify',
    fingerprint: JSON.stringify({ ...plain, cascade: cascade ? plainCascade : undefined, custom: parsed.backend !== undefined || cascade?.backend !== undefined }),
    init() {
      loading ??= (async () => {
        first = await load(parsed, '');
        if (parsed.cascade) second = await load(parsed.cascade, 'cascade.');
        for (const loaded of [first, second]) if (loaded) assertWindowFits(loaded);
        thresholds = resolveThresholds(first.info.settings);
      })();
      return loading;
    },
    run,
    async close() {
      await Promise.all([first?.backend.close(), second?.backend.close()]);
    },
  };
}

/** Probability of "injection": summed over its labels under one softmax, the largest of independent (sigmoid) labels. */
function injectionScore(labels: readonly LabelScore[], injection: readonly number[], multiLabel: boolean): number {
  let total = 0;
  for (const index of injection) {
    const p = labels[index]?.score ?? 0;
    total = multiLabel ? Math.max(total, p) : total + p;
  }
  return Math.min(1, total);
}

const round = (x: number) => Math.round(x * 1e4) / 1e4;

/**
 * A model that fails to load says which option pointed at it (with a cascade there are two), keeping
 * the cause's code and help: a refused file is still ERR_SIEVE_MODEL_VERIFY.
 */
function atOption(cause: unknown, path: string): SieveError {
  const message = cause instanceof Error ? cause.message : String(cause);
  const code = isSieveError(cause) ? cause.code : 'ERR_SIEVE_MODEL_LOAD';
  return new SieveError(code, `The model stage could not load its model:\n  ✖ ${path}: ${message}`, {
    cause,
    ...(isSieveError(cause) ? { help: cause.help } : {}),
  });
}

/** The transformers.js backend, imported only when a stage needs it (the CLI's --help stays instant). */
async function defaultBackend(dir: string, dtype: (typeof MODEL_DTYPES)[number], sha256: Record<string, string> | undefined, threads: number | undefined): Promise<ClassifierBackend> {
  const { createTransformersBackend } = await import('./backends/transformers.js');
  return createTransformersBackend({ dir, dtype, ...(sha256 ? { sha256 } : {}), ...(threads ? { threads } : {}), id: basename(dir) });
}
