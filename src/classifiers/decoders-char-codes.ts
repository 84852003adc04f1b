/**
 * Character codes written as numbers: decimal (`73 103 110 …`, `String.fromCharCode(73,103,…)`), octal
 * (`111 147 156 …`), binary (`01001001 01100111 …` or 7 bits) and octal escapes (`\111\147\156…`). A list
 * is read only when it holds at least 8 codes and every one of them is printable ASCII, so a list of
 * ports, years or scores reads as nothing, or as a few odd characters that no signature names.
 * Hand-written: the npm packages for this convert one known format, not numbers found in free text.
 */

/** At least this many codes make a reading. */
export const MIN_CODES = 8;

export const CHAR_CODE_PATTERNS = {
  /** Numbers of 2 to 8 digits separated by commas, blanks or line breaks; which base they are in is decided per list. */
  numberList: /(?<![\w.])[0-9]{2,8}(?:(?:,[ \t]?|[ \t]{1,4}|\r?\n)[0-9]{2,8}){7,4095}(?![\w.])/g,
  /** `\NNN` octal escapes, 8 or more in a row. */
  octalEscapes: /(?:\\[0-7]{3}){8,4096}/g,
  separator: /[\s,]+/,
  decimalCode: /^[0-9]{2,3}$/,
  octalCode: /^[0-7]{2,3}$/,
  binaryCode: /^[01]{7,8}$/,
} as const;

/** Every reading of the number lists and octal escapes in `text`: at most 16 lists, `maxRun` characters each. */
export function charCodeReadings(text: string, maxRun: number): string[] {
  const found: string[] = [];
  const { numberList, octalEscapes } = CHAR_CODE_PATTERNS;
  numberList.lastIndex = 0;
  for (let match = numberList.exec(text), lists = 0; match !== null && lists < 16; match = numberList.exec(text), lists++) {
    const codes = match[0].slice(0, maxRun).split(CHAR_CODE_PATTERNS.separator);
    // A list longer than maxRun is read up to its last whole code.
    if (match[0].length > maxRun) codes.pop();
    for (const [pattern, base] of [[CHAR_CODE_PATTERNS.decimalCode, 10], [CHAR_CODE_PATTERNS.octalCode, 8], [CHAR_CODE_PATTERNS.binaryCode, 2]] as const) {
      if (codes.every((code) => pattern.test(code))) found.push(...printableCodes(codes.map((code) => Number.parseInt(code, base))));
    }
  }
  numberList.lastIndex = 0;
  octalEscapes.lastIndex = 0;
  for (let match = octalEscapes.exec(text), lists = 0; match !== null && lists < 16; match = octalEscapes.exec(text), lists++) {
    // Four characters an escape, so a cut keeps whole ones.
    const whole = match[0].slice(0, maxRun - (maxRun % 4));
    found.push(...printableCodes(whole.split('\\').slice(1).map((code) => Number.parseInt(code, 8))));
  }
  octalEscapes.lastIndex = 0;
  return found;
}

/** The text the codes spell, when there are enough of them and all are printable ASCII. */
export function printableCodes(codes: number[]): string[] {
  if (codes.length < MIN_CODES || !codes.every((code) => code >= 0x20 && code < 0x7f)) return [];
  return [String.fromCharCode(...codes)];
}
