import { describe, expect, it } from 'vitest';
import { firstInexactNumber } from '../../src/dataset/exact-numbers.js';
import { isKeptNumber, parseKeepingNumbers, stringifyKeepingNumbers } from '../../src/dataset/lossless-record.js';

describe('firstInexactNumber', () => {
  it.each([
    '{"id":1,"text":"hi"}',
    '{"n":1.10,"m":-0.5e-3,"k":0,"z":-0.0,"big":9007199254740992,"f":0.30000000000000004}',
    '{"a":1.2345678901234567e300,"tiny":5e-324,"e":1E+2,"zeros":1000000000000000000000}',
    // Digits inside strings are text, not numbers.
    '{"phone":"12345678901234567890","esc":"\\"12345678901234567890"}',
  ])('finds nothing in %s', (line) => {
    expect(firstInexactNumber(line)).toBeUndefined();
  });

  it.each([
    ['{"id":12345678901234567890,"text":"hi"}', 6],
    ['{"text":"a","n":123456789.0123456789}', 16],
    ['{"big":1e400}', 7],
    ['{"small":-1e-400}', 9],
    ['[9007199254740993]', 1],
  ])('finds the changed number in %s', (line, position) => {
    expect(firstInexactNumber(line)).toBe(position);
  });
});

describe('parseKeepingNumbers / stringifyKeepingNumbers', () => {
  it.each([
    '{"id":12345678901234567890,"text":"hi"}',
    '{"big":1e400,"small":-1E-400,"d":123456789.0123456789,"list":[9007199254740993,{"x":18446744073709551615}]}',
    // Exponent form, a capital E and a plus sign are kept as written.
    '{"a":12345678901234567890e+2,"b":2E400}',
  ])('writes %s back byte for byte', (line) => {
    expect(stringifyKeepingNumbers(parseKeepingNumbers(line))).toBe(line);
  });

  it('reads everything else as JSON.parse does: numbers a float holds, strings, duplicate keys, __proto__', () => {
    const line = '{"id":12345678901234567890,"n":1.50,"s":"\\u00e9\\n\\ud800","k":1,"k":2,"__proto__":{"x":1},"nested":{"t":true,"f":null}}';
    const kept = parseKeepingNumbers(line) as Record<string, unknown>;
    const { id: _id, ...rest } = kept;
    const { id: _float, ...expected } = JSON.parse(line) as Record<string, unknown>;
    expect(rest).toEqual(expected);
    expect(Object.getPrototypeOf(kept)).toBe(Object.prototype);
    expect(isKeptNumber(kept.id)).toBe(true);
    expect(isKeptNumber(kept.n)).toBe(false);
    expect(stringifyKeepingNumbers(kept)).toBe(JSON.stringify(JSON.parse(line)).replace('"id":12345678901234567000', '"id":12345678901234567890'));
  });
});
