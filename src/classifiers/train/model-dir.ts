import { createHash } from 'node:crypto';
import { lstatSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SieveError } from '../../errors.js';

/**
 * Writes a model directory the way transformers.js loads a hub model, plus the SHA256SUMS manifest the
 * model store verifies (sha256sum format, relative paths, every file but the manifest itself).
 */
export type ModelFiles = {
  config: object;
  tokenizerJson: object;
  tokenizerConfig: object;
  onnx: Uint8Array;
  onnxQuantized: Uint8Array;
  trainingMd: string;
};

export const MANIFEST = 'SHA256SUMS';

/** Every file `writeModelDir` writes, as relative posix paths, sorted: nothing else is ever pinned. */
const WRITTEN = ['TRAINING.md', 'config.json', 'onnx/model.onnx', 'onnx/model_quantized.onnx', 'tokenizer.json', 'tokenizer_config.json'];

/**
 * Refuses an output directory that holds anything but an earlier model written here (which is replaced).
 * A foreign file would either be deleted by mistake or, left in place, be refused by the verifier, and
 * a link could redirect a write; so the user is told before any training time is spent.
 */
export function assertModelOutputDir(dir: string): void {
  const refuse = (why: string) =>
    new SieveError('ERR_SIEVE_INPUT', `Output directory "${dir}" ${why}`, { help: 'Choose a new or empty --out directory, or one an earlier `promptsieve train` wrote.' });
  const stat = lstatSync(dir, { throwIfNoEntry: false });
  if (stat === undefined) return;
  if (!stat.isDirectory()) throw refuse('is not a directory.');
  const walk = (current: string, prefix: string): void => {
    for (const entry of readdirSync(current, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const path = `${prefix}${entry.name}`;
      if (entry.isDirectory()) walk(join(current, entry.name), `${path}/`);
      else if (!entry.isFile() || (path !== MANIFEST && !WRITTEN.includes(path))) {
        throw refuse(`holds "${path}", which is not a file of a model directory written by promptsieve train; nothing was trained.`);
      }
    }
  };
  walk(dir, '');
}

export function writeModelDir(dir: string, files: ModelFiles): void {
  assertModelOutputDir(dir);
  // Stale files from an earlier run would be "unexpected files" to the verifier: start clean.
  for (const stale of ['config.json', 'tokenizer.json', 'tokenizer_config.json', 'onnx', 'TRAINING.md', MANIFEST]) {
    rmSync(join(dir, stale), { recursive: true, force: true });
  }
  mkdirSync(join(dir, 'onnx'), { recursive: true });
  const json = (value: object) => `${JSON.stringify(value, null, 2)}\n`;
  writeFileSync(join(dir, 'config.json'), json(files.config));
  // Compact: the vocabulary is large and nobody reads it by eye.
  writeFileSync(join(dir, 'tokenizer.json'), JSON.stringify(files.tokenizerJson));
  writeFileSync(join(dir, 'tokenizer_config.json'), json(files.tokenizerConfig));
  writeFileSync(join(dir, 'onnx', 'model.onnx'), files.onnx);
  writeFileSync(join(dir, 'onnx', 'model_quantized.onnx'), files.onnxQuantized);
  writeFileSync(join(dir, 'TRAINING.md'), files.trainingMd);
  writeFileSync(join(dir, MANIFEST), manifest(dir));
}

/** `sha256  path` lines for every file `writeModelDir` wrote (not the manifest), sorted by path. */
export function manifest(dir: string): string {
  return WRITTEN.map((path) => `${createHash('sha256').update(readFileSync(join(dir, path))).digest('hex')}  ${path}\n`).join('');
}
