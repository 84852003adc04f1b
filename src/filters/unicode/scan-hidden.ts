/**
 * One pass over a text that removes invisible, format and smuggling characters and decodes hidden
 * payloads (Unicode tag characters, variation-selector bytes). Two policies share it: the forwarded
 * text keeps what legitimate text needs (emoji ZWJ sequences, Persian ZWNJ, flags), the detection
 * view drops every hidden character.
 */
import { HIDDEN, hiddenClass, isEmojiJoin, isScriptJoin, isVariationSequence, isWordBreakHint, RIGHT_TO_LEFT_LETTER } from './code-points.js';

export const REMOVAL_CODES = [
  'invisible_characters',
  'bidi_controls',
  'private_use_characters',
  'unassigned_characters',
  'invalid_utf16',
  'unicode_tag_smuggling',
  'variation_selector_payload',
] as const;
export type RemovalCode = (typeof REMOVAL_CODES)[number];

export type ScanPolicy = {
  /** Drop every hidden character (the detection view) instead of keeping the legitimate ones (the forwarded text). */
  forView: boolean;
  /** Decode payloads; false for a payload's own decoded text, so that decoding goes one level deep. */
  decode: boolean;
  /** Record removals for findings; the view skips this bookkeeping. */
  record: boolean;
  keepPrivateUse: boolean;
  /** Keep LRM, RLM and ALM in text that has right-to-left letters. */
  keepDirectionalMarks: boolean;
  /** Subdivision flags (🏴 + tag letters + cancel tag) kept as emoji, by tag spec (`gbeng`). */
  subdivisionFlags: ReadonlySet<string>;
};

export type RemovalRecord = {
  runs: [number, number][];
  /** Code points removed (payload characters count one each). */
  count: number;
  /** Removed code points and how often, for messages that name them (U+202E) without quoting text. */
  codePoints: Map<number, number>;
};

export type HiddenScan = {
  /** The text without the removed characters (the received string itself when nothing was removed). */
  text: string;
  /** Hidden characters the policy kept (emoji joiners, Persian ZWNJ…), as flat [start, end) pairs in `text`. */
  kept: number[];
  /**
   * True unless a tag run followed 🏴, whose reading depends on the allowed flags: the detection view's
   * scan would remove what this one removed, plus `kept`, and decode the same payloads.
   */
  sameForView: boolean;
  removed: Map<RemovalCode, RemovalRecord>;
  /** ASCII spelled by tag characters outside an allowed flag, all runs in order. */
  tagText: string;
  /** Bytes carried by variation selectors that belong to no variation sequence, all runs in order. */
  selectorBytes: number[];
};

const BLACK_FLAG = 0x1f3f4;
const CANCEL_TAG = 0xe007f;
const isTagSpecChar = (cp: number) => (cp >= 0xe0030 && cp <= 0xe0039) || (cp >= 0xe0061 && cp <= 0xe007a);
const selectorByte = (cp: number) => (cp <= 0xfe0f ? cp - 0xfe00 : cp - 0xe0100 + 16);

/** The scan of a text known to have no hidden character (all of it below U+00AD, e.g. ASCII). */
export const nothingHidden = (text: string): HiddenScan => ({ text, kept: [], sameForView: true, removed: new Map(), tagText: '', selectorBytes: [] });

/** The first character that may be hidden: nothing below U+00AD (soft hyphen) is. */
const MAYBE_HIDDEN = /[^\x00-\xac]/;

