import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline as pipeStreams } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { isSieveError, SieveError } from '../errors.js';
import { formatManifest, hashDirectory, MANIFEST, normalisePins, parseManifest, refusedFormat, verifyModelDir, type VerifiedModel } from './model-store.js';

export type PullOptions = {
  /** A hub model id, `org/name`. */
  id: string;
  /** The commit to pin (40 hex digits): a branch or tag can move under you. */
  revision: string;
  /** Expected SHA-256 by relative path; every one must match. */
  sha256?: Record<string, string>;
  /** The hub's address. Defaults to transformers.js `env.remoteHost` (https://huggingface.co/). */
  hub?: string;
  /** Where pulled models live, as `<cache>/<id>/<revision>/`. Defaults to `~/.cache/promptsieve/models`. */
  cache?: string;
  /** Which ONNX file to fetch. Defaults to `'q8'`. */
  dtype?: 'q8' | 'fp32';
  /** Give up on a request that receives nothing (no answer, no bytes) for this long, in ms. Defaults to `30000`. */
  idleTimeoutMs?: number;
  /** Aborts the pull (the CLI's Ctrl-C); the staging directory is removed as for any refusal. */
  signal?: AbortSignal;
};

export type PullResult = VerifiedModel & {
  /** Where the hashes came from: the pins given, the hub's own SHA256SUMS, or first use. */
  pinnedBy: 'sha256 option' | 'hub manifest' | 'first use';
};

export const DEFAULT_MODEL_CACHE = join(homedir(), '.cache', 'promptsieve', 'models');

const MODEL_ID = /^[A-Za-z0-9][\w.-]*(?:\/[A-Za-z0-9][\w.-]*)?$/;
const COMMIT = /^[0-9a-f]{40}$/;
const REQUIRED_TOKENIZER_FILES = ['tokenizer.json', 'tokenizer_config.json'];
const MAX_FILE_BYTES = 8 * 1024 ** 3;

/**
 * Downloads a text-classification model from a hub, pinned to a commit, into a staging directory;
 * hashes every file, checks the pins (and the hub's SHA256SUMS when it serves one), writes the
 * manifest, and only then moves the directory into the cache. A refused download leaves nothing behind.
 *
 * The file list and the hub address come from transformers.js (`ModelRegistry`, `env.remoteHost`,
 * `env.remotePathTemplate`), so the result loads exactly as transformers.js would load it. The bytes are
 * fetched here rather than by `from_pretrained`, which would parse the ONNX graph before it is verified.
 */
