import { describe, expect, it } from 'vitest';
import { firstInexactNumber } from '../../src/dataset/exact-numbers.js';

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