export function scanHidden(text: string, policy: ScanPolicy): HiddenScan {
  const result = nothingHidden(text);
  const length = text.length;
  // Fast path: nothing below U+00AD needs a look-up, and the regular-expression engine finds the first
  // character above it faster than a loop.
  let i = text.search(MAYBE_HIDDEN);
  if (i < 0) return result;

  const parts: string[] = [];
  let copyFrom = 0;
  let previous: number | undefined = i > 0 ? text.charCodeAt(i - 1) : undefined;
  let rightToLeft: boolean | undefined;

  let removedUnits = 0;
  const keep = (start: number, end: number) => result.kept.push(start - removedUnits, end - removedUnits);
  const remove = (start: number, end: number, code: RemovalCode | undefined, cp: number, count = 1) => {
    if (start > copyFrom) parts.push(text.slice(copyFrom, start));
    copyFrom = end;
    removedUnits += end - start;
    if (code === undefined || !policy.record) return;
    let record = result.removed.get(code);
    if (!record) result.removed.set(code, (record = { runs: [], count: 0, codePoints: new Map() }));
    const last = record.runs[record.runs.length - 1];
    if (last && last[1] === start) last[1] = end;
    else record.runs.push([start, end]);
    record.count += count;
    record.codePoints.set(cp, (record.codePoints.get(cp) ?? 0) + count);
  };

  while (i < length) {
    const unit = text.charCodeAt(i);
    // Fast path: below U+00AD, or any other unit outside the surrogates whose class is none (most letters
    // of most scripts), is kept as it is; only the rest goes on to the code point and its case.
    if (unit < 0xad || ((unit < 0xd800 || unit > 0xdfff) && hiddenClass(unit) === HIDDEN.none)) {
      previous = unit;
      i++;
      continue;
    }
    const cp = text.codePointAt(i)!;
    const size = cp > 0xffff ? 2 : 1;
    const hidden = hiddenClass(cp);
    switch (hidden) {
      case HIDDEN.none:
        break;
      case HIDDEN.viewOnly:
        if (policy.forView) remove(i, i + size, undefined, cp);
        else keep(i, i + size);
        break;
      case HIDDEN.joiner: {
        const next = text.codePointAt(i + 1);
        const needed = cp === 0x200d ? isEmojiJoin(previous, next) || isScriptJoin(previous, next) : isScriptJoin(previous, next);
        if (policy.forView || !needed) remove(i, i + size, 'invisible_characters', cp);
        else keep(i, i + size);
        break;
      }
      case HIDDEN.wordBreak:
        if (policy.forView || !isWordBreakHint(previous, text.codePointAt(i + 1))) remove(i, i + size, 'invisible_characters', cp);
        else keep(i, i + size);
        break;
      case HIDDEN.byteOrderMark:
        if (policy.forView || i !== 0) remove(i, i + size, 'invisible_characters', cp);
        else keep(i, i + size);
        break;
      case HIDDEN.directionalMark:
        if (policy.forView || !policy.keepDirectionalMarks || !(rightToLeft ??= RIGHT_TO_LEFT_LETTER.test(text))) {
          remove(i, i + size, 'bidi_controls', cp);
        } else keep(i, i + size);
        break;
      case HIDDEN.bidiControl:
        remove(i, i + size, 'bidi_controls', cp);
        break;
      case HIDDEN.invisible:
        remove(i, i + size, 'invisible_characters', cp);
        break;
      case HIDDEN.privateUse:
        if (policy.forView || !policy.keepPrivateUse) remove(i, i + size, 'private_use_characters', cp);
        else keep(i, i + size);
        break;
      case HIDDEN.unassigned:
        remove(i, i + size, 'unassigned_characters', cp);
        break;
      case HIDDEN.loneSurrogate:
        remove(i, i + size, 'invalid_utf16', cp);
        break;
      case HIDDEN.tag: {
        const run = collectRun(text, i, HIDDEN.tag);
        // A real flag keeps its own tags; whatever follows its cancel tag is a payload.
        const afterFlag = previous === BLACK_FLAG;
        if (afterFlag) result.sameForView = false;
        const flagLength = afterFlag ? allowedFlagLength(run.codePoints, policy.subdivisionFlags) : 0;
        if (flagLength < run.codePoints.length) {
          const payload = run.codePoints.slice(flagLength);
          remove(i + 2 * flagLength, run.end, 'unicode_tag_smuggling', payload[0]!, payload.length);
          if (policy.decode) result.tagText += decodeTags(payload);
        }
        previous = run.codePoints[run.codePoints.length - 1];
        i = run.end;
        continue;
      }
      case HIDDEN.variationSelector: {
        const run = collectRun(text, i, HIDDEN.variationSelector);
        if (run.codePoints.length === 1 && isVariationSequence(previous, cp)) {
          if (policy.forView) remove(i, run.end, undefined, cp);
          else keep(i, run.end);
        } else {
          remove(i, run.end, 'variation_selector_payload', cp, run.codePoints.length);
          if (policy.decode) for (const selector of run.codePoints) result.selectorBytes.push(selectorByte(selector));
        }
        previous = run.codePoints[run.codePoints.length - 1];
        i = run.end;
        continue;
      }
    }
    previous = cp;
    i += size;
  }
  if (copyFrom > 0) {
    parts.push(text.slice(copyFrom));
    result.text = parts.join('');
  }
  return result;
}

function collectRun(text: string, start: number, kind: number): { end: number; codePoints: number[] } {
  const codePoints: number[] = [];
  let end = start;
  while (end < text.length) {
    const cp = text.codePointAt(end)!;
    if (hiddenClass(cp) !== kind) break;
    codePoints.push(cp);
    end += cp > 0xffff ? 2 : 1;
  }
  return { end, codePoints };
}

/**
 * How many code points at the start of a tag run after 🏴 form an allowed subdivision flag (tag
 * letters/digits + cancel tag: 🏴󠁧󠁢󠁥󠁮󠁧󠁿 is `gbeng`), or 0.
 */
function allowedFlagLength(run: readonly number[], allowed: ReadonlySet<string>): number {
  const cancel = run.indexOf(CANCEL_TAG);
  if (cancel < 1) return 0;
  let spec = '';
  for (let k = 0; k < cancel; k++) {
    if (!isTagSpecChar(run[k]!)) return 0;
    spec += String.fromCharCode(run[k]! - 0xe0000);
  }
  return allowed.has(spec) ? cancel + 1 : 0;
}

/** The scanned text without what the scan kept: what the detection view's scan would leave (see sameForView). */
export function withoutKept(scan: HiddenScan): string {
  const { text, kept } = scan;
  if (kept.length === 0) return text;
  let out = '';
  let copyFrom = 0;
  for (let k = 0; k < kept.length; k += 2) {
    out += text.slice(copyFrom, kept[k]);
    copyFrom = kept[k + 1]!;
  }
  return out + text.slice(copyFrom);
}

/** Tag characters U+E0020–E007E spell ASCII 0x20–0x7E; a cancel tag ends a tag sequence, so it separates. */
function decodeTags(run: readonly number[]): string {
  let decoded = '';
  for (const cp of run) {
    if (cp >= 0xe0020 && cp <= 0xe007e) decoded += String.fromCharCode(cp - 0xe0000);
    else if (cp === CANCEL_TAG) decoded += ' ';
  }
  return decoded;
}

const utf8 = new TextDecoder('utf-8', { fatal: false });

/**
 * The hidden text of a scan, for the detection view: tag text, then the selector bytes read as UTF-8
 * (the "emoji smuggling" scheme: VS1–16 carry 0x00–0x0F, VS17–256 carry 0x10–0xFF).
 */
export function hiddenText(scan: HiddenScan): string {
  const selectorText = scan.selectorBytes.length > 0 ? utf8.decode(Uint8Array.from(scan.selectorBytes)) : '';
  if (scan.tagText === '') return selectorText;
  return selectorText === '' ? scan.tagText : `${scan.tagText}\n${selectorText}`;
}