export async function pullModel(options: PullOptions): Promise<PullResult> {
  if (!MODEL_ID.test(options.id) || options.id.includes('..')) {
    throw new SieveError('ERR_SIEVE_CONFIG', `Invalid model pull options:\n  ✖ id: "${options.id}" is not a hub model id (org/name)`);
  }
  if (!COMMIT.test(options.revision)) {
    throw new SieveError('ERR_SIEVE_CONFIG', 'Invalid model pull options:\n  ✖ revision: expected a full commit hash (40 hex digits); a branch or tag can move');
  }
  // Read as `model verify` reads them, and before any request: a pin outside the directory is a mistake.
  const pins = options.sha256 && Object.keys(options.sha256).length > 0 ? normalisePins(options.sha256) : undefined;
  if (options.hub !== undefined && !isHttpUrl(options.hub)) {
    throw new SieveError('ERR_SIEVE_CONFIG', `Invalid model pull options:\n  ✖ hub: "${options.hub}" is not an http(s) URL`);
  }
  const transformers = await import('@huggingface/transformers');
  const hub = options.hub ?? transformers.env.remoteHost;
  const limits: RequestLimits = { idleMs: options.idleTimeoutMs ?? DEFAULT_IDLE_TIMEOUT_MS, ...(options.signal ? { signal: options.signal } : {}) };
  const base = new URL(
    transformers.env.remotePathTemplate.replaceAll('{model}', options.id).replaceAll('{revision}', encodeURIComponent(options.revision)),
    hub.endsWith('/') ? hub : `${hub}/`,
  );
  const target = resolve(options.cache ?? DEFAULT_MODEL_CACHE, options.id, options.revision);
  const staging = `${target}.partial-${randomBytes(6).toString('hex')}`;
  const dtype = options.dtype ?? 'q8';

  try {
    await download(new URL('config.json', base), join(staging, 'config.json'), limits).catch((cause: unknown) => {
      // The first request: a 404 (401 for an unknown repository on huggingface.co) means the id or revision is wrong.
      if (isSieveError(cause) && / HTTP 40[14]\.$/.test(cause.message)) {
        throw new SieveError('ERR_SIEVE_MODEL_VERIFY', `${cause.message.slice(0, -1)}: the hub has no model "${options.id}" at revision ${options.revision}${base.hostname.endsWith('huggingface.co') ? ' (or it is gated: accept its licence and set HF_TOKEN)' : ''}.`, { cause });
      }
      throw cause;
    });
    const raw = JSON.parse(await readFile(join(staging, 'config.json'), 'utf8')) as Record<string, unknown>;
    const modelFiles = await transformers.ModelRegistry.get_model_files(options.id, { config: new transformers.PretrainedConfig(raw), dtype });
    const files = [...new Set([...modelFiles, ...REQUIRED_TOKENIZER_FILES])].filter((file) => file !== 'config.json');
    for (const file of files) {
      const why = refusedFormat(file);
      if (why) throw new SieveError('ERR_SIEVE_MODEL_VERIFY', why);
      await download(new URL(file, base), join(staging, file), limits);
    }
    const hubManifest = await downloadText(new URL(MANIFEST, base), limits);

    const hashes = await hashDirectory(staging);
    let pinnedBy: PullResult['pinnedBy'] = 'first use';
    if (hubManifest !== undefined) {
      checkAgainst(hashes, parseManifest(hubManifest, `the hub's ${MANIFEST}`), `the hub's ${MANIFEST}`, false);
      pinnedBy = 'hub manifest';
    }
    if (pins) {
      checkAgainst(hashes, pins, 'the --sha256 pins', true);
      pinnedBy = 'sha256 option';
    }
    await writeFile(join(staging, MANIFEST), formatManifest(hashes));
    await verifyModelDir(staging);
    await rm(target, { recursive: true, force: true });
    await rename(staging, target);
    return { ...(await verifyModelDir(target)), pinnedBy };
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}

/**
 * Every downloaded file that `pins` names must match. With `complete` (the user's pins), a downloaded file
 * without a pin is refused too; pins of files this dtype does not need are ignored.
 */
function checkAgainst(hashes: Record<string, string>, pins: Record<string, string>, source: string, complete: boolean): void {
  for (const [path, found] of Object.entries(hashes)) {
    const expected = pins[path];
    if (expected === undefined) {
      if (complete) throw new SieveError('ERR_SIEVE_MODEL_VERIFY', `"${path}" was downloaded but ${source} do not pin it; pin every file or none.`);
      continue;
    }
    if (found !== expected.toLowerCase()) {
      throw new SieveError(
        'ERR_SIEVE_MODEL_VERIFY',
        `"${path}" does not match ${source} (expected ${expected.slice(0, 12)}…, downloaded ${found.slice(0, 12)}…); the download was refused.`,
      );
    }
  }
}

function requestHeaders(url: URL): Record<string, string> {
  const headers: Record<string, string> = { 'user-agent': 'promptsieve-model-pull' };
  // Gated models (Llama Prompt Guard) need a token; it is only ever sent to the Hugging Face hub.
  const token = process.env.HF_TOKEN;
  if (token && (url.hostname === 'huggingface.co' || url.hostname.endsWith('.huggingface.co'))) headers.authorization = `Bearer ${token}`;
  return headers;
}

async function download(url: URL, path: string, limits: RequestLimits): Promise<void> {
  await withIdleTimeout(url, limits, async (signal, alive) => {
    const response = await fetch(url, { headers: requestHeaders(url), redirect: 'follow', signal });
    if (!response.ok || !response.body) {
      await response.body?.cancel();
      throw new SieveError('ERR_SIEVE_MODEL_VERIFY', `Downloading ${url.pathname} failed: HTTP ${response.status}.`);
    }
    const length = Number(response.headers.get('content-length') ?? 0);
    if (length > MAX_FILE_BYTES) throw new SieveError('ERR_SIEVE_MODEL_VERIFY', `${url.pathname} is larger than ${MAX_FILE_BYTES} bytes.`);
    await mkdir(dirname(path), { recursive: true });
    // Every chunk restarts the idle timer on its way to the file (a 'data' listener would race the pipe for the stream).
    const keepAlive = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        alive();
        done(null, chunk);
      },
    });
    await pipeStreams(Readable.fromWeb(response.body as WebReadableStream<Uint8Array>), keepAlive, createWriteStream(path));
  });
  if ((await stat(path)).size > MAX_FILE_BYTES) throw new SieveError('ERR_SIEVE_MODEL_VERIFY', `${url.pathname} is larger than ${MAX_FILE_BYTES} bytes.`);
}

