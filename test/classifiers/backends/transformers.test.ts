/** Load errors of the transformers.js backend name the user's model directory and file, never the private copy. */
import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTransformersBackend } from '../../../src/classifiers/backends/transformers.js';
import { BUNDLED_MODEL_DIR } from '../../../src/classifiers/model.js';
import { formatManifest, hashDirectory } from '../../../src/classifiers/model-store.js';
import { isSieveError } from '../../../src/errors.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'promptsieve-backend-'));
  await cp(BUNDLED_MODEL_DIR, dir, { recursive: true });
});
afterEach(() => rm(dir, { recursive: true, force: true }));

/** Replaces one file and pins the directory as it now is, so that only loading can fail. */
async function replaceAndPin(path: string, content: string): Promise<void> {
  await writeFile(join(dir, path), content);
  await rm(join(dir, 'SHA256SUMS'));
  await writeFile(join(dir, 'SHA256SUMS'), formatManifest(await hashDirectory(dir)));
}

async function loadError(): Promise<Error> {
  const error = await createTransformersBackend({ dir, threads: 1 }).init().then(() => undefined, (e: unknown) => e);
  expect(isSieveError(error, 'ERR_SIEVE_MODEL_LOAD')).toBe(true);
  return error as Error;
}

describe('transformers backend load errors', () => {
  it('name config.json when it is not JSON', async () => {
    await replaceAndPin('config.json', '{not json');
    const error = await loadError();
    expect(error.message).toContain('config.json is not valid JSON');
  });

  it('name the model directory, not the private copy that no longer exists, when the graph does not parse', async () => {
    await replaceAndPin('onnx/model_quantized.onnx', 'not an onnx graph');
    const error = await loadError();
    expect(error.message).toContain(dir);
    expect(error.message).not.toMatch(/promptsieve-model-\w+/);
  });
});

describe('transformers backend config checks', () => {
  it('names the directory when config.json has no id2label', async () => {
    await replaceAndPin('config.json', JSON.stringify({ model_type: 'bert', architectures: ['BertForSequenceClassification'] }));
    const error = await loadError();
    expect(error.message).toContain(`Model "${dir}": config.json has no id2label`);
  });
});
