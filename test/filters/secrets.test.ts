import { describe, expect, it } from 'vitest';
import { secrets } from '../../src/filters/secrets.js';
import type { Segment, Stage, StageResult } from '../../src/pipeline/types.js';
import { isSieveError } from '../../src/errors.js';

const signal = new AbortController().signal;
const segment = (text: string, view = text): Segment => ({ text, view, role: 'user' });
const run = (stage: Stage, text: string) => stage.run(segment(text), { signal }) as StageResult;
const codes = (result: StageResult) => result.findings.map((finding) => finding.code);

// Test values are well-known documentation examples (Visa test card, the IBAN registry's example, AWS's
// documented example key) or built here from parts, never real credentials.
const JWT = ['eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9', 'eyJzdWIiOiIxMjM0NTY3ODkwIn0', 'dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U'].join('.');
const GITHUB = `ghp_${'a1B2c3D4e5'.repeat(3)}a1B2c3`;
const GOOGLE = `AIza${'Sy0123456789abcdefghijklmnopqrstu'}vw`;

describe('secrets stage', () => {
  const stage = secrets();

  it.each([
    ['an e-mail address', 'write to jane.doe@example.com.', 'write to [EMAIL_1].', 'pii_email'],
    ['a US phone number', 'call (415) 555-2671 today', 'call [PHONE_1] today', 'pii_phone'],
    ['an international phone number', 'ring +44 20 7946 0958', 'ring [PHONE_1]', 'pii_phone'],
    ['a credit card that passes Luhn', 'card 4111 1111 1111 1111 exp 12/26', 'card [CREDIT_CARD_1] exp 12/26', 'pii_credit_card'],
    ['an IBAN with a valid checksum', 'IBAN DE89 3704 0044 0532 0130 00 OK', 'IBAN [IBAN_1] OK', 'pii_iban'],
    ['a JWT', `bearer ${JWT}`, 'bearer [JWT_1]', 'secret_jwt'],
    ['an AWS access key id', 'AKIAIOSFODNN7EXAMPLE', '[API_KEY_1]', 'secret_api_key'],
    ['a GitHub token', `token=${GITHUB}`, 'token=[API_KEY_1]', 'secret_api_key'],
    ['an OpenAI-style key', 'sk-proj-abc123DEF456ghi789JKL012', '[API_KEY_1]', 'secret_api_key'],
    ['a Slack token', 'xoxb-123456789012-abcdefghij', '[API_KEY_1]', 'secret_api_key'],
    ['a Google API key', `key ${GOOGLE}`, 'key [API_KEY_1]', 'secret_api_key'],
    ['a private key block', 'k:\n-----BEGIN RSA PRIVATE KEY-----\nMIIEabc\n-----END RSA PRIVATE KEY-----\nend', 'k:\n[PRIVATE_KEY_1]\nend', 'secret_private_key'],
  ])('redacts %s with a typed placeholder', (_name, input, output, code) => {
    const result = run(stage, input);
    expect(result.action).toBe('modify');
    expect(result.text).toBe(output);
    expect(codes(result)).toEqual([code]);
  });

  it.each([
    ['a number that fails Luhn', 'card 4111 1111 1111 1112'],
    ['an IBAN with a wrong checksum', 'DE00 3704 0044 0532 0130 00'],
    ['ordinary numbers, dates and versions', 'order 1234567 on 2024-01-15, v1.2.3, port 8080'],
    ['a package name that starts like a key', 'pip install sk-learn-is-not-a-real-package-name'],
    ['an at-sign that is no address', 'meet @ noon, or ping @jane'],
  ])('leaves %s alone', (_name, text) => {
    expect(run(stage, text)).toEqual({ action: 'pass', findings: [] });
  });

  it('gives the same value the same placeholder and counts every occurrence', () => {
    const result = run(stage, 'a@example.com, b@example.com, a@example.com');
    expect(result.text).toBe('[EMAIL_1], [EMAIL_2], [EMAIL_1]');
    expect(result.findings).toEqual([{ code: 'pii_email', message: 'Redacted 3 e-mail address(es).' }]);
    expect(result.detail).toEqual({ counts: { email: 3 }, apiKeyProviders: [] });
  });

  it('never puts a value in findings or detail', () => {
    const result = run(stage, `jane@example.com 4111111111111111 ${JWT} AKIAIOSFODNN7EXAMPLE`);
    const reported = JSON.stringify([result.findings, result.detail]);
    for (const value of ['jane', '4111', 'eyJ', 'AKIA']) expect(reported).not.toContain(value);
  });

  it('redacts a view another stage set, too', () => {
    const result = stage.run(segment('mail jane@example.com', 'mail jane@example.com (normalised)'), { signal }) as StageResult;
    expect(result.view).toBe('mail [EMAIL_1] (normalised)');
  });

  it('looks only for the configured types', () => {
    expect(run(secrets({ types: ['email'] }), 'jane@example.com 4111111111111111').text).toBe('[EMAIL_1] 4111111111111111');
  });

  it('blocks or only flags, without rewriting, when told to', () => {
    expect(run(secrets({ action: 'block' }), 'jane@example.com')).toMatchObject({ action: 'block', findings: [{ code: 'pii_email' }] });
    const flagged = run(secrets({ action: 'flag' }), 'jane@example.com');
    expect(flagged).toMatchObject({ action: 'flag', findings: [{ code: 'pii_email', message: 'Found 1 e-mail address(es).' }] });
    expect(flagged.text).toBeUndefined();
  });

  it('reads national phone formats of the configured countries only', () => {
    expect(run(secrets({ phoneCountries: ['GB'] }), 'call 020 7946 0958').text).toBe('call [PHONE_1]');
    expect(run(secrets({ phoneCountries: [] }), 'call (415) 555-2671').action).toBe('pass');
  });

  it('is idempotent', () => {
    const once = run(stage, 'jane@example.com +44 20 7946 0958');
    expect(run(stage, once.text!).action).toBe('pass');
  });
});

describe('secrets factory', () => {
  it.each([[undefined], [{}], [{ types: undefined }]])('builds with %j', (options) => {
    const stage = secrets(options);
    expect(stage).toMatchObject({ name: 'secrets', kind: 'filter' });
    expect(run(stage, 'jane@example.com').text).toBe('[EMAIL_1]');
  });

  it.each([
    [{ types: ['ssn'] }, 'types[0]'],
    [{ types: [] }, 'types'],
    [{ action: 'mask' }, 'action'],
    [{ phoneCountries: ['XX'] }, 'phoneCountries[0]'],
  ])('rejects %j naming %s', (options, path) => {
    try {
      secrets(options as never);
      expect.unreachable();
    } catch (error) {
      expect(isSieveError(error, 'ERR_SIEVE_CONFIG')).toBe(true);
      expect((error as Error).message).toContain(`✖ ${path}`);
    }
  });
});