/** A small optional file: its text, or undefined when the hub has none (404). */
async function downloadText(url: URL, limits: RequestLimits): Promise<string | undefined> {
  return withIdleTimeout(url, limits, async (signal) => {
    const response = await fetch(url, { headers: requestHeaders(url), redirect: 'follow', signal });
    if (response.status === 404) {
      await response.body?.cancel();
      return undefined;
    }
    if (!response.ok) throw new SieveError('ERR_SIEVE_MODEL_VERIFY', `Downloading ${url.pathname} failed: HTTP ${response.status}.`);
    return response.text();
  });
}

const DEFAULT_IDLE_TIMEOUT_MS = 30_000;
type RequestLimits = { idleMs: number; signal?: AbortSignal };
const NETWORK_HELP = 'Check --hub and the network, then pull again; nothing was written to the cache.';

const isHttpUrl = (text: string): boolean => {
  try {
    const { protocol } = new URL(text);
    return protocol === 'http:' || protocol === 'https:';
  } catch {
    return false;
  }
};

/**
 * Runs one request under an idle timer: a hub that accepts the connection and then goes quiet would
 * otherwise hold the pull for minutes (undici's own limits are 300 s). `alive` restarts the timer, so a
 * large file that keeps arriving is never cut. Network failures name the host and the system's reason.
 */
async function withIdleTimeout<T>(url: URL, { idleMs, signal }: RequestLimits, request: (signal: AbortSignal, alive: () => void) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  let timer = setTimeout(() => controller.abort(), idleMs);
  const alive = () => {
    clearTimeout(timer);
    timer = setTimeout(() => controller.abort(), idleMs);
  };
  try {
    if (signal?.aborted) throw signal.reason;
    return await request(signal ? AbortSignal.any([controller.signal, signal]) : controller.signal, alive);
  } catch (cause) {
    if (isSieveError(cause)) throw cause;
    if (signal?.aborted) throw new SieveError('ERR_SIEVE_MODEL_VERIFY', `The pull was interrupted while downloading ${url.pathname}.`, { cause, help: 'Nothing was written to the cache; pull again.' });
    if (controller.signal.aborted) {
      throw new SieveError('ERR_SIEVE_MODEL_VERIFY', `Downloading ${url.pathname} from ${url.origin} failed: the hub sent nothing for ${idleMs / 1000} s.`, { cause, help: NETWORK_HELP });
    }
    const reason = (cause as { cause?: { code?: string; message?: string } })?.cause;
    throw new SieveError('ERR_SIEVE_MODEL_VERIFY', `Cannot reach ${url.origin} for ${url.pathname}: ${reason?.code ?? reason?.message ?? (cause as Error)?.message ?? cause}.`, { cause, help: NETWORK_HELP });
  } finally {
    clearTimeout(timer);
  }
}
