import { z } from 'zod';
import { parseOptions } from '../config.js';
import type { Finding, Stage, StageResult } from '../pipeline/types.js';
import { viewOf } from './detection-view.js';
import { hasLetterClass, LETTER, letterClasses, lookalikeScriptsIn } from './unicode/code-points.js';
import { nothingHidden, REMOVAL_CODES, scanHidden, type RemovalCode, type ScanPolicy } from './unicode/scan-hidden.js';
import { scanWords } from './unicode/words.js';

export const HIDDEN_PAYLOAD_ACTIONS = ['flag', 'block'] as const;
export const MIXED_SCRIPT_ACTIONS = ['flag', 'off'] as const;
export const PRIVATE_USE_ACTIONS = ['remove', 'keep'] as const;
export const DIRECTIONAL_MARK_ACTIONS = ['keep-in-rtl', 'remove'] as const;
/** England, Scotland and Wales: the only subdivision flags that emoji fonts draw (RGI). */
export const DEFAULT_SUBDIVISION_FLAGS = ['gbeng', 'gbsct', 'gbwls'] as const;

export const unicodeOptionsSchema = z.strictObject({
  /**
   * A payload hidden in Unicode tag characters or variation selectors is always removed from the
   * forwarded text and decoded into the detection view. `flag` reports it and leaves the verdict to the
   * detectors that read what it says; `block` refuses the segment outright. Defaults to `'flag'`.
   */
  hiddenPayloads: z.enum(HIDDEN_PAYLOAD_ACTIONS).optional(),
  /**
   * Words mixing Latin letters with Cyrillic, Greek… look-alikes (`іgnоrе`): `flag` reports
   * `mixed_script_word`, `off` stays silent. The detection view folds them either way. Defaults to `'flag'`.
   */
  mixedScript: z.enum(MIXED_SCRIPT_ACTIONS).optional(),
  /**
   * Private-use characters (U+E000–F8FF, planes 15–16) in the forwarded text: `remove`, or `keep` for
   * apps whose users paste icon-font glyphs (terminal prompts). Defaults to `'remove'`.
   */
  privateUse: z.enum(PRIVATE_USE_ACTIONS).optional(),
  /**
   * LRM, RLM and ALM: `keep-in-rtl` keeps them in text that has right-to-left letters (Hebrew, Arabic…),
   * where writers use them to place punctuation; `remove` always removes them. Embeddings, overrides and
   * isolates (U+202A–202E, U+2066–2069) are always removed. Defaults to `'keep-in-rtl'`.
   */
  directionalMarks: z.enum(DIRECTIONAL_MARK_ACTIONS).optional(),
  /**
   * Subdivision flags kept as emoji, by tag spec (ISO 3166-2 in lower case without the hyphen: `gbeng`,
   * `usca`). Any other tag sequence is a hidden payload. Defaults to `['gbeng', 'gbsct', 'gbwls']`.
   */
  subdivisionFlags: z.array(z.string().regex(/^[a-z]{2}[a-z0-9]{1,3}$/, 'expected a tag spec such as "gbeng"')).optional(),
});
export type UnicodeOptions = z.input<typeof unicodeOptionsSchema>;

/** Findings listed per code; the stage's `detail.counts` always has the totals. */
const MAX_FINDINGS_PER_CODE = 20;
const PAYLOAD_CODES: ReadonlySet<RemovalCode> = new Set(['unicode_tag_smuggling', 'variation_selector_payload']);
/**
 * A mixed-script word needs a letter of a look-alike script and a Latin one: a text without both (all
 * English, all Russian) has none, and skips the word scan.
 */
const LOOKALIKE_LETTERS = letterClasses(LETTER.lookalike, LETTER.lookalikeScript);
const LATIN_LETTERS = letterClasses(LETTER.latin, LETTER.latinFoldable);
const mightMixScripts = (text: string) => hasLetterClass(text, LOOKALIKE_LETTERS) && hasLetterClass(text, LATIN_LETTERS);
const NON_ASCII = /[^\x00-\x7f]/;

/**
 * The Unicode filter: removes invisible, bidi, format, private-use and unassigned characters from the
 * forwarded text (keeping what emoji, Persian, Indic scripts and flags need), removes payloads hidden in
 * tag characters and variation selectors, and takes over the detection view: normalised text plus the
 * decoded payloads (see detectionView). The forwarded text is never folded or normalised.
 */
