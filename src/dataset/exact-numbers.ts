/**
 * JSON.parse reads every number as a 64-bit float, so `12345678901234567890` (a 64-bit id) would be
 * written back as `12345678901234567000`, and `1e400` as `null`: a record changed where nothing was
 * cleaned. Node 20 has no lossless parse (JSON.rawJSON), so clean finds such numbers and rejects the
 * record instead of corrupting it.
 */

// A number can only lose precision with 16 or more significant digits (its mantissa is then a run of
// 16 digits or dots) or a 3-digit exponent (overflow, underflow). Most lines have neither.
const MAYBE_INEXACT = /[\d.]{16}|[eE][+-]?\d{3}/;
const NUMBER = /^-?(\d+)(?:\.(\d+))?(?:[eE]([+-]?\d+))?$/;

/** Where the first number of a JSON text (outside strings) that a float cannot hold exactly starts. */
export function firstInexactNumber(json: string): number | undefined {
  if (!MAYBE_INEXACT.test(json)) return undefined;
  let index = 0;
  while (index < json.length) {
    const char = json.charCodeAt(index);
    if (char === 0x22 /* " */) {
      index = afterString(json, index + 1);
    } else if (char === 0x2d /* - */ || (char >= 0x30 && char <= 0x39)) {
      const start = index;
      while (index < json.length && isNumberChar(json.charCodeAt(index))) index++;
      const token = json.slice(start, index);
      if (!isExact(token)) return start;
    } else {
      index++;
    }
  }
  return undefined;
}

function afterString(json: string, index: number): number {
  while (index < json.length) {
    const char = json.charCodeAt(index);
    if (char === 0x5c /* \ */) index += 2;
    else if (char === 0x22) return index + 1;
    else index++;
  }
  return index;
}

function isNumberChar(char: number): boolean {
  return (char >= 0x30 && char <= 0x39) || char === 0x2e || char === 0x2b || char === 0x2d || char === 0x65 || char === 0x45;
}

/** True when the float JSON.stringify writes for `token` denotes the same decimal value. */
function isExact(token: string): boolean {
  const value = Number(token);
  if (!Number.isFinite(value)) return false;
  const written = canonical(String(value));
  const read = canonical(token);
  // A token that is not a JSON number makes JSON.parse fail first; keep it out of the way.
  return read === undefined || written === read;
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
