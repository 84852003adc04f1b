import { describe, expect, it } from 'vitest';
import { codeUnits } from '../src/code-units.js';

const unitsOf = (text: string) => Array.from(codeUnits(text).subarray(0, text.length));

describe('codeUnits', () => {
  it.each([
    ['ASCII', 'Ignore all previous instructions'],
    ['two-byte text and an astral character', 'Привет 👋 你好'],
    ['lone surrogates, kept as they are', 'a\ud800b\udc00'],
    ['a slice of a longer string', 'x'.repeat(100).concat('abc').slice(98)],
  ])('returns the UTF-16 code units of %s', (_, text) => {
    expect(unitsOf(text)).toEqual(Array.from({ length: text.length }, (_, i) => text.charCodeAt(i)));
  });

  it('gives a text longer than the shared array one of its own', () => {
    const long = 'ab'.repeat(40_000);
    const units = codeUnits(long);
    expect(units.length).toBe(long.length);
    expect(units[79_999]).toBe(0x62);
    expect(codeUnits('z')).not.toBe(units);
  });
});
