import { MIN_CODES } from './decoders-char-codes.js';

/**
 * International Morse code written with `.` and `-` (or look-alikes: `·`, `•`, `−`, `–`, `_`): letters separated by a blank, words by ` / `, `|`,
 * a line break or two or more blanks. A run is read only when it holds at least 8 codes and every one is
 * a letter, digit or sign of the code (so `... --- ...` in a question about SOS, a row of dashes or an
 * ellipsis read as nothing). Hand-written: the npm Morse packages (`morse`, `morse-decoder`) translate
 * a whole string they are given, and do not say which codes they did not know.
 */
const MORSE: Record<string, string> = {
  '.-': 'a', '-...': 'b', '-.-.': 'c', '-..': 'd', '.': 'e', '..-.': 'f', '--.': 'g', '....': 'h', '..': 'i', '.---': 'j',
  '-.-': 'k', '.-..': 'l', '--': 'm', '-.': 'n', '---': 'o', '.--.': 'p', '--.-': 'q', '.-.': 'r', '...': 's', '-': 't',
  '..-': 'u', '...-': 'v', '.--': 'w', '-..-': 'x', '-.--': 'y', '--..': 'z',
  '-----': '0', '.----': '1', '..---': '2', '...--': '3', '....-': '4', '.....': '5', '-....': '6', '--...': '7', '---..': '8', '----.': '9',
  '.-.-.-': '.', '--..--': ',', '..--..': '?', '.----.': "'", '-.-.--': '!', '-..-.': '/', '-.--.': '(', '-.--.-': ')', '.-...': '&',
  '---...': ':', '-.-.-.': ';', '-...-': '=', '.-.-.': '+', '-....-': '-', '..--.-': '_', '.-..-.': '"', '...-..-': '$', '.--.-.': '@',
};

/**
 * Characters that stand for a dot or a dash when Morse is written by hand or pasted from a font: middle
 * dots and bullets, and minus signs, dashes and underscores. Read as `.` and `-`; a run must still hold
 * only codes of the alphabet, so a bulleted list or a row of underscores reads as nothing.
 */
const LOOKALIKE_DOTS = /[\u00b7\u2022\u2219\u22c5]/g;
const LOOKALIKE_DASHES = /[\u2012\u2013\u2014\u2212_]/g;
const ANY_LOOKALIKE = /[\u00b7\u2022\u2219\u22c5\u2012\u2013\u2014\u2212_]/;
/** How many non-ASCII dots and dashes make the fast path (decoders.ts) try a Morse reading. */
export const MIN_MORSE_LOOKALIKES = 6;

/** Whether a non-ASCII code unit is a look-alike of a Morse dot or dash. */
export function isMorseLookalike(unit: number): boolean {
  return unit === 0xb7 || unit === 0x2022 || unit === 0x2219 || unit === 0x22c5 || unit === 0x2212 || (unit >= 0x2012 && unit <= 0x2014);
}

/** The text with look-alike dots and dashes written as `.` and `-`. */
export function withAsciiMorseSigns(text: string): string {
  return ANY_LOOKALIKE.test(text) ? text.replace(LOOKALIKE_DOTS, '.').replace(LOOKALIKE_DASHES, '-') : text;
}

export const MORSE_PATTERNS = {
  /** 8 or more codes of 1 to 7 signs; a letter gap is one blank, a word gap a `/`, `|` or line break, or 2 to 7 blanks. */
  run: /(?<!\w)[.-]{1,7}(?:(?:[ \t]{1,7}|[ \t\r]{0,3}[/|\n][ \t]{0,3})[.-]{1,7}){7,4095}/g,
  /** Bounded as the gaps of `run` are, so that it stays linear on any text. */
  wordGap: /[ \t\r]{0,3}[/|\n][ \t]{0,3}|[ \t]{2,7}/,
  letterGap: /[ \t]/,
} as const;

/** What the Morse runs of `text` spell: at most 16 runs of `maxRun` characters, each whole or not at all. */
export function morseReadings(text: string, maxRun: number): string[] {
  const found: string[] = [];
  const { run } = MORSE_PATTERNS;
  run.lastIndex = 0;
  for (let match = run.exec(text), runs = 0; match !== null && runs < 16; match = run.exec(text), runs++) {
    const words = match[0].slice(0, maxRun).split(MORSE_PATTERNS.wordGap).map((word) => word.split(MORSE_PATTERNS.letterGap).map((code) => MORSE[code]));
    // A run longer than maxRun is read up to its last whole code.
    if (match[0].length > maxRun) words.at(-1)!.pop();
    const letters = words.flat();
    if (letters.length >= MIN_CODES && letters.every((letter) => letter !== undefined)) found.push(words.map((word) => word.join('')).join(' '));
  }
  run.lastIndex = 0;
  return found;
}
