/**
 * Upside-down text (`ʇdɯoɹd ɯǝʇsʎs ǝɥʇ lɐǝʌǝɹ`): letters swapped for the characters that look like them
 * turned half a circle, usually written last letter first so that it reads with the screen turned. The
 * reading maps each of them back and reverses the run (and, for generators that do not reverse, maps
 * only). Hand-written: the npm flip packages (`flip-text`, `upside-down`) only encode, each with its own
 * partial table; this one holds the characters they use, inverted.
 */

/** Latin letter, digit or sign → the character that upside-down generators write for it. */
const FLIPPED: Record<string, string> = {
  a: 'ɐ', b: 'q', c: 'ɔ', d: 'p', e: 'ǝ', f: 'ɟ', g: 'ƃ', h: 'ɥ', i: 'ᴉ', j: 'ɾ', k: 'ʞ', m: 'ɯ', n: 'u', p: 'd', q: 'b',
  r: 'ɹ', t: 'ʇ', u: 'n', v: 'ʌ', w: 'ʍ', y: 'ʎ',
  A: '∀', B: 'ꓭ', C: 'Ɔ', D: 'ᗡ', E: 'Ǝ', F: 'Ⅎ', G: '⅁', J: 'ſ', K: 'ꓘ', L: '⅂', M: 'W', P: 'Ԁ', Q: 'Ό', R: 'ᴚ', T: '⊥',
  U: '∩', V: 'Λ', W: 'M', Y: '⅄',
  '1': 'Ɩ', '2': 'ᄅ', '3': 'Ɛ', '4': 'ㄣ', '5': 'ϛ', '6': '9', '7': 'ㄥ', '9': '6',
  '.': '˙', ',': "'", "'": ',', '"': '„', '?': '¿', '!': '¡', '(': ')', ')': '(', '[': ']', ']': '[', '{': '}', '}': '{',
  '<': '>', '>': '<', _: '‾', '&': '⅋', ';': '؛',
};
/** Other spellings generators use: dotless i, a script g, a small-caps or letter-like capital. */
const ALSO: Record<string, string> = { ı: 'i', ᵷ: 'g', '˥': 'L', '┴': 'T', 'Ὸ': 'Q', 'פ': 'G', '𐐒': 'B', 'ʞ': 'k' };

/** Flipped character → what it stands for (a self-symmetric letter such as `o`, `s` or `x` is not listed). */
const UNFLIPPED = new Map<string, string>([...Object.entries(FLIPPED).map(([plain, flipped]) => [flipped, plain] as const), ...Object.entries(ALSO)]);

/**
 * The lower-case flipped letters that no other use of these characters piles up three different ones of:
 * a candidate text holds at least three of them (IPA writes `ɹ`, `ɔ`, `ʌ` among letters that are no flip
 * such as `ə`, `ɪ`, `ː`, which keep its words out of a run). All lie in U+0183..U+028E, so the scan
 * that counts them tests one range per non-ASCII character.
 */
export const FLIP_TRIGGERS = 'ɐɔǝɟƃɥɾʞɯɹʇʌʍʎ';
export const FLIP_TRIGGER_FROM = 0x183;
/** `FLIP_TRIGGER_BITS[unit - FLIP_TRIGGER_FROM]`: a bit per trigger character, 0 for the others in the range. */
export const FLIP_TRIGGER_BITS = new Int32Array(0x28f - FLIP_TRIGGER_FROM);
[...FLIP_TRIGGERS].forEach((char, bit) => (FLIP_TRIGGER_BITS[char.charCodeAt(0) - FLIP_TRIGGER_FROM] = 1 << bit));

/** At least this many different trigger characters make a text a candidate. */
export const FLIP_TRIGGERS_NEEDED = 3;

/** A run needs this many flipped characters, and this share of its letters flipped. */
const RUN_FLIPS = 3;
const RUN_SHARE = 0.3;
/** Words without a flipped character (`os`, `uo`) that a run may hold in a row. */
const PLAIN_GAP = 2;

const WORD = /\S+/g;
const LETTER = /\p{L}/u;

/**
 * The upside-down runs of `text` read back: at most four runs of at most `maxRun` characters, each a row
 * of words that hold flipped characters and no other non-ASCII letter (at most two plain words in a row
 * between them), with at least three flipped characters, 30% of its letters. Two readings when there are
 * runs: turned (reversed and mapped back) and mapped back only; none otherwise.
 */
export function upsideDownReadings(text: string, maxRun: number): string[] {
  const runs: string[] = [];
  let start = -1;
  let end = -1;
  let flips = 0;
  let letters = 0;
  let gap = 0;
  const close = () => {
    if (start >= 0 && flips >= RUN_FLIPS && flips >= RUN_SHARE * letters) runs.push(text.slice(start, Math.min(end, start + maxRun)));
    start = -1;
    flips = 0;
    letters = 0;
    gap = 0;
  };
  WORD.lastIndex = 0;
  for (let match = WORD.exec(text); match !== null && runs.length < 4; match = WORD.exec(text)) {
    const word = match[0];
    let wordFlips = 0;
    let wordLetters = 0;
    let foreign = false;
    for (const char of word) {
      if (UNFLIPPED.has(char) && char.charCodeAt(0) >= 128) wordFlips++;
      else if (char.charCodeAt(0) >= 128 && LETTER.test(char)) foreign = true;
      if (char.charCodeAt(0) >= 128 || /[A-Za-z]/.test(char)) wordLetters++;
    }
    if (foreign || (wordFlips === 0 && (start < 0 || ++gap > PLAIN_GAP))) {
      close();
      continue;
    }
    if (wordFlips > 0) {
      if (start < 0) start = match.index;
      end = match.index + word.length;
      gap = 0;
    }
    flips += wordFlips;
    letters += wordLetters;
  }
  WORD.lastIndex = 0;
  close();
  if (runs.length === 0) return [];
  const mapped = runs.map((run) => Array.from(run, (char) => UNFLIPPED.get(char) ?? char));
  const forwards = mapped.map((chars) => chars.join('')).join(' … ');
  return [mapped.map((chars) => chars.reverse().join('')).reverse().join(' … '), forwards];
}
