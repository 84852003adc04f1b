/**
 * Joins letters that were spaced out to dodge word matching: `I g n o r e  a l l` → `Ignore all`,
 * `i.g.n.o.r.e` → `ignore`, and letters written one per line, `I⏎g⏎n⏎o⏎r⏎e⏎⏎a⏎l⏎l` → `Ignore all`; with no
 * word breaks at all (`I g n o r e a l l`), the fused run is split into words (fused-words.ts).
 * A run needs at least MIN_LETTERS single letters; two or more spaces (one per line: a blank line)
 * inside a run are the word breaks the writer meant. Only alphabetic scripts (Latin, Cyrillic,
 * Greek…) are joined: single Han or Hangul syllables between spaces are ordinary text.
 *
 * A hand-written scanner rather than a regular expression: the run has to be rebuilt letter by letter
 * (dropping separators, keeping breaks), and a scanner is linear by construction.
 */
import { codeUnits } from '../../code-units.js';
import { codePointBefore, LETTER, letterClass } from './code-points.js';
import { splitFusedWords } from './fused-words.js';

const MIN_LETTERS = 4;
/** Single characters that may stand between spaced letters. */
const SEPARATORS = new Set(['.', ',', '-', '_', '*', '|', '/', '+', '~', ' ', '\t', '\u00a0']);
const isBlank = (char: string | undefined) => char === ' ' || char === '\t' || char === '\u00a0';

/** The whitespace from `start`: its length and how many line breaks it holds. */
function gapAt(text: string, start: number): { length: number; lineBreaks: number } {
  let end = start;
  let lineBreaks = 0;
  for (;; end++) {
    const char = text[end];
    if (char === '\n') lineBreaks++;
    else if (char !== '\r' && !isBlank(char)) break;
  }
  return { length: end - start, lineBreaks };
}

/** By letter class: the letters that can be spaced out (alphabetic scripts). */
const SPACEABLE = [LETTER.latin, LETTER.latinFoldable, LETTER.lookalike, LETTER.lookalikeScript].reduce((table, letter) => {
  table[letter] = 1;
  return table;
}, new Uint8Array(8));
const isSpaceable = (cp: number) => SPACEABLE[letterClass(cp)] === 1;
const isWordChar = (cp: number | undefined) => cp !== undefined && letterClass(cp) !== LETTER.none;

/** The end of a single-letter token at `index`, or -1 when there is none. */
function singleLetterAt(text: string, index: number): number {
  const cp = text.codePointAt(index);
  if (cp === undefined || !isSpaceable(cp) || isWordChar(codePointBefore(text, index))) return -1;
  const end = index + (cp > 0xffff ? 2 : 1);
  return isWordChar(text.codePointAt(end)) ? -1 : end;
}

/** letterClass of each ASCII code point, read from the same cache once. */
const ASCII_CLASS = Uint8Array.from({ length: 0x80 }, (_, code) => letterClass(code));
/** Whether a unit outside the surrogates is a word character (a code point of its own). */
const isBmpWordUnit = (unit: number) =>
  unit < 0x80 ? ASCII_CLASS[unit] !== LETTER.none : (unit < 0xd800 || unit > 0xdfff) && letterClass(unit) !== LETTER.none;

/** SEPARATORS by ASCII code unit (the only other one is U+00A0), and the line break of letters one per line. */
const PAIR_GAP = Uint8Array.from({ length: 0x80 }, (_, code) => (SEPARATORS.has(String.fromCharCode(code)) || code === 0x0a ? 1 : 0));

/**
 * Whether two single letters stand one blank, one separator or one line break apart somewhere. A join needs such a pair
 * (see `joins` below), so without one the text is left as it is; looking costs a table read per unit and
 * a few look-ups per separator, instead of the letter class of every character.
 */
