import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
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
