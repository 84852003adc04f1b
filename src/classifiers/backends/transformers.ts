import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { PreTrainedModel, PreTrainedTokenizer, Tensor as TensorType } from '@huggingface/transformers';
import { isSieveError, SieveError } from '../../errors.js';
import { createModelSnapshot, snapshotSeams } from '../model-snapshot.js';
import { verifyModelDir, type VerifiedModel } from '../model-store.js';
import { createFastWordPiece } from './fast-wordpiece.js';
import type { BackendInfo, ClassifierBackend, LabelScore } from './types.js';

export type TransformersBackendOptions = {
  /**
   * The model directory; verified against SHA256SUMS (or `sha256`) before anything is parsed, then loaded
   * from a private copy of the verified bytes.
   */
  dir: string;
  /** `q8` loads onnx/model_quantized.onnx, `fp32` onnx/model.onnx. */
  dtype?: 'q8' | 'fp32';
  sha256?: Record<string, string>;
  /** The loggable model name. Defaults to the directory's base name. */
  id?: string;
  /** ONNX Runtime intra-op threads. Defaults to ONNX Runtime's choice (one per core). */
  threads?: number;
  /**
   * `false` runs only the plain transformers.js calls (tokenizer.encode, model(inputs)): the reference
   * the fast paths are tested against. Defaults to `true`.
   */
  fastPaths?: boolean;
};

const ONNX_FILE = { q8: 'onnx/model_quantized.onnx', fp32: 'onnx/model.onnx' } as const;
const REQUIRED = ['config.json', 'tokenizer.json', 'tokenizer_config.json'];
// transformers.js reports "no limit" as a huge number when tokenizer_config has no model_max_length.
const NO_LIMIT = 1e9;

type ModelConfig = {
  id2label?: Record<string, string>;
  problem_type?: string;
  max_position_embeddings?: number;
  promptsieve?: unknown;
};

/**
 * The default backend: a sequence-classification model run by transformers.js (ONNX Runtime), loaded
 * once from a verified local directory, never from the network. The tokenizer and model are called
 * directly rather than through `pipeline()`, whose truncation cannot be controlled per call.
 */
