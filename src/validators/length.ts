import { z } from 'zod';
import { parseOptions } from '../config.js';
import type { Finding, Stage, StageResult } from '../pipeline/types.js';

export const ON_TOO_LONG = ['block', 'truncate'] as const;

const DEFAULT_MAX_CHARS = 50_000;

export const lengthOptionsSchema = z
  .strictObject({
    /**
     * Most characters (Unicode code points) one segment may have. Generous on purpose: later stages
     * chunk long text, and long documents are a normal input. Defaults to `50000`.
     */
    maxChars: z.number().int().positive().optional(),
    /**
     * Fewest characters (code points, not counting whitespace at either end) one segment must have;
     * `1` rejects empty and blank texts. Defaults to `0` (no minimum).
     */
    minChars: z.number().int().nonnegative().optional(),
    /** What a too-long segment gets: `block`, or `truncate` (cut at a code-point boundary). Defaults to `'block'`. */
    onTooLong: z.enum(ON_TOO_LONG).optional(),
  })
  .superRefine((options, ctx) => {
    if (options.minChars !== undefined && options.minChars > (options.maxChars ?? DEFAULT_MAX_CHARS)) {
      ctx.addIssue({ code: 'custom', path: ['minChars'], message: `must not exceed maxChars (${options.maxChars ?? DEFAULT_MAX_CHARS})` });
    }
  });
export type LengthOptions = z.input<typeof lengthOptionsSchema>;

/** Per-segment length limits, counted in code points so that an emoji or a CJK extension character counts once. */
export function lengthValidator(options: LengthOptions = {}): Stage {
  const parsed = parseOptions(lengthOptionsSchema, options, 'length stage');
  const maxChars = parsed.maxChars ?? DEFAULT_MAX_CHARS;
  const minChars = parsed.minChars ?? 0;
  const onTooLong = parsed.onTooLong ?? 'block';

  return {
    name: 'length',
    kind: 'validate',
    fingerprint: JSON.stringify({ maxChars, minChars, onTooLong }),
    run(segment): StageResult {
      const text = segment.text;
      // A string never has more code points than UTF-16 units: most texts are decided by `.length` alone.
      if (text.length > maxChars) {
        const cut = codePointOffset(text, maxChars);
        if (cut < text.length) return tooLong(text, cut);
      }
      if (minChars > 0) {
        const trimmed = text.trim();
        const count = trimmed.length >= minChars * 2 ? minChars : countCodePoints(trimmed);
        if (count < minChars) {
          return {
            action: 'block',
            findings: [{ code: 'segment_too_short', message: `The text has ${count} characters without surrounding whitespace; the minimum is ${minChars}.` }],
          };
        }
      }
      return { action: 'pass', findings: [] };
    },
  };

  function tooLong(text: string, cut: number): StageResult {
    const total = maxChars + countCodePoints(text.slice(cut));
    const finding: Finding = {
      code: 'segment_too_long',
      message:
        onTooLong === 'truncate'
          ? `The text has ${total} characters; the limit is ${maxChars}. Truncated to ${maxChars}.`
          : `The text has ${total} characters; the limit is ${maxChars}.`,
      span: [cut, text.length],
    };
    if (onTooLong === 'truncate') return { action: 'modify', text: text.slice(0, cut), findings: [finding] };
    return { action: 'block', findings: [finding] };
  }
}

/**
 * The UTF-16 offset just after the first `count` code points (or the text's length when shorter).
 * Hand-written: `Array.from(text)` would allocate one string per character of a megabyte input.
 */
function codePointOffset(text: string, count: number): number {
  let offset = 0;
  for (let seen = 0; seen < count && offset < text.length; seen++) {
    offset += isSurrogatePairAt(text, offset) ? 2 : 1;
  }
  return offset;
}

function countCodePoints(text: string): number {
  let count = 0;
  for (let offset = 0; offset < text.length; count++) offset += isSurrogatePairAt(text, offset) ? 2 : 1;
  return count;
}

function isSurrogatePairAt(text: string, offset: number): boolean {
  const high = text.charCodeAt(offset);
  if (high < 0xd800 || high > 0xdbff) return false;
  const low = text.charCodeAt(offset + 1);
  return low >= 0xdc00 && low <= 0xdfff;
}
