import { describe, expect, it } from 'vitest';
import { isSieveError } from '../../src/errors.js';
import { createPipeline } from '../../src/pipeline/create-pipeline.js';
import type { Stage, StageResult } from '../../src/pipeline/types.js';
import { lengthValidator } from '../../src/validators/length.js';

const run = (stage: Stage, text: string) =>
  stage.run({ text, view: text, role: 'user' }, { signal: new AbortController().signal }) as StageResult;

describe('lengthValidator', () => {
  it.each([[undefined], [{}], [{ maxChars: undefined, minChars: undefined, onTooLong: undefined }]])(
    'builds with default options from %j: 50,000 characters pass, 50,001 are blocked',
    (options) => {
      const stage = lengthValidator(options);
      expect(stage).toMatchObject({ name: 'length', kind: 'validate' });
      expect(run(stage, 'a'.repeat(50_000))).toEqual({ action: 'pass', findings: [] });
      expect(run(stage, 'a'.repeat(50_001))).toMatchObject({ action: 'block', findings: [{ code: 'segment_too_long', span: [50_000, 50_001] }] });
      expect(run(stage, '')).toEqual({ action: 'pass', findings: [] });
    },
  );

  it('counts code points, so an emoji counts as one character', () => {
    const stage = lengthValidator({ maxChars: 3 });
    expect(run(stage, '😀😀😀').action).toBe('pass');
    expect(run(stage, '😀😀😀😀')).toMatchObject({ action: 'block', findings: [{ code: 'segment_too_long', span: [6, 8] }] });
  });

  it('blocks a too-long text by default and says how long it was, without quoting it', () => {
    const result = run(lengthValidator({ maxChars: 5 }), 'secret words here');
    expect(result.action).toBe('block');
    expect(result.text).toBeUndefined();
    expect(result.findings[0]!.message).toBe('The text has 17 characters; the limit is 5.');
  });

  it('truncates at a code-point boundary with onTooLong: truncate and says so', () => {
    const stage = lengthValidator({ maxChars: 2, onTooLong: 'truncate' });
    const result = run(stage, 'a😀😀b');
    expect(result).toEqual({
      action: 'modify',
      text: 'a😀',
      findings: [{ code: 'segment_too_long', message: 'The text has 4 characters; the limit is 2. Truncated to 2.', span: [3, 6] }],
    });
    expect(run(stage, 'ab')).toEqual({ action: 'pass', findings: [] });
  });

  it('blocks a text shorter than minChars, not counting surrounding whitespace', () => {
    const stage = lengthValidator({ minChars: 2 });
    expect(run(stage, '  a  \n')).toMatchObject({ action: 'block', findings: [{ code: 'segment_too_short' }] });
    expect(run(stage, ' '.repeat(100))).toMatchObject({ action: 'block', findings: [{ code: 'segment_too_short' }] });
    expect(run(stage, '😀')).toMatchObject({ action: 'block' });
    expect(run(stage, ' ab ').action).toBe('pass');
    expect(run(stage, '😀😀').action).toBe('pass');
  });

  it.each([
    [{ maxChars: 0 }, 'maxChars'],
    [{ maxChars: 1.5 }, 'maxChars'],
    [{ minChars: -1 }, 'minChars'],
    [{ minChars: 10, maxChars: 5 }, 'minChars: must not exceed maxChars (5)'],
    [{ onTooLong: 'cut' }, 'onTooLong'],
    [{ maxChar: 5 }, 'maxChar: unknown option. Did you mean `maxChars`?'],
  ])('rejects %j at construction, naming the option', (options, expected) => {
    let error: unknown;
    try {
      lengthValidator(options as never);
    } catch (caught) {
      error = caught;
    }
    expect(isSieveError(error, 'ERR_SIEVE_CONFIG')).toBe(true);
    expect((error as Error).message).toContain(expected);
  });

  it('forwards the truncated text through a pipeline as a modify decision', async () => {
    const pipeline = createPipeline({ stages: [lengthValidator({ maxChars: 4, onTooLong: 'truncate' })] });
    await expect(pipeline.run('abcdefgh')).resolves.toMatchObject({ decision: 'modify', text: 'abcd' });
    await expect(createPipeline({ stages: [lengthValidator({ maxChars: 4 })] }).run('abcdefgh')).resolves.toMatchObject({
      decision: 'block',
      blockedBy: 'length',
      text: 'abcdefgh',
    });
  });

  it('gives differently configured stages different fingerprints', () => {
    expect(lengthValidator({ maxChars: 4 }).fingerprint).not.toBe(lengthValidator({ maxChars: 5 }).fingerprint);
    expect(lengthValidator().fingerprint).toBe(lengthValidator({ maxChars: 50_000 }).fingerprint);
  });
});
