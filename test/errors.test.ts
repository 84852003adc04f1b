import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { verifyModelDir } from '../src/classifiers/model-store.js';
import { ERROR_CODES, SieveError, isSieveError } from '../src/errors.js';

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');

describe('the error registry', () => {
  it.each(Object.keys(ERROR_CODES))('documents %s in README.md', (code) => {
    expect(readme).toContain(`| \`${code}\` |`);
  });

  it('gives every error its code and a help line', () => {
    const error = new SieveError('ERR_SIEVE_CONFIG', 'bad');
    expect(error).toMatchObject({ code: 'ERR_SIEVE_CONFIG', name: 'SieveError', help: ERROR_CODES.ERR_SIEVE_CONFIG });
    expect(isSieveError(error, 'ERR_SIEVE_CONFIG')).toBe(true);
    expect(isSieveError(error, 'ERR_SIEVE_CLOSED')).toBe(false);
    expect(isSieveError(new Error('x'))).toBe(false);
  });
});

describe('help lines that name the problem', () => {
  it.each(['pytorch_model.bin', 'model.PT', 'weights.safetensors.pkl'])('tells how to replace the pickle-family file %s, not the generic model help', async (name) => {
    const dir = mkdtempSync(join(tmpdir(), 'promptsieve-errors-'));
    writeFileSync(join(dir, name), 'pickle bytes');
    const error = await verifyModelDir(dir).catch((caught: unknown) => caught);
    expect(isSieveError(error, 'ERR_SIEVE_MODEL_VERIFY')).toBe(true);
    expect((error as SieveError).message).toContain(`"${name}" is a pickle-family file`);
    expect((error as SieveError).help).toBe('Convert the weights to .onnx (e.g. `optimum-cli export onnx --task text-classification`) or .safetensors, remove the pickle file, and pin the new files in SHA256SUMS.');
  });

  it('keeps the generic help for other refused files', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'promptsieve-errors-'));
    writeFileSync(join(dir, 'modeling.py'), 'import os');
    const error = (await verifyModelDir(dir).catch((caught: unknown) => caught)) as SieveError;
    expect(error.help).toBe(ERROR_CODES.ERR_SIEVE_MODEL_VERIFY);
  });
});

