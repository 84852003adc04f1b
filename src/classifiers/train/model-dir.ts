import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';

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

export function writeModelDir(dir: string, files: ModelFiles): void {
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

/** `sha256  path` lines for every file under `dir` except the manifest, sorted by path. */
export function manifest(dir: string): string {
  return listFiles(dir)
    .filter((path) => path !== MANIFEST)
    .map((path) => `${createHash('sha256').update(readFileSync(join(dir, path))).digest('hex')}  ${path}\n`)
    .join('');
}

function listFiles(dir: string, root = dir): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const path = join(dir, name);
      return statSync(path).isDirectory() ? listFiles(path, root) : [relative(root, path).split('\\').join('/')];
    });
}
