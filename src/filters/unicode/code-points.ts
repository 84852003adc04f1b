/**
 * Per-code-point facts the Unicode filter and the detection view need, looked up in O(1).
 *
 * Hand-written because no npm package exposes Unicode properties per code point cheaply: the data
 * comes from V8's own Unicode property escapes (`\p{…}`, the Unicode version of the running Node),
 * evaluated once per code point on first sight and cached in a 1.1 MB typed array.
 */
import { codeUnits } from '../../code-units.js';
import { foldTarget } from './confusables.js';

/** What removing a code point from the forwarded text is reported as (low 4 bits of the cache). */
export const HIDDEN = {
  none: 0,
  /** Zero-width and other format characters (Cf), Hangul fillers. */
  invisible: 1,
  /** Embeddings, overrides and isolates: U+202A–202E, U+2066–2069. */
  bidiControl: 2,
  /** Implicit directional marks LRM, RLM, ALM: harmless in right-to-left text. */
  directionalMark: 3,
  /** ZWNJ and ZWJ: needed by emoji sequences and by Arabic-script and Indic shaping. */
  joiner: 4,
  /** U+FEFF: a byte-order mark at the start, a zero-width no-break space elsewhere. */
  byteOrderMark: 5,
  tag: 6,
  variationSelector: 7,
  privateUse: 8,
  /** Unassigned (Cn) and noncharacters, except the reserved emoji ranges (Extended_Pictographic). */
  unassigned: 9,
  loneSurrogate: 10,
  /** Default-ignorable marks that carry meaning in their script (CGJ, Mongolian FVS): only the view drops them. */
  viewOnly: 11,
  /** U+200B ZWSP: a word-break hint in Thai, Lao, Khmer and Myanmar text, written without spaces. */
  wordBreak: 12,
} as const;
export type HiddenClass = (typeof HIDDEN)[keyof typeof HIDDEN];

/** How a code point counts for confusable folding and mixed-script words (bits 4–6 of the cache). */
export const LETTER = {
  /** Not part of a word: spaces, punctuation, symbols, invisible characters. */
  none: 0,
  /** Digits, combining marks, and letters of no particular script. */
  neutral: 1,
  /** Latin letters, and Common letters that pass for Latin (mathematical alphanumerics). */
  latin: 2,
  /** A letter of a look-alike script (Cyrillic, Greek…) that passes for a Latin letter: Cyrillic `а`. */
  lookalike: 3,
  /** A letter of a look-alike script with no Latin twin: Cyrillic `п`, Greek `π`. */
  lookalikeScript: 4,
  /** A letter of any other script (Han, Arabic, Devanagari…): ends a word for folding purposes. */
  other: 5,
  /** A non-ASCII Latin letter with an ASCII prototype (`ɑ`, `ı`), or a Common letter passing for Latin. */
  latinFoldable: 6,
} as const;
export type LetterClass = (typeof LETTER)[keyof typeof LETTER];
/** The only classes an ASCII code point can have (see letterClassOf). */
const ASCII_LETTER_CLASSES = (1 << LETTER.none) | (1 << LETTER.neutral) | (1 << LETTER.latin);
const NON_ASCII = /[^\x00-\x7f]/;

/**
 * Scripts whose letters are used to disguise Latin words. Letters of other scripts (Arabic `ا`,
 * Hebrew `ו`, Devanagari `०`) have Latin prototypes in UTS #39 too, but are never folded: they
 * belong to running text in their own languages, and right-to-left letters cannot pass inside a Latin word.
 */
const LOOKALIKE_SCRIPTS =
  /[\p{Script=Cyrillic}\p{Script=Greek}\p{Script=Armenian}\p{Script=Cherokee}\p{Script=Coptic}\p{Script=Lisu}\p{Script=Canadian_Aboriginal}\p{Script=Old_Italic}\p{Script=Gothic}\p{Script=Deseret}]/u;