export function createTransformersBackend(options: TransformersBackendOptions): ClassifierBackend {
  const dir = resolve(options.dir);
  const dtype = options.dtype ?? 'q8';
  let tokenizer: PreTrainedTokenizer | undefined;
  let model: PreTrainedModel | undefined;
  let Tensor: typeof TensorType | undefined;
  let info: BackendInfo | undefined;
  let multiLabel = false;
  let fastEncode: ((text: string) => number[]) | undefined;
  let session: OrtSession | undefined;
  let padId = 0;

  async function init(): Promise<BackendInfo> {
    if (info) return info;
    const verified = await verifyModelDir(dir, options.sha256 ? { sha256: options.sha256 } : {});
    assertLoadable(verified, dtype);
    await snapshotSeams.afterVerify?.();
    const transformers = await import('@huggingface/transformers');
    // Loaded from a private copy of the verified bytes, never from `dir` itself: see model-snapshot.ts.
    const snapshot = await createModelSnapshot(verified);
    let config: ModelConfig;
    try {
      await snapshot.copy('config.json');
      config = parseConfig(await readFile(join(snapshot.dir, 'config.json'), 'utf8'), dir);
      // The files transformers.js reads for this dtype (external data included), as `model pull` fetches them.
      const needed = await transformers.ModelRegistry.get_model_files(snapshot.dir, { config: new transformers.PretrainedConfig(config as Record<string, unknown>), dtype });
      for (const file of new Set([...needed, ...REQUIRED])) if (file !== 'config.json' && snapshot.has(file)) await snapshot.copy(file);
      await snapshotSeams.beforeLoad?.(snapshot.dir);
      // An absolute path is read as a directory (not a hub id); local_files_only rules out any download.
      const local = { local_files_only: true, cache_dir: snapshot.noCache };
      tokenizer = await transformers.AutoTokenizer.from_pretrained(snapshot.dir, local);
      // A fixed thread count is for callers that run one model per core themselves (clean's workers):
      // two sessions each spinning threads for every core only contend.
      const session_options = options.threads === undefined ? undefined : { intraOpNumThreads: options.threads, interOpNumThreads: 1 };
      model = await transformers.AutoModelForSequenceClassification.from_pretrained(snapshot.dir, { ...local, dtype, ...(session_options ? { session_options } : {}) });
    } catch (cause) {
      if (isSieveError(cause)) throw cause;
      // The loader names files in the private copy, which is gone by the time anyone reads this: name the user's directory.
      const reason = String((cause as Error)?.message ?? cause).replaceAll(snapshot.dir, dir);
      throw new SieveError('ERR_SIEVE_MODEL_LOAD', `Model "${dir}" could not be loaded: ${reason}`, { cause });
    } finally {
      // ONNX Runtime has read the graph into the session by now; nothing is read from the snapshot later.
      await snapshot.remove();
    }
    Tensor = transformers.Tensor;
    padId = Number(tokenizer.pad_token_id ?? 0);
    if (options.fastPaths !== false) {
      const tok = tokenizer;
      fastEncode = createFastWordPiece((tok as unknown as { _tokenizer?: unknown })._tokenizer, (text) => tok.encode(text, { add_special_tokens: false }));
      session = directSession(model);
    }
    multiLabel = config.problem_type === 'multi_label_classification';
    const limit = Number(tokenizer.model_max_length);
    const windowTokens = Number.isFinite(limit) && limit > 0 && limit < NO_LIMIT ? limit : (config.max_position_embeddings ?? 512);
    info = {
      id: options.id ?? dir.split(/[\\/]/).pop() ?? dir,
      labels: labelsOf(config, dir),
      multiLabel,
      windowTokens,
      ...specialTokens(tokenizer),
      digest: verified.digest,
      settings: config.promptsieve,
    };
    return info;
  }

  function encode(text: string): number[] {
    if (!tokenizer) throw new SieveError('ERR_SIEVE_NOT_READY', 'The model backend was used before init().');
    if (fastEncode) return fastEncode(text);
    return tokenizer.encode(text, { add_special_tokens: false });
  }

  async function classify(windows: readonly (readonly number[])[]): Promise<LabelScore[][]> {
    if (!model || !tokenizer || !Tensor || !info) throw new SieveError('ERR_SIEVE_NOT_READY', 'The model backend was used before init().');
    const rows = windows.length;
    // Padded to the longest window of this batch, not to windowTokens: the model's cost grows with the padded width.
    let columns = 1;
    for (const window of windows) if (window.length > columns) columns = window.length;
    const size = rows * columns;
    // One buffer for the three inputs (ids, mask, zero type ids): three typed arrays of their own cost two and a
    // half times as much to make (~3.5 µs against ~1.4 µs for a 2×128 batch), and this runs per batch.
    const buffer = new ArrayBuffer(size * 3 * BigInt64Array.BYTES_PER_ELEMENT);
    const ids = new BigInt64Array(buffer, 0, size);
    const mask = new BigInt64Array(buffer, size * BigInt64Array.BYTES_PER_ELEMENT, size);
    const typeIds = new BigInt64Array(buffer, 2 * size * BigInt64Array.BYTES_PER_ELEMENT, size);
    if (LITTLE_ENDIAN && options.fastPaths !== false) {
      // Fast path: token ids are small non-negative integers, so each int64 is its low 32-bit word
      // with a zero high word; writing through an Int32Array view skips one BigInt() per token.
      const words = new Int32Array(buffer);
      const maskWords = size * 2;
      if (padId !== 0) for (let k = 0; k < maskWords; k += 2) words[k] = padId;
      for (let row = 0; row < rows; row++) {
        const window = windows[row]!;
        const base = row * columns * 2;
        for (let column = 0; column < window.length; column++) {
          words[base + column * 2] = window[column]!;
          words[maskWords + base + column * 2] = 1;
        }
      }
    } else {
      ids.fill(BigInt(padId));
      windows.forEach((window, row) => {
        window.forEach((id, column) => {
          ids[row * columns + column] = BigInt(id);
          mask[row * columns + column] = 1n;
        });
      });
    }
    const inputs = {
      input_ids: new Tensor('int64', ids, [rows, columns]),
      attention_mask: new Tensor('int64', mask, [rows, columns]),
      token_type_ids: new Tensor('int64', typeIds, [rows, columns]),
    };
    let values: Float32Array;
    if (session) {
      // Fast path: the ONNX session itself, fed only the inputs it declares, skips transformers.js's
      // per-call input validation, tensor re-wrapping and output object (same session, same feeds).
      const feeds: Record<string, unknown> = {};
      for (const name of session.inputNames) feeds[name] = (inputs as Record<string, { ort_tensor: unknown }>)[name]!.ort_tensor;
      const output = await session.run(feeds);
      values = output.logits!.data as Float32Array;
    } else {
      const { logits } = (await model(inputs)) as { logits: TensorType };
      values = logits.data as Float32Array;
    }
    const width = info.labels.length;
    const out: LabelScore[][] = [];
    for (let row = 0; row < rows; row++) {
      const slice = values.subarray(row * width, row * width + width);
      const probabilities = multiLabel ? Array.from(slice, sigmoid) : softmax(slice);
      out.push(info.labels.map((label, index) => ({ label, score: probabilities[index]! })));
    }
    return out;
  }

  return {
    init,
    encode,
    classify,
    async close() {
      await model?.dispose();
      model = undefined;
    },
  };
}

