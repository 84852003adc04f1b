/**
 * Splits a text into words and says which script each looks like, for confusable folding and the
 * `mixed_script_word` finding. A word is a run of Latin, look-alike-script and neutral characters
 * (digits, marks); letters of other scripts (Han, Arabic…) form their own runs, so that a Latin word
 * inside unspaced Chinese text is still a word.
 */
import { HIDDEN, hiddenClass, LETTER, letterClass } from './code-points.js';

export const WORD_KINDS = {
  /** Latin letters only (with digits and marks). */
  latin: 0,
  /** Latin letters with look-alikes from another script (`іgnоrе`): folded to Latin. */
  mixed: 1,
  /** Latin letters inside a word of a look-alike script with letters that have no Latin twin (`Пpивeт`). */
  mixedForeign: 2,
  /** Only look-alike letters (`сор`): Latin in disguise or a word of its own language; context decides. */
  ambiguous: 3,
  /** A word of another script, or of a look-alike script with letters that have no Latin twin (`привет`). */
  foreign: 4,
  /** Digits and marks only. */
  neutral: 5,
} as const;
export type WordKind = (typeof WORD_KINDS)[keyof typeof WORD_KINDS];

export type Word = {
  start: number;
  end: number;
  kind: WordKind;
  /** A mixed-script word worth reporting. */
  suspicious: boolean;
};

/**
 * The words of `text`. With `skipHidden`, hidden characters (zero-width, tags…) do not break a word,
 * so `ig\u200bnоre` is one word with the spans of the received text.
 */
export function scanWords(text: string, skipHidden: boolean): Word[] {
  const words: Word[] = [];
  let start = -1;
  let foreignRun = false;
  let latin = 0;
  let lookalike = 0;
  let lookalikeScript = 0;

  const close = (end: number) => {
    if (start < 0) return;
    // One object per word: the kind and the flag are written into it, not spread from another.
    const word: Word = { start, end, kind: WORD_KINDS.foreign, suspicious: false };
    if (!foreignRun) classify(word, latin, lookalike, lookalikeScript);
    words.push(word);
    start = -1;
    latin = lookalike = lookalikeScript = 0;
  };

  let i = 0;
  while (i < text.length) {
    const cp = text.codePointAt(i)!;
    const size = cp > 0xffff ? 2 : 1;
    const letter = letterClass(cp);
    if (letter === LETTER.none) {
      if (!(skipHidden && hiddenClass(cp) !== HIDDEN.none)) close(i);
    } else if (letter === LETTER.other) {
      if (start >= 0 && !foreignRun) close(i);
      if (start < 0) {
        start = i;
        foreignRun = true;
      }
    } else {
      if (start >= 0 && foreignRun) close(i);
      if (start < 0) {
        start = i;
        foreignRun = false;
      }
      if (letter === LETTER.latin || letter === LETTER.latinFoldable) latin++;
      else if (letter === LETTER.lookalike) lookalike++;
      else if (letter === LETTER.lookalikeScript) lookalikeScript++;
    }
    i += size;
  }
  close(text.length);
  return words;
}

function classify(word: Word, latin: number, lookalike: number, lookalikeScript: number): void {
  if (latin > 0) {
    if (lookalikeScript > 0) {
      word.kind = WORD_KINDS.mixedForeign;
      word.suspicious = lookalike > 0 || lookalikeScript >= 2;
    } else if (lookalike > 0) {
      word.kind = WORD_KINDS.mixed;
      word.suspicious = true;
    } else {
      word.kind = WORD_KINDS.latin;
    }
  } else if (lookalikeScript === 0) {
    word.kind = lookalike > 0 ? WORD_KINDS.ambiguous : WORD_KINDS.neutral;
  }
}