const LATIN = /\p{Script=Latin}/u;
const COMMON_OR_INHERITED = /[\p{Script=Common}\p{Script=Inherited}]/u;
const WORD = /[\p{L}\p{M}\p{N}]/u;
const LETTER_CHAR = /\p{L}/u;
const FORMAT = /\p{Cf}/u;
const PRIVATE_USE = /\p{Co}/u;
const UNASSIGNED = /\p{Cn}/u;
const PICTOGRAPHIC = /\p{Extended_Pictographic}/u;
const DEFAULT_IGNORABLE = /\p{Default_Ignorable_Code_Point}/u;

/**
 * Prepended concatenation marks (U+0600–0605, U+06DD, U+070F, U+0890–0891, U+08E2, U+110BD, U+110CD)
 * are Cf but visible: they span the digits that follow (Arabic number and year signs). V8 has no
 * property escape for them, and the list has been stable since Unicode 10.
 */
const isConcatenationMark = (cp: number) =>
  (cp >= 0x0600 && cp <= 0x0605) || cp === 0x06dd || cp === 0x070f || cp === 0x0890 || cp === 0x0891 || cp === 0x08e2 || cp === 0x110bd || cp === 0x110cd;

const COMPUTED = 0x80;
const cache = new Uint8Array(0x110000);

function compute(cp: number): number {
  return COMPUTED | hiddenClassOf(cp) | (letterClassOf(cp) << 4);
}

function hiddenClassOf(cp: number): HiddenClass {
  if (cp < 0xad) return HIDDEN.none;
  if (cp >= 0xd800 && cp <= 0xdfff) return HIDDEN.loneSurrogate;
  if (cp >= 0xe0000 && cp <= 0xe007f) return HIDDEN.tag;
  if ((cp >= 0xfe00 && cp <= 0xfe0f) || (cp >= 0xe0100 && cp <= 0xe01ef)) return HIDDEN.variationSelector;
  if ((cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069)) return HIDDEN.bidiControl;
  if (cp === 0x200e || cp === 0x200f || cp === 0x061c) return HIDDEN.directionalMark;
  if (cp === 0x200c || cp === 0x200d) return HIDDEN.joiner;
  if (cp === 0xfeff) return HIDDEN.byteOrderMark;
  if (cp === 0x200b) return HIDDEN.wordBreak;
  // Hangul fillers render as blank space and are a known way to write invisible text.
  if (cp === 0x3164 || cp === 0xffa0) return HIDDEN.invisible;
  const char = String.fromCodePoint(cp);
  if (FORMAT.test(char)) return isConcatenationMark(cp) ? HIDDEN.none : HIDDEN.invisible;
  if (PRIVATE_USE.test(char)) return HIDDEN.privateUse;
  // Extended_Pictographic covers reserved emoji code points, so a newer emoji than this Node knows survives.
  if (UNASSIGNED.test(char)) return PICTOGRAPHIC.test(char) ? HIDDEN.none : HIDDEN.unassigned;
  if (DEFAULT_IGNORABLE.test(char)) return HIDDEN.viewOnly;
  return HIDDEN.none;
}

function letterClassOf(cp: number): LetterClass {
  if (cp < 0x80) {
    if ((cp >= 0x41 && cp <= 0x5a) || (cp >= 0x61 && cp <= 0x7a)) return LETTER.latin;
    return cp >= 0x30 && cp <= 0x39 ? LETTER.neutral : LETTER.none;
  }
  if (cp >= 0xd800 && cp <= 0xdfff) return LETTER.none;
  const char = String.fromCodePoint(cp);
  if (!WORD.test(char)) return LETTER.none;
  if (!LETTER_CHAR.test(char)) return LETTER.neutral;
  if (LATIN.test(char)) return foldTarget(cp) === undefined ? LETTER.latin : LETTER.latinFoldable;
  if (LOOKALIKE_SCRIPTS.test(char)) return foldTarget(cp) === undefined ? LETTER.lookalikeScript : LETTER.lookalike;
  if (COMMON_OR_INHERITED.test(char)) return foldTarget(cp) === undefined ? LETTER.neutral : LETTER.latinFoldable;
  return LETTER.other;
}

function info(cp: number): number {
  let value = cache[cp]!;
  if (value === 0) cache[cp] = value = compute(cp);
  return value;
}

