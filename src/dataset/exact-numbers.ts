/**
 * JSON.parse reads every number as a 64-bit float, so `12345678901234567890` (a 64-bit id) would be
 * written back as `12345678901234567000`, and `1e400` as `null`: a record changed where nothing was
 * cleaned. Node 20 has no lossless parse (JSON.rawJSON), so clean finds the lines holding such
 * numbers here, cheaply, and parses only those with lossless-json (see lossless-record.ts).
 */

const NUMBER = /^-?(\d+)(?:\.(\d+))?(?:[eE]([+-]?\d+))?$/;

/**
 * Where the first number of a JSON text (outside strings) that a float cannot hold exactly starts.
 * It runs on every JSONL line, so it skips strings with indexOf (most of a line is text) and only
 * looks closely at numbers of 16 or more characters or with an exponent: one of 15 significant
 * digits or fewer always comes back from a float as the same value.
 */
export function firstInexactNumber(json: string): number | undefined {
  let index = 0;
  while (index < json.length) {
    const quote = json.indexOf('"', index);
    const stop = quote === -1 ? json.length : quote;
    while (index < stop) {
      const char = json.charCodeAt(index);
      if (char !== 0x2d /* - */ && (char < 0x30 || char > 0x39)) {
        index++;
        continue;
      }
      const start = index;
      let exponent = false;
      for (let next = char; index < stop && isNumberChar(next); next = json.charCodeAt(++index)) {
        if (next === 0x65 || next === 0x45) exponent = true;
      }
      if ((index - start > 15 || exponent) && !floatHoldsExactly(json.slice(start, index))) return start;
    }
    if (quote === -1) return undefined;
    index = afterString(json, quote + 1);
  }
  return undefined;
}

/** The index after the string whose text starts at `index`: its first quote not escaped by an odd run of backslashes. */
function afterString(json: string, index: number): number {
  for (;;) {
    const quote = json.indexOf('"', index);
    if (quote === -1) return json.length;
    let backslashes = 0;
    while (json.charCodeAt(quote - 1 - backslashes) === 0x5c /* \ */) backslashes++;
    if (backslashes % 2 === 0) return quote + 1;
    index = quote + 1;
  }
}

function isNumberChar(char: number): boolean {
  return (char >= 0x30 && char <= 0x39) || char === 0x2e || char === 0x2b || char === 0x2d || char === 0x65 || char === 0x45;
}

/** True when the float JSON.stringify writes for the JSON number `token` denotes the same decimal value. */
export function floatHoldsExactly(token: string): boolean {
  const value = Number(token);
  if (!Number.isFinite(value)) return false;
  const written = String(value);
  // The common case (a float written by JavaScript or Python): the same text.
  if (written === token) return true;
  return sameValue(written, token);
}

function sameValue(written: string, token: string): boolean {
  const read = canonical(token);
  // A token that is not a JSON number makes JSON.parse fail first; keep it out of the way.
  return read === undefined || canonical(written) === read;
}

/** `digits e exponent` without leading or trailing zeros: equal strings, equal decimal values. */
function canonical(number: string): string | undefined {
  const match = NUMBER.exec(number);
  if (match === null) return undefined;
  const fraction = match[2] ?? '';
  let digits = `${match[1]}${fraction}`.replace(/^0+/, '');
  if (digits === '') return '0';
  let exponent = Number(match[3] ?? 0) - fraction.length;
  // A loop, not /0+$/, which backtracks quadratically over a long run of zeros before a digit.
  let end = digits.length;
  while (digits.charCodeAt(end - 1) === 0x30) end--;
  exponent += digits.length - end;
  digits = digits.slice(0, end);
  return `${number.startsWith('-') ? '-' : ''}${digits}e${exponent}`;
}
