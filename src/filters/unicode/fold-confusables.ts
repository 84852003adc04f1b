/**
 * Folds look-alike letters to the Latin letters they pass for, for the detection view only.
 *
 * A full UTS #39 skeleton would turn every Russian or Greek word into Latin gibberish for the model.
 * So folding is decided per word (see words.ts):
 * - a Latin word folds its non-ASCII look-alikes (`ɑ` → `a`);
 * - a word that mixes Latin with look-alikes (`іgnоrе`) folds completely;
 * - a word made only of look-alikes (`сор`) folds unless a neighbouring word is plainly of another
 *   script: Latin in disguise inside English, an ordinary word inside Russian;
 * - everything else (Russian, Greek, Persian, Chinese… words) is left as it is.
 * The input is NFKC text without hidden characters, so the result does not depend on them.
 */
import { hasLetterClass, LETTER, letterClass, letterClasses } from './code-points.js';
import { foldTarget } from './confusables.js';
import { scanWords, WORD_KINDS, type WordTable } from './words.js';

/** Letters with a Latin prototype: without one, there is nothing to fold (most texts). */
const FOLDABLE = letterClasses(LETTER.lookalike, LETTER.latinFoldable);
const LATIN = letterClasses(LETTER.latin, LETTER.latinFoldable);
/** Letters that make their word foreign when it has no Latin letter. */
const FOREIGN = letterClasses(LETTER.lookalikeScript, LETTER.other);

export function foldConfusables(text: string): string {
  if (!hasLetterClass(text, FOLDABLE)) return text;
  // Fast path (Russian, Greek…): without a Latin letter a word is foreign, ambiguous or neutral, and an
  // ambiguous run folds only when no foreign word stands before or after it; so one foreign word anywhere
  // means nothing folds.
  if (!hasLetterClass(text, LATIN) && hasLetterClass(text, FOREIGN)) return text;
  const words = scanWords(text, false);
  const fold = decideFolds(words);
  let out = '';
  let copyFrom = 0;
  for (let w = 0; w < words.count; w++) {
    // Fast path: a word without a letter that has a Latin prototype has nothing to fold (most Latin words).
    if (fold[w] === 0 || words.foldable[w] === 0) continue;
    const end = words.end[w]!;
    let i = words.start[w]!;
    while (i < end) {
      const cp = text.codePointAt(i)!;
      const size = cp > 0xffff ? 2 : 1;
      if (cp >= 0x80) {
        const letter = letterClass(cp);
        const target = letter === LETTER.latinFoldable || letter === LETTER.lookalike ? foldTarget(cp) : undefined;
        if (target !== undefined) {
          out += text.slice(copyFrom, i) + target.toLowerCase();
          copyFrom = i + size;
        }
      }
      i += size;
    }
  }
  return copyFrom === 0 ? text : out + text.slice(copyFrom);
}

/** Which words fold (1); runs of ambiguous words take the decision of the plain words around them. */
function decideFolds(words: WordTable): Uint8Array {
  const { count, kind } = words;
  const fold = new Uint8Array(count);
  for (let w = 0; w < count; w++) fold[w] = kind[w] === WORD_KINDS.latin || kind[w] === WORD_KINDS.mixed ? 1 : 0;
  let w = 0;
  while (w < count) {
    if (kind[w] !== WORD_KINDS.ambiguous) {
      w++;
      continue;
    }
    let end = w;
    while (end < count && (kind[end] === WORD_KINDS.ambiguous || kind[end] === WORD_KINDS.neutral)) end++;
    const foreignBefore = isForeign(nearestPlain(kind, count, w, -1));
    const foreignAfter = isForeign(nearestPlain(kind, count, end - 1, 1));
    if (!foreignBefore && !foreignAfter) for (let k = w; k < end; k++) if (kind[k] === WORD_KINDS.ambiguous) fold[k] = 1;
    w = end;
  }
  return fold;
}

/** The kind of the nearest word that is neither ambiguous nor neutral, or -1 when there is none. */
function nearestPlain(kind: Uint8Array, count: number, from: number, step: 1 | -1): number {
  for (let k = from + step; k >= 0 && k < count; k += step) {
    if (kind[k] !== WORD_KINDS.ambiguous && kind[k] !== WORD_KINDS.neutral) return kind[k]!;
  }
  return -1;
}

const isForeign = (kind: number) => kind === WORD_KINDS.foreign || kind === WORD_KINDS.mixedForeign;