export const hiddenClass = (cp: number): HiddenClass => (info(cp) & 0x0f) as HiddenClass;
export const letterClass = (cp: number): LetterClass => ((info(cp) >> 4) & 0x07) as LetterClass;

/**
 * Whether some code point of `text` has one of `classes` (a bit set over LetterClass values).
 * A loop over the cache rather than a regular expression: V8 matches large Unicode classes
 * (`\p{Script=…}`, `\p{Cn}`) one binary search per character, ten times slower on non-Latin text.
 */
export function hasLetterClass(text: string, classes: number): boolean {
  // Fast path: ASCII is only ever none, neutral or Latin; when none of those is asked for, the search
  // starts at the first non-ASCII character, which the regular-expression engine finds faster than a loop.
  const asciiCounts = (classes & ASCII_LETTER_CLASSES) !== 0;
  const from = asciiCounts ? 0 : text.search(NON_ASCII);
  if (from < 0) return false;
  const units = codeUnits(text);
  for (let i = from; i < text.length; i++) {
    const unit = units[i]!;
    if (unit < 0x80 && !asciiCounts) continue;
    // Outside the surrogates a unit is its code point: no codePointAt needed.
    let cp = unit;
    if (unit >= 0xd800 && unit <= 0xdfff) {
      cp = text.codePointAt(i)!;
      if (cp > 0xffff) i++;
    }
    if (classes & (1 << letterClass(cp))) return true;
  }
  return false;
}
export const letterClasses = (...classes: LetterClass[]): number => classes.reduce<number>((set, letter) => set | (1 << letter), 0);

const EMOJI = /\p{Emoji}/u;
const EMOJI_MODIFIER = /\p{Emoji_Modifier}/u;
const IDEOGRAPHIC = /\p{Ideographic}/u;
/** Bases of standardized variation sequences (StandardizedVariants.txt): math symbols, CJK, a few scripts, slashed zero. */
const STANDARDIZED_VARIANT_BASE =
  /[\p{Math}\p{Ideographic}\p{Script=Myanmar}\p{Script=Phags_Pa}\p{Script=Manichaean}\p{Script=Egyptian_Hieroglyphs}0]/u;
/** Scripts whose shaping needs ZWJ/ZWNJ between letters: Arabic script (Persian ZWNJ), Indic, Sinhala, Khmer, Mongolian… */
const JOINING_SCRIPT = new RegExp(
  `[${[
    'Arabic', 'Syriac', 'Nko', 'Mandaic', 'Manichaean', 'Psalter_Pahlavi', 'Mongolian', 'Phags_Pa', 'Hanifi_Rohingya',
    'Devanagari', 'Bengali', 'Gurmukhi', 'Gujarati', 'Oriya', 'Tamil', 'Telugu', 'Kannada', 'Malayalam', 'Sinhala',
    'Khmer', 'Myanmar', 'Tibetan', 'Balinese', 'Javanese',
  ].map((name) => `\\p{Script_Extensions=${name}}`).join('')}]`,
  'u',
);
const LETTER_OR_MARK = /[\p{L}\p{M}]/u;
/** Right-to-left scripts, whose users put LRM/RLM in text on purpose. */
export const RIGHT_TO_LEFT_LETTER =
  /[\p{Script=Hebrew}\p{Script=Arabic}\p{Script=Syriac}\p{Script=Thaana}\p{Script=Nko}\p{Script=Samaritan}\p{Script=Mandaic}\p{Script=Adlam}\p{Script=Hanifi_Rohingya}\p{Script=Yezidi}]/u;

const test = (pattern: RegExp, cp: number | undefined) => cp !== undefined && pattern.test(String.fromCodePoint(cp));

/** ZWJ between two pictographs (👩‍💻), or after a skin tone or VS16 (🏳️‍🌈, 🧑🏽‍💻). */
export const isEmojiJoin = (before: number | undefined, after: number | undefined) =>
  (before === 0xfe0f || test(PICTOGRAPHIC, before) || test(EMOJI_MODIFIER, before)) && test(PICTOGRAPHIC, after);

/**
 * ZWJ/ZWNJ after a letter or mark of a script that shapes with them (می‌خواهم, क्‍ष, ශ්‍රී), before
 * another such letter or at the end of a word (Malayalam chillu `ന്‍`, an explicit virama).
 */
