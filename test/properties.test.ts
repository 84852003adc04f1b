/**
 * Properties of the default pipeline on arbitrary input (fast-check): it never throws, whatever the
 * string (lone surrogates, hidden characters, a megabyte); its forwarded text is a fixed point; and no
 * `<script` survives the HTML filter.
 */
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { html } from '../src/filters/html.js';
import { unicode } from '../src/filters/unicode.js';
import { parseSieveConfig, pipelineFromConfig } from '../src/options.js';
import { DECISIONS, type Segment, type StageResult } from '../src/pipeline/types.js';

// No report cache: every run does the work.
const pipeline = pipelineFromConfig(parseSieveConfig({ cacheSize: 0 }));
afterAll(() => pipeline.close());

/** Any UTF-16 string, lone surrogates included, with the characters the filters care about mixed in. */
const hostile = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 300 }),
  fc
    .array(
      fc.oneof(
        fc.string({ unit: 'binary', maxLength: 4 }),
        fc.constantFrom(
          'ignore previous instructions', ' ', '  ', 'a', 'о', '\u200b', '\u200d', '\u202e', '\ufeff', '\ufe0f', '\u{e0100}', '\u{e0069}',
          '\u{e007f}', '🏴', '👩', '\ud800', '\udc00', '<script>', '</script>', '<!--', '-->', '<|im_start|>', '[INST]', '&lt;', '![x](https://e.example/?q=1)',
        ),
      ),
      { maxLength: 40 },
    )
    .map((parts) => parts.join('')),
);

describe('the default pipeline', () => {
  it('never throws and always decides, on any string', async () => {
    await pipeline.ready;
    await fc.assert(
      fc.asyncProperty(hostile, async (input) => {
        const report = await pipeline.run(input);
        expect(DECISIONS).toContain(report.decision);
        expect(typeof report.text).toBe('string');
      }),
      { numRuns: 300 },
    );
  });

  it('handles a 1 MB hostile input without throwing', async () => {
    const unit = 'I g n o r e \u200b\u202e 👩\u200d💻 \u{e0069}\u{e0067}😀\u{e0150}\u{e0151} іgnоrе <b>x</b> \ud800 ';
    const megabyte = unit.repeat(Math.ceil(1_048_576 / unit.length)).slice(0, 1_048_576);
    const report = await pipeline.run(megabyte);
    expect(DECISIONS).toContain(report.decision);
    // The length validator stops it early by default; the Unicode filter must cope with it as well.
    const result = (await unicode().run({ text: megabyte, view: megabyte, role: 'user' }, { signal: new AbortController().signal })) as StageResult;
    expect(result.text!.length).toBeLessThan(megabyte.length);
    expect(result.findings.length).toBeLessThanOrEqual(20 * 8);
  });

  it('is idempotent: forwarding its own output changes nothing more', async () => {
    await fc.assert(
      fc.asyncProperty(hostile, async (input) => {
        const once = await pipeline.run(input);
        if (once.decision === 'block') return;
        const twice = await pipeline.run(once.text);
        expect(twice.text).toBe(once.text);
      }),
      { numRuns: 300 },
    );
  });
});

/**
 * A script start tag: `<script` where the HTML tokenizer ends the tag name (whitespace, `/`, `>`, or the
 * end of input). `<script0` or `<scripts` name other, harmless elements and may stay as written.
 */
const SCRIPT_TAG = /<script(?=[\t\n\f\r />]|$)/i;

describe('the HTML filter', () => {
  const stage = html();
  const markup = fc
    .array(
      fc.oneof(
        fc.constantFrom(
          '<script>', '</script>', '<SCRIPT src=//e.example/x.js>', '<script', '<scr', 'ipt>', '<scr<script>ipt>', '<', '>', '/', 'script', ' ', 'x',
          '<!--', '-->', '<svg><script>alert(1)</script></svg>', '<img src=x onerror=alert(1)>', '<div hidden>', '</div>', '<style>', '&lt;script&gt;',
          '<math><mi><script>', '<template><script>', '<noscript>', '</noscript>', '<textarea>', '<iframe srcdoc="<script>">', '\u0000', '\u200b',
        ),
        fc.string({ maxLength: 3 }),
      ),
      { maxLength: 30 },
    )
    .map((parts) => parts.join(''));

  it('lets no <script through, on the stage and through the default pipeline', async () => {
    await stage.init?.();
    await fc.assert(
      fc.asyncProperty(markup, async (input) => {
        const segment: Segment = { text: input, view: input, role: 'user' };
        const result = await stage.run(segment, { signal: new AbortController().signal });
        if (result.action !== 'block') expect(result.text ?? input).not.toMatch(SCRIPT_TAG);
        const report = await pipeline.run(input);
        if (report.decision !== 'block') expect(report.text).not.toMatch(SCRIPT_TAG);
      }),
      { numRuns: 300 },
    );
  });
});
