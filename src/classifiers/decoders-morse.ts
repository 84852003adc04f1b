import { MIN_CODES } from './decoders-char-codes.js';

/**
 * International Morse code written with `.` and `-`: letters separated by a blank, words by ` / `, `|`,
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