export function unicode(options: UnicodeOptions = {}): Stage {
  const parsed = parseOptions(unicodeOptionsSchema, options, 'unicode stage');
  const blockPayloads = parsed.hiddenPayloads === 'block';
  const reportMixed = (parsed.mixedScript ?? 'flag') === 'flag';
  const policy: ScanPolicy = {
    forView: false,
    // Payloads decoded for the view, which reuses this scan (see HiddenScan.sameForView).
    decode: true,
    record: true,
    keepPrivateUse: parsed.privateUse === 'keep',
    keepDirectionalMarks: (parsed.directionalMarks ?? 'keep-in-rtl') === 'keep-in-rtl',
    subdivisionFlags: new Set(parsed.subdivisionFlags ?? DEFAULT_SUBDIVISION_FLAGS),
  };

  return {
    name: 'unicode',
    kind: 'filter',
    fingerprint: JSON.stringify(parsed),
    run(segment): StageResult {
      const received = segment.text;
      // Fast path: ASCII hides nothing (every hidden character is above U+00AD) and has no look-alike letters.
      const ascii = !NON_ASCII.test(received);
      const scan = ascii ? nothingHidden(received) : scanHidden(received, policy);
      const findings: Finding[] = [];
      const counts: Record<string, { characters: number; runs: number }> = {};

      for (const code of REMOVAL_CODES) {
        const record = scan.removed.get(code);
        if (!record) continue;
        counts[code] = { characters: record.count, runs: record.runs.length };
        for (const span of record.runs.slice(0, MAX_FINDINGS_PER_CODE)) {
          findings.push({ code, message: describeRemoval(code, received.slice(span[0], span[1])), span: [span[0], span[1]] });
        }
      }

      let mixedWords = 0;
      if (reportMixed && !ascii && mightMixScripts(received)) {
        const words = scanWords(received, true);
        for (let w = 0; w < words.count; w++) {
          if (words.suspicious[w] === 0) continue;
          mixedWords++;
          if (mixedWords > MAX_FINDINGS_PER_CODE) continue;
          const [start, end] = [words.start[w]!, words.end[w]!];
          const scripts = lookalikeScriptsIn(received.slice(start, end)).join(' and ') || 'other-script';
          findings.push({ code: 'mixed_script_word', message: `A word mixes Latin letters with ${scripts} letters.`, span: [start, end] });
        }
        if (mixedWords > 0) counts.mixed_script_word = { characters: 0, runs: mixedWords };
      }

      // Fast path: a view that is the text just scanned needs no second scan: this one tells what it would remove.
      const same = segment.view === received;
      const view = viewOf(segment.view, same && scan.sameForView ? scan : undefined, same && ascii);
      const changed = scan.text !== received;
      const payload = scan.removed.has('unicode_tag_smuggling') || scan.removed.has('variation_selector_payload');
      // The view is always returned: later encoders (escaping, spotlighting) must not reach what detectors read.
      const result: StageResult = { action: 'pass', view, findings };
      if (findings.length > 0) result.detail = { counts };
      if (changed) result.text = scan.text;
      if (payload && blockPayloads) result.action = 'block';
      else if (payload || mixedWords > 0) result.action = 'flag';
      else if (changed) result.action = 'modify';
      return result;
    },
  };
}

const WHAT: Record<RemovalCode, [one: string, many: string]> = {
  invisible_characters: ['zero-width or format character', 'zero-width or format characters'],
  bidi_controls: ['bidirectional control character', 'bidirectional control characters'],
  private_use_characters: ['private-use character', 'private-use characters'],
  unassigned_characters: ['unassigned code point', 'unassigned code points'],
  invalid_utf16: ['unpaired surrogate', 'unpaired surrogates'],
  unicode_tag_smuggling: ['Unicode tag character', 'Unicode tag characters'],
  variation_selector_payload: ['variation selector', 'variation selectors'],
};

/** Describes a removed run by count and code points, never by the text around it. */
function describeRemoval(code: RemovalCode, run: string): string {
  const codePoints: number[] = [];
  for (let i = 0; i < run.length; ) {
    const cp = run.codePointAt(i)!;
    codePoints.push(cp);
    i += cp > 0xffff ? 2 : 1;
  }
  const count = `${codePoints.length} ${WHAT[code][codePoints.length === 1 ? 0 : 1]}`;
  if (PAYLOAD_CODES.has(code)) return `${count} carrying hidden text removed; the decoded text is in the detection view.`;
  const distinct = [...new Set(codePoints)];
  const names = distinct.slice(0, 4).map((cp) => `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`);
  if (distinct.length > 4) names.push('…');
  return `${count} (${names.join(', ')}) removed.`;
}