const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/** The part of onnxruntime's InferenceSession used by the direct path. */
type OrtSession = { inputNames: readonly string[]; outputNames: readonly string[]; run(feeds: Record<string, unknown>): Promise<Record<string, { data: unknown } | undefined>> };

/**
 * The model's single ONNX session when a direct `session.run` is equivalent to `model(inputs)`: one
 * session, whose inputs are all among input_ids / attention_mask / token_type_ids (transformers.js
 * would pass the same tensors) and whose outputs include `logits`. Otherwise `undefined`.
 */
function directSession(model: PreTrainedModel): OrtSession | undefined {
  const sessions = (model as unknown as { sessions?: Record<string, OrtSession> }).sessions;
  if (!sessions || Object.keys(sessions).length !== 1) return undefined;
  const session = sessions.model;
  if (!session || typeof session.run !== 'function' || !Array.isArray(session.inputNames) || !Array.isArray(session.outputNames)) return undefined;
  const known = ['input_ids', 'attention_mask', 'token_type_ids'];
  if (!session.inputNames.every((name) => known.includes(name)) || !session.outputNames.includes('logits')) return undefined;
  return session;
}

function assertLoadable(verified: VerifiedModel, dtype: 'q8' | 'fp32'): void {
  const present = new Set(verified.files.map((file) => file.path));
  // Checked here because a directory without tokenizer_config.json loads and fails only on the first call.
  for (const file of [...REQUIRED, ONNX_FILE[dtype]]) {
    if (!present.has(file)) {
      throw new SieveError('ERR_SIEVE_MODEL_LOAD', `Model "${verified.dir}" has no ${file} (needed for dtype ${dtype}).`);
    }
  }
}

function parseConfig(text: string, dir: string): ModelConfig {
  try {
    return JSON.parse(text) as ModelConfig;
  } catch (cause) {
    throw new SieveError('ERR_SIEVE_MODEL_LOAD', `Model "${dir}": config.json is not valid JSON (${(cause as Error).message}).`, { cause });
  }
}

function labelsOf(config: ModelConfig, dir: string): string[] {
  const entries = Object.entries(config.id2label ?? {}).map(([index, label]) => [Number(index), label] as const);
  if (entries.length === 0) throw new SieveError('ERR_SIEVE_MODEL_LOAD', `Model "${dir}": config.json has no id2label (index → label), so its scores cannot be named.`);
  entries.sort((a, b) => a[0] - b[0]);
  return entries.map(([, label]) => label);
}

/** The special tokens the tokenizer wraps around one text, found by encoding a probe with and without them. */
function specialTokens(tokenizer: PreTrainedTokenizer): { prefixIds: number[]; suffixIds: number[] } {
  const bare = tokenizer.encode('a', { add_special_tokens: false });
  const full = tokenizer.encode('a', { add_special_tokens: true });
  for (let at = 0; at + bare.length <= full.length; at++) {
    if (bare.every((id, i) => full[at + i] === id)) return { prefixIds: full.slice(0, at), suffixIds: full.slice(at + bare.length) };
  }
  throw new SieveError('ERR_SIEVE_MODEL_LOAD', 'The tokenizer\'s special tokens could not be located around a text.');
}

/** Plain loops (no spread, no callbacks: this runs per window), with the same operations in the same order as the textbook form. */
function softmax(logits: Float32Array): number[] {
  let max = -Infinity;
  for (let i = 0; i < logits.length; i++) max = Math.max(max, logits[i]!);
  const exps = new Array<number>(logits.length);
  let sum = 0;
  for (let i = 0; i < logits.length; i++) sum += exps[i] = Math.exp(logits[i]! - max);
  for (let i = 0; i < exps.length; i++) exps[i] = exps[i]! / sum;
  return exps;
}

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));
