import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isSieveError } from '../../src/errors.js';
import type { Stage, StageResult } from '../../src/pipeline/types.js';
import { charactersValidator, type CharactersOptions } from '../../src/validators/characters.js';

const run = (stage: Stage, text: string) =>
  stage.run({ text, view: text, role: 'user' }, { signal: new AbortController().signal }) as StageResult;
const codes = (result: StageResult) => result.findings.map((finding) => finding.code);
const isWellFormed = (text: string) => (text as unknown as { isWellFormed(): boolean }).isWellFormed();

describe('charactersValidator', () => {
  it.each([[undefined], [{}], [{ controlCharacters: undefined, invalidUtf16: undefined, allowedScripts: undefined, asciiOnly: undefined }]])(
    'builds with defaults from %j: strips control characters and repairs invalid UTF-16',
    (options) => {
      const stage = charactersValidator(options as CharactersOptions | undefined);
      expect(stage).toMatchObject({ name: 'characters', kind: 'validate' });
      expect(run(stage, 'a\u0000b')).toMatchObject({ action: 'modify', text: 'ab' });
      expect(run(stage, 'a\uD800b')).toMatchObject({ action: 'modify', text: 'a\uFFFDb' });
    },
  );

  it('lets multilingual text, emoji, tabs and line breaks through by default', () => {
    const text = 'Hello\tworld\r\nПривет мир\nسلام دنیا 你好 नमस्ते 😀 café';
    expect(run(charactersValidator(), text)).toEqual({ action: 'pass', findings: [] });
  });

  it('leaves zero-width and other format characters to the Unicode filter', () => {
    expect(run(charactersValidator(), 'ig\u200Bnore\u2066 \uFEFF')).toEqual({ action: 'pass', findings: [] });
  });

  it('strips C0, DEL and C1 control characters and reports each run with its span and code points', () => {
    const result = run(charactersValidator(), 'a\u001B[31mb\u0000\u0007c\u007F\u0085\u009Fd');
    expect(result.action).toBe('modify');
    expect(result.text).toBe('a[31mbcd');
    expect(result.findings).toEqual([
      { code: 'control_characters', message: '1 control character (U+001B). Removed.', span: [1, 2] },
      { code: 'control_characters', message: '2 control characters (U+0000, U+0007). Removed.', span: [7, 9] },
      { code: 'control_characters', message: '3 control characters (U+007F, U+0085, U+009F). Removed.', span: [10, 13] },
    ]);
    expect(result.detail).toEqual({ counts: { control_characters: { characters: 6, runs: 3 } } });
  });

  it.each([
    ['block', 'block', undefined],
    ['flag', 'flag', undefined],
  ] as const)('with controlCharacters: %s the verdict is %s and the text is kept', (option, action, text) => {
    const result = run(charactersValidator({ controlCharacters: option }), 'x\u0001y');
    expect(result.action).toBe(action);
    expect(result.text).toBe(text);
    expect(codes(result)).toEqual(['control_characters']);
  });

  it('ignores control characters with controlCharacters: off', () => {
    expect(run(charactersValidator({ controlCharacters: 'off' }), 'x\u0001y')).toEqual({ action: 'pass', findings: [] });
  });

  it('replaces unpaired surrogates with U+FFFD, keeps valid pairs, and reports adjacent ones as one run', () => {
    const result = run(charactersValidator(), '😀\uDC00\uD800x\uD83D');
    expect(result.text).toBe('😀\uFFFD\uFFFDx\uFFFD');
    expect(result.findings).toEqual([
      { code: 'invalid_utf16', message: '2 unpaired surrogates, replaced with U+FFFD.', span: [2, 4] },
      { code: 'invalid_utf16', message: '1 unpaired surrogate, replaced with U+FFFD.', span: [5, 6] },
    ]);
  });

  it('blocks invalid UTF-16 with invalidUtf16: block and ignores it with off', () => {
    expect(run(charactersValidator({ invalidUtf16: 'block' }), 'a\uD800')).toMatchObject({ action: 'block', findings: [{ code: 'invalid_utf16' }] });
    expect(run(charactersValidator({ invalidUtf16: 'off' }), 'a\uD800')).toEqual({ action: 'pass', findings: [] });
  });

  it('keeps spans relative to the received text when it repairs surrogates and strips control characters together', () => {
    const result = run(charactersValidator(), '\uD800\u0000ab');
    expect(result.text).toBe('\uFFFDab');
    expect(result.findings.map((finding) => [finding.code, finding.span])).toEqual([
      ['invalid_utf16', [0, 1]],
      ['control_characters', [1, 2]],
    ]);
  });

  describe('allowedScripts', () => {
    const latin = charactersValidator({ allowedScripts: ['Latin'] });

    it('allows the listed scripts plus Common and Inherited characters (digits, punctuation, combining marks)', () => {
      expect(run(latin, 'Crème brûlée, 2 × 3 = 6! e\u0301')).toEqual({ action: 'pass', findings: [] });
    });

    it('blocks other scripts by default, reporting runs and counts, never the characters', () => {
      const result = run(latin, 'hello мир and 世界');
      expect(result.action).toBe('block');
      expect(result.findings).toEqual([
        { code: 'disallowed_script', message: '3 characters outside the allowed scripts (Common, Inherited, Latin).', span: [6, 9] },
        { code: 'disallowed_script', message: '2 characters outside the allowed scripts (Common, Inherited, Latin).', span: [14, 16] },
      ]);
    });

    it('strips or only flags them with disallowedCharacters', () => {
      expect(run(charactersValidator({ allowedScripts: ['Latin'], disallowedCharacters: 'strip' }), 'ok мир!')).toMatchObject({ action: 'modify', text: 'ok !' });
      expect(run(charactersValidator({ allowedScripts: ['Latin'], disallowedCharacters: 'flag' }), 'ok мир!')).toMatchObject({ action: 'flag' });
    });

    it('accepts script codes and several scripts', () => {
      expect(run(charactersValidator({ allowedScripts: ['Cyrl', 'Han'] }), 'мир 世界 123').action).toBe('pass');
      expect(run(charactersValidator({ allowedScripts: ['Cyrl', 'Han'] }), 'мир world').action).toBe('block');
    });

    it('catches a Cyrillic homoglyph hidden in a Latin word', () => {
      const result = run(latin, 'p\u0430ypal');
      expect(result.findings).toMatchObject([{ code: 'disallowed_script', span: [1, 2] }]);
    });
  });

  it('refuses characters of disallowedCategories and names the category that matched', () => {
    const stage = charactersValidator({ disallowedCategories: ['Co', 'So'] });
    const result = run(stage, 'a\uE000b');
    expect(result).toMatchObject({ action: 'block', findings: [{ code: 'disallowed_category', message: '1 character of disallowed categories (Co).', span: [1, 2] }] });
    expect(run(stage, 'plain text').action).toBe('pass');
    expect(run(charactersValidator({ disallowedCategories: ['Private_Use'], disallowedCharacters: 'strip' }), 'a\uE000\u{F0000}b')).toMatchObject({
      action: 'modify',
      text: 'ab',
      findings: [{ message: '2 characters of disallowed categories (Private_Use). Removed.', span: [1, 4] }],
    });
  });

  it('refuses non-ASCII characters with asciiOnly, counting code points', () => {
    const stage = charactersValidator({ asciiOnly: true });
    expect(run(stage, 'plain ascii ~')).toEqual({ action: 'pass', findings: [] });
    expect(run(stage, '')).toEqual({ action: 'pass', findings: [] });
    expect(run(stage, 'naïve 😀')).toMatchObject({
      action: 'block',
      findings: [
        { code: 'non_ascii', message: '1 non-ASCII character.', span: [2, 3] },
        { code: 'non_ascii', message: '1 non-ASCII character.', span: [6, 8] },
      ],
    });
  });

  it('lists at most 20 runs per rule but counts them all', () => {
    const result = run(charactersValidator(), 'a\u0001'.repeat(50));
    expect(result.findings).toHaveLength(20);
    expect(result.detail).toEqual({ counts: { control_characters: { characters: 50, runs: 50 } } });
    expect(result.text).toBe('a'.repeat(50));
  });

  it('blocks when any rule blocks, even if another one strips', () => {
    const result = run(charactersValidator({ asciiOnly: true }), '\u0000é');
    expect(result.action).toBe('block');
    expect(codes(result)).toEqual(['control_characters', 'non_ascii']);
  });

  it.each([
    [{ allowedScripts: ['latin'] }, 'allowedScripts[0]: unknown Unicode script'],
    [{ allowedScripts: ['Latin}|.*'] }, 'allowedScripts[0]: expected a Unicode script name'],
    [{ allowedScripts: [] }, 'allowedScripts'],
    [{ disallowedCategories: ['Xx'] }, 'disallowedCategories[0]: unknown Unicode general category'],
    [{ controlCharacters: 'remove' }, 'controlCharacters'],
    [{ disallowedCharacters: 'off' }, 'disallowedCharacters'],
    [{ asciOnly: true }, 'asciOnly: unknown option. Did you mean `asciiOnly`?'],
  ])('rejects %j at construction, naming the option', (options, expected) => {
    let error: unknown;
    try {
      charactersValidator(options as never);
    } catch (caught) {
      error = caught;
    }
    expect(isSieveError(error, 'ERR_SIEVE_CONFIG')).toBe(true);
    expect((error as Error).message).toContain(expected);
  });

  it('never throws, never quotes the text, and leaves well-formed text free of control characters (property)', () => {
    const stage = charactersValidator({ disallowedCategories: ['Co'], disallowedCharacters: 'strip' });
    const anyUnits = fc.array(fc.integer({ min: 0, max: 0xffff }), { maxLength: 60 }).map((units) => String.fromCharCode(...units));
    fc.assert(
      fc.property(fc.oneof(anyUnits, fc.string({ unit: 'grapheme', maxLength: 40 })), (text) => {
        const result = run(stage, text);
        const out = result.text ?? text;
        expect(isWellFormed(out)).toBe(true);
        expect(/[\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x9F\uE000-\uF8FF]/.test(out)).toBe(false);
        expect(run(stage, out)).toEqual({ action: 'pass', findings: [] });
        for (const finding of result.findings) expect(finding.span![0]).toBeLessThan(finding.span![1]);
      }),
    );
  });

  it('never puts the checked text in finding messages', () => {
    const secret = 'SECRETжжж\u0001';
    const result = run(charactersValidator({ allowedScripts: ['Latin'], controlCharacters: 'flag' }), secret);
    expect(JSON.stringify(result)).not.toMatch(/SECRET|ж/);
  });
});