export const isScriptJoin = (before: number | undefined, after: number | undefined) =>
  test(LETTER_OR_MARK, before) &&
  test(JOINING_SCRIPT, before) &&
  (test(JOINING_SCRIPT, after) || !test(LETTER_OR_MARK, after));

/** Scripts written without spaces between words, whose writers mark word breaks with ZWSP. */
const UNSPACED_SCRIPT_LETTER = /[\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}\p{Script=Tai_Tham}\p{Script=Tai_Le}\p{Script=New_Tai_Lue}\p{Script=Tai_Viet}]/u;

/**
 * ZWSP between two letters or marks of such a script (ช่วย\u200Bแปล): a word-break hint the writer
 * put there. Anywhere else (`ig\u200Bnore`, runs of ZWSP) it hides something and is removed.
 */
export const isWordBreakHint = (before: number | undefined, after: number | undefined) =>
  test(LETTER_OR_MARK, before) && test(UNSPACED_SCRIPT_LETTER, before) && test(LETTER_OR_MARK, after) && test(UNSPACED_SCRIPT_LETTER, after);

/**
 * Whether one variation selector after `base` is an ordinary variation sequence: VS15/VS16 after an
 * emoji-capable character (❤️, #️⃣), VS1–14 after a standardized-variant base, VS17+ after an
 * ideograph (Ideographic Variation Sequences, used for Japanese names).
 */
export function isVariationSequence(base: number | undefined, selector: number): boolean {
  if (base === undefined) return false;
  if (selector === 0xfe0e || selector === 0xfe0f) return test(EMOJI, base);
  if (selector <= 0xfe0d) return test(STANDARDIZED_VARIANT_BASE, base);
  return test(IDEOGRAPHIC, base);
}

const SCRIPT_NAMES = ['Cyrillic', 'Greek', 'Armenian', 'Cherokee', 'Coptic', 'Lisu', 'Canadian_Aboriginal', 'Old_Italic', 'Gothic', 'Deseret'].map(
  (name) => ({ name: name.replace('_', ' '), pattern: new RegExp(`\\p{Script=${name}}`, 'u') }),
);

/** Which SCRIPT_NAMES a code point belongs to, one bit each. */
function scriptBitsOf(cp: number): number {
  const char = String.fromCodePoint(cp);
  let bits = 0;
  for (let k = 0; k < SCRIPT_NAMES.length; k++) if (SCRIPT_NAMES[k]!.pattern.test(char)) bits |= 1 << k;
  return bits;
}
/** scriptBitsOf for the BMP, filled on first sight (bit 15: computed); the rest is rare and computed each time. */
const BMP_SCRIPT_BITS = new Uint16Array(0x10000);
const COMPUTED_BITS = 1 << 15;

/** The names of the look-alike scripts whose letters appear in `text` (for finding messages). */
export function lookalikeScriptsIn(text: string): string[] {
  let bits = 0;
  for (let i = 0; i < text.length; ) {
    const cp = text.codePointAt(i)!;
    i += cp > 0xffff ? 2 : 1;
    // No ASCII character belongs to a look-alike script.
    if (cp < 0x80) continue;
    if (cp > 0xffff) {
      bits |= scriptBitsOf(cp);
      continue;
    }
    let known = BMP_SCRIPT_BITS[cp]!;
    if (known === 0) BMP_SCRIPT_BITS[cp] = known = COMPUTED_BITS | scriptBitsOf(cp);
    bits |= known;
  }
  return SCRIPT_NAMES.filter((_, k) => bits & (1 << k)).map(({ name }) => name);
}

/** The code point that ends just before `index` (a whole surrogate pair, or a lone unit). */
export function codePointBefore(text: string, index: number): number | undefined {
  if (index <= 0) return undefined;
  const unit = text.charCodeAt(index - 1);
  if (unit >= 0xdc00 && unit <= 0xdfff && index >= 2) {
    const cp = text.codePointAt(index - 2)!;
    if (cp > 0xffff) return cp;
  }
  return unit;
}
