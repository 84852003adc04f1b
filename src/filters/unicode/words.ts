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

/**
 * The words of the last scan, as spans and kinds in typed arrays that the next scan reuses: no object
 * per word (a kilobyte of prose has 150). Read it before scanning again.
 */
export type WordTable = {
  count: number;
  start: Int32Array;
  end: Int32Array;
  kind: Uint8Array;
  /** 1 for a mixed-script word worth reporting. */
  suspicious: Uint8Array;
  /** 1 for a word with a letter that has a Latin prototype (a look-alike or a foldable Latin letter). */
  foldable: Uint8Array;
};

const table: WordTable = {
  count: 0,
  start: new Int32Array(256),
  end: new Int32Array(256),
  kind: new Uint8Array(256),
  suspicious: new Uint8Array(256),
  foldable: new Uint8Array(256),
};

function grow(): void {
  const size = table.start.length * 2;
  const copy = <T extends Int32Array | Uint8Array>(from: T, to: T): T => {
    to.set(from);
    return to;
  };
  table.start = copy(table.start, new Int32Array(size));
  table.end = copy(table.end, new Int32Array(size));
  table.kind = copy(table.kind, new Uint8Array(size));
  table.suspicious = copy(table.suspicious, new Uint8Array(size));
  table.foldable = copy(table.foldable, new Uint8Array(size));
}

/**
 * The words of `text`. With `skipHidden`, hidden characters (zero-width, tags…) do not break a word,
 * so `ig\u200bnоre` is one word with the spans of the received text.
 */
export function scanWords(text: string, skipHidden: boolean): WordTable {
  table.count = 0;
  const length = text.length;
  let start = -1;
  let foreignRun = false;
  let latin = 0;
  let lookalike = 0;
  let lookalikeScript = 0;
  let foldable = 0;

  let i = 0;
  while (i < length) {
    const unit = text.charCodeAt(i);
    // Outside the surrogates a unit is its code point: no codePointAt needed.
    const cp = unit < 0xd800 || unit > 0xdfff ? unit : text.codePointAt(i)!;
    const size = cp > 0xffff ? 2 : 1;
    const letter = letterClass(cp);
    if (letter === LETTER.none) {
      if (start >= 0 && !(skipHidden && hiddenClass(cp) !== HIDDEN.none)) {
        addWord(start, i, foreignRun, latin, lookalike, lookalikeScript, foldable);
        start = -1;
      }
      i += size;
      continue;
    }
    const other = letter === LETTER.other;
    if (start >= 0 && foreignRun !== other) {
      addWord(start, i, foreignRun, latin, lookalike, lookalikeScript, foldable);
      start = -1;
    }
    if (start < 0) {
      start = i;
      foreignRun = other;
      latin = lookalike = lookalikeScript = foldable = 0;
    }
    if (letter === LETTER.latin) latin++;
    else if (letter === LETTER.latinFoldable) {
      latin++;
      foldable++;
    } else if (letter === LETTER.lookalike) {
      lookalike++;
      foldable++;
    } else if (letter === LETTER.lookalikeScript) lookalikeScript++;
    i += size;
  }
  // The end of the text closes the last word.
  if (start >= 0) addWord(start, length, foreignRun, latin, lookalike, lookalikeScript, foldable);
  return table;
}

function addWord(start: number, end: number, foreignRun: boolean, latin: number, lookalike: number, lookalikeScript: number, foldable: number): void {
  if (table.count === table.start.length) grow();
  const w = table.count++;
  table.start[w] = start;
  table.end[w] = end;
  table.kind[w] = WORD_KINDS.foreign;
  table.suspicious[w] = 0;
  table.foldable[w] = foldable > 0 ? 1 : 0;
  if (!foreignRun) classify(w, latin, lookalike, lookalikeScript);
}

function classify(w: number, latin: number, lookalike: number, lookalikeScript: number): void {
  if (latin > 0) {
    if (lookalikeScript > 0) {
      table.kind[w] = WORD_KINDS.mixedForeign;
      table.suspicious[w] = lookalike > 0 || lookalikeScript >= 2 ? 1 : 0;
    } else if (lookalike > 0) {
      table.kind[w] = WORD_KINDS.mixed;
      table.suspicious[w] = 1;
    } else {
      table.kind[w] = WORD_KINDS.latin;
    }
  } else if (lookalikeScript === 0) {
    table.kind[w] = lookalike > 0 ? WORD_KINDS.ambiguous : WORD_KINDS.neutral;
  }
}
