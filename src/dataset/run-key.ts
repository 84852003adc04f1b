import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DatasetFormat } from './format.js';
import { formatName } from './format.js';

// The bundled model, as src/classifiers/model.ts finds it (both files sit two levels below the package).
const BUNDLED_MODEL_DIR = fileURLToPath(new URL('../../models/prompt-injection', import.meta.url));

export type RunKeyParts = {
  input: string;
  inFormat: DatasetFormat;
  outFormat: DatasetFormat;
  /** Everything else that changes the output: settings, mode, shard, checkpoint and row-group sizes. */
  options: Record<string, unknown>;
  config?: string;
};

/**
 * What a checkpoint must match to be resumed: the input file as it was (size, modification time),
 * every option that changes the output, the config file's bytes, and the models it uses (their
 * SHA256SUMS, which every load verifies) — a retrained model would change the decisions halfway.
 */
export async function runKey(parts: RunKeyParts): Promise<string> {
  const file = await stat(parts.input);
  const configText = parts.config === undefined ? undefined : readFileSync(parts.config);
  return JSON.stringify({
    input: resolve(parts.input),
    size: file.size,
    mtimeMs: file.mtimeMs,
    inFormat: formatName(parts.inFormat),
    outFormat: formatName(parts.outFormat),
    ...parts.options,
    config: configText === undefined ? null : sha256(configText),
    models: modelDigests(configText, parts.config),
  });
}

const sha256 = (bytes: Buffer | string) => createHash('sha256').update(bytes).digest('hex');

/** The SHA256SUMS of every model directory the config's model stages load (the bundled one by default). */
function modelDigests(configText: Buffer | undefined, configPath: string | undefined): Record<string, string> {
  let stages: unknown[] = [{ use: 'model' }];
  if (configText !== undefined) {
    try {
      const config = JSON.parse(configText.toString('utf8')) as { stages?: unknown[] };
      if (Array.isArray(config.stages)) stages = config.stages;
    } catch {
      // The config was validated before; an unreadable one cannot get this far.
    }
  }
  const dirs = new Set<string>();
  // Relative model paths in a config are read from the file's own directory, as load-pipeline.ts reads them.
  const base = configPath === undefined ? process.cwd() : dirname(resolve(configPath));
  for (const stage of stages) {
    if (typeof stage !== 'object' || stage === null || (stage as { use?: unknown }).use !== 'model') continue;
    const { model, cascade } = stage as { model?: unknown; cascade?: { model?: unknown } };
    dirs.add(typeof model === 'string' ? resolve(base, model) : BUNDLED_MODEL_DIR);
    if (typeof cascade?.model === 'string') dirs.add(resolve(base, cascade.model));
  }
  const digests: Record<string, string> = {};
  for (const dir of dirs) {
    try {
      digests[dir] = sha256(readFileSync(resolve(dir, 'SHA256SUMS')));
    } catch {
      digests[dir] = 'no SHA256SUMS';
    }
  }
  return digests;
}

// How a refused --resume names what changed: the option to give back, or the file that changed.
const INPUT_FILE = 'the input file (path, size or modification time)';
const KEY_NAMES: Record<string, string> = {
  input: INPUT_FILE,
  size: INPUT_FILE,
  mtimeMs: INPUT_FILE,
  inFormat: '--format',
  outFormat: '--output-format',
  shape: '--output-format',
  jsonSafe: '--output-format',
  fields: '--field',
  config: 'the config file',
  models: 'the model files',
};

/** What differs between two run keys, as option names (`--keep-report`), each once, in key order. */
export function runKeyDifferences(saved: string, current: string): string[] {
  let before: Record<string, unknown>;
  let after: Record<string, unknown>;
  try {
    [before, after] = [JSON.parse(saved) as Record<string, unknown>, JSON.parse(current) as Record<string, unknown>];
  } catch {
    return [];
  }
  const names = new Set<string>();
  const compare = (a: Record<string, unknown>, b: Record<string, unknown>) => {
    for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) {
      if (key === 'settings' && isObject(a[key]) && isObject(b[key])) compare(a[key], b[key]);
      else if (JSON.stringify(a[key]) !== JSON.stringify(b[key])) names.add(KEY_NAMES[key] ?? `--${key.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`)}`);
    }
  };
  compare(before, after);
  return [...names];
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