function hasSpacedPair(text: string): boolean {
  const units = codeUnits(text);
  for (let i = 1; i + 1 < text.length; i++) {
    const unit = units[i]!;
    if (unit < 0x80 ? PAIR_GAP[unit] === 0 : unit !== 0xa0) continue;
    // Fast reject, most word gaps: the letter after the separator is followed by another word character.
    if (i + 2 < text.length && isBmpWordUnit(units[i + 1]!) && isBmpWordUnit(units[i + 2]!)) continue;
    const gapStart = unit === 0x0a && units[i - 1] === 0x0d ? i - 1 : i;
    const before = codePointBefore(text, gapStart);
    if (before === undefined) continue;
    if (singleLetterAt(text, gapStart - (before > 0xffff ? 2 : 1)) === gapStart && singleLetterAt(text, i + 1) >= 0) return true;
  }
  return false;
}

export function joinSpacedLetters(text: string): string {
  if (!hasSpacedPair(text)) return text;
  let out = '';
  let copyFrom = 0;
  let previousIsWord = false;
  let i = 0;
  while (i < text.length) {
    const unit = text.charCodeAt(i);
    // Fast path: outside the surrogates a unit is its code point, whose class is a table read; that settles
    // every character but a spaceable letter after a non-word character, which goes on to the run check below.
    if (unit < 0xd800 || unit > 0xdfff) {
      const letter = unit < 0x80 ? ASCII_CLASS[unit]! : letterClass(unit);
      if (letter === LETTER.none) {
        previousIsWord = false;
        i++;
        continue;
      }
      if (previousIsWord || !SPACEABLE[letter]) {
        previousIsWord = true;
        i++;
        continue;
      }
    }
    const cp = text.codePointAt(i)!;
    const size = cp > 0xffff ? 2 : 1;
    const letter = letterClass(cp);
    if (letter === LETTER.none) {
      previousIsWord = false;
      i += size;
      continue;
    }
    // Inside a word, or a letter that starts a longer word: not a single letter.
    if (previousIsWord || !isSpaceable(cp) || isWordChar(text.codePointAt(i + size))) {
      previousIsWord = true;
      i += size;
      continue;
    }
    let joined = text.slice(i, i + size);
    let letters = 1;
    let joins = 0;
    let end = i + size;
    // In `i.g.n.o.r.e a.l.l` the letters are joined by a mark, so a blank is the writer's word break.
    let markJoined = false;
    // Letters one per line (the first gap holds a line break): a line break joins, a blank line breaks words.
    let vertical = false;
    for (;;) {
      const lines = gapAt(text, end);
      if (lines.lineBreaks > 0 && (vertical || letters === 1)) {
        const next = singleLetterAt(text, end + lines.length);
        if (next < 0) break;
        vertical = true;
        const wordBreak = lines.lineBreaks >= 2;
        joined += (wordBreak ? ' ' : '') + text.slice(end + lines.length, next);
        if (!wordBreak) joins++;
        letters++;
        end = next;
        continue;
      }
      if (vertical) break;
      let gap = 0;
      while (isBlank(text[end + gap])) gap++;
      const blank = gap > 0;
      if (gap === 0 && SEPARATORS.has(text[end]!)) gap = 1;
      if (gap === 0) break;
      const next = singleLetterAt(text, end + gap);
      if (next < 0) break;
      const wordBreak = gap >= 2 || (blank && markJoined);
      if (!blank && joins === 0) markJoined = true;
      joined += (wordBreak ? ' ' : '') + text.slice(end + gap, next);
      if (!wordBreak) joins++;
      letters++;
      end = next;
    }
    if (letters >= MIN_LETTERS && joins > 0) {
      // Letters spaced out with no word breaks fuse into one word: split it where known words end.
      out += text.slice(copyFrom, i) + joined.split(' ').map((piece) => splitFusedWords(piece) ?? piece).join(' ');
      copyFrom = end;
    }
    previousIsWord = true;
    i = end;
  }
  return copyFrom === 0 ? text : out + text.slice(copyFrom);
}
