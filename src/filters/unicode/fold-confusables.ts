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
import { scanWords, WORD_KINDS, type Word } from './words.js';

/** Letters with a Latin prototype: without one, there is nothing to fold (most texts). */
const FOLDABLE = letterClasses(LETTER.lookalike, LETTER.latinFoldable);

export function foldConfusables(text: string): string {
  if (!hasLetterClass(text, FOLDABLE)) return text;
  const words = scanWords(text, false);
  const fold = decideFolds(words);
  let out = '';
  let copyFrom = 0;
  for (let w = 0; w < words.length; w++) {
    if (!fold[w]) continue;
    const word = words[w]!;
    let i = word.start;
    while (i < word.end) {
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

/** Which words fold; runs of ambiguous words take the decision of the plain words around them. */
function decideFolds(words: readonly Word[]): boolean[] {
  const fold = words.map((word) => word.kind === WORD_KINDS.latin || word.kind === WORD_KINDS.mixed);
  let w = 0;
  while (w < words.length) {
    if (words[w]!.kind !== WORD_KINDS.ambiguous) {
      w++;
      continue;
    }
    let end = w;
    while (end < words.length && (words[end]!.kind === WORD_KINDS.ambiguous || words[end]!.kind === WORD_KINDS.neutral)) end++;
    const foreignBefore = isForeign(nearestPlain(words, w, -1));
    const foreignAfter = isForeign(nearestPlain(words, end - 1, 1));
    if (!foreignBefore && !foreignAfter) for (let k = w; k < end; k++) if (words[k]!.kind === WORD_KINDS.ambiguous) fold[k] = true;
    w = end;
  }
  return fold;
}

function nearestPlain(words: readonly Word[], from: number, step: 1 | -1): Word | undefined {
  for (let k = from + step; k >= 0 && k < words.length; k += step) {
    const kind = words[k]!.kind;
    if (kind !== WORD_KINDS.ambiguous && kind !== WORD_KINDS.neutral) return words[k];
  }
  return undefined;
}

const isForeign = (word: Word | undefined) => word !== undefined && (word.kind === WORD_KINDS.foreign || word.kind === WORD_KINDS.mixedForeign);
