import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isSieveError } from '../../src/errors.js';
import { formatManifest, hashDirectory, parseManifest, refusedFormat, verifyModelDir } from '../../src/classifiers/model-store.js';

const sha = (text: string) => createHash('sha256').update(text).digest('hex');
const FILES: Record<string, string> = {
  'config.json': '{"model_type":"bert"}',
  'tokenizer.json': '{"version":"1.0"}',
  'onnx/model_quantized.onnx': 'not really onnx',
  'TRAINING.md': '# how it was trained',
};

let dir: string;
async function put(path: string, text: string) {
  await mkdir(dirname(join(dir, path)), { recursive: true });
  await writeFile(join(dir, path), text);
}
async function writeManifest(files = FILES) {
  await put('SHA256SUMS', formatManifest(Object.fromEntries(Object.entries(files).map(([path, text]) => [path, sha(text)]))));
}
const refusal = async (promise: Promise<unknown>) => {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  expect(isSieveError(error, 'ERR_SIEVE_MODEL_VERIFY')).toBe(true);
  return (error as Error).message;
};

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'promptsieve-store-'));
  for (const [path, text] of Object.entries(FILES)) await put(path, text);
});
afterEach(() => rm(dir, { recursive: true, force: true }));

describe('verifyModelDir', () => {
  it('accepts a directory whose every file matches SHA256SUMS, and reports a digest of the manifest', async () => {
    await writeManifest();
    const verified = await verifyModelDir(dir);
    expect(verified.files.map((file) => file.path)).toEqual(['TRAINING.md', 'config.json', 'onnx/model_quantized.onnx', 'tokenizer.json']);
    expect(verified.files[1]).toMatchObject({ sha256: sha(FILES['config.json']!), bytes: FILES['config.json']!.length });
    expect(verified.digest).toMatch(/^[0-9a-f]{64}$/);
  });

  it('refuses a tampered file and names it', async () => {
    await writeManifest();
    await put('onnx/model_quantized.onnx', 'not really onnx!');
    expect(await refusal(verifyModelDir(dir))).toContain('"onnx/model_quantized.onnx" does not match its pinned SHA-256');
  });

  it('refuses a file listed in the manifest but missing', async () => {
    await writeManifest({ ...FILES, 'tokenizer_config.json': '{}' });
    expect(await refusal(verifyModelDir(dir))).toContain('"tokenizer_config.json" is listed in the manifest but missing');
  });

  it('refuses an unexpected file that the manifest does not list', async () => {
    await writeManifest();
    await put('onnx/extra.onnx', 'sneaked in');
    expect(await refusal(verifyModelDir(dir))).toContain('"onnx/extra.onnx" is not listed in the manifest');
  });

  it.each(['pytorch_model.bin', 'model.pt', 'weights.pth', 'clf.pkl', 'last.ckpt'])('refuses the pickle-family file %s with an explanation, even when pinned', async (name) => {
    await put(name, 'pickle bytes');
    await writeManifest({ ...FILES, [name]: 'pickle bytes' });
    const message = await refusal(verifyModelDir(dir));
    expect(message).toContain(`"${name}" is a pickle-family file`);
    expect(message).toContain('arbitrary code');
  });

  it('refuses Python files: remote code is never run', async () => {
    await put('modeling_custom.py', 'import os');
    await writeManifest({ ...FILES, 'modeling_custom.py': 'import os' });
    expect(await refusal(verifyModelDir(dir))).toContain('remote code is never run');
  });

  it('refuses a directory without SHA256SUMS unless hashes are pinned in the options', async () => {
    expect(await refusal(verifyModelDir(dir))).toContain('has no SHA256SUMS');
    const pins = Object.fromEntries(Object.entries(FILES).map(([path, text]) => [path, sha(text)]));
    await expect(verifyModelDir(dir, { sha256: pins })).resolves.toMatchObject({ files: expect.any(Array) });
  });

  it('lets pinned hashes override SHA256SUMS, so a tampered manifest does not help an attacker', async () => {
    const pins = Object.fromEntries(Object.entries(FILES).map(([path, text]) => [path, sha(text)]));
    await put('config.json', '{"model_type":"evil"}');
    await writeManifest({ ...FILES, 'config.json': '{"model_type":"evil"}' });
    await expect(verifyModelDir(dir)).resolves.toBeDefined();
    expect(await refusal(verifyModelDir(dir, { sha256: pins }))).toContain('"config.json" does not match');
  });

  it('refuses manifest paths outside the directory and symbolic links', async () => {
    await put('SHA256SUMS', `${sha('x')}  ../outside.json\n`);
    expect(await refusal(verifyModelDir(dir))).toContain('outside the model directory');
    await writeManifest();
    await symlink('/etc/hostname', join(dir, 'linked.json'));
    expect(await refusal(verifyModelDir(dir))).toContain('"linked.json" is a link or special file');
  });

  it('refuses a path that is not a directory', async () => {
    expect(await refusal(verifyModelDir(join(dir, 'nope')))).toContain('does not exist');
  });

  it('refuses a manifest that lists one file twice with different hashes, naming both lines', async () => {
    await writeManifest();
    const manifest = formatManifest(Object.fromEntries(Object.entries(FILES).map(([path, text]) => [path, sha(text)])));
    // The wrong hash first, the right one last: the last line must not silently win.
    await put('SHA256SUMS', `${sha('tampered')}  config.json\n${manifest}`);
    const message = await refusal(verifyModelDir(dir));
    expect(message).toContain('"config.json"');
    expect(message).toMatch(/lines? 1 and \d+/);
  });

  it('says that a model directory given as a symbolic link is a link, not that it does not exist', async () => {
    await writeManifest();
    const link = `${dir}-link`;
    await symlink(dir, link);
    try {
      const message = await refusal(verifyModelDir(link));
      expect(message).toContain('symbolic link');
      expect(message).not.toContain('does not exist');
    } finally {
      await rm(link, { force: true });
    }
  });

  it('names the sha256 pins, not "the manifest", when a pinned file is missing or a present file is not pinned', async () => {
    const pins = Object.fromEntries(Object.entries(FILES).map(([path, text]) => [path, sha(text)]));
    expect(await refusal(verifyModelDir(dir, { sha256: { ...pins, 'absent.json': sha('x') } }))).toContain('"absent.json" is pinned by the sha256 option but missing');
    const { 'TRAINING.md': _left, ...fewer } = pins;
    expect(await refusal(verifyModelDir(dir, { sha256: fewer }))).toContain('"TRAINING.md" is not pinned by the sha256 option');
  });
});

describe('manifest helpers', () => {
  it('round-trips sha256sum format, including binary-mode lines', () => {
    const hashes = { 'b.json': sha('b'), 'a/x.onnx': sha('a') };
    expect(parseManifest(formatManifest(hashes))).toEqual(hashes);
    expect(parseManifest(`${sha('a')} *a.json\r\n`)).toEqual({ 'a.json': sha('a') });
  });

  it('refuses a malformed manifest line by number', () => {
    expect(() => parseManifest(`${sha('a')}  a.json\nnot a line\n`)).toThrow('SHA256SUMS line 2');
  });

  it('hashes a directory without its manifest', async () => {
    await writeManifest();
    expect(Object.keys(await hashDirectory(dir)).sort()).toEqual(Object.keys(FILES).sort());
  });

  it.each([
    ['model.safetensors', undefined],
    ['spm.model', undefined],
    ['vocab.txt', undefined],
    ['model.onnx_data', undefined],
    ['weights.h5', 'unsupported format'],
  ])('judges the format of %s', (name, why) => {
    const result = refusedFormat(name);
    if (why === undefined) expect(result).toBeUndefined();
    else expect(result).toContain(why);
  });
});
