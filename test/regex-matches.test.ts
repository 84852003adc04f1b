import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { forEachMatch } from '../src/regex-matches.js';

const all = (pattern: RegExp, text: string) => {
  const found: [number, string][] = [];
  forEachMatch(pattern, text, (match) => {
    found.push([match.index, match[0]]);
  });
  return found;
};
const viaMatchAll = (pattern: RegExp, text: string) => [...text.matchAll(pattern)].map((match): [number, string] => [match.index, match[0]]);

describe('forEachMatch', () => {
  it('visits what matchAll yields, in order, empty matches and surrogate pairs included', () => {
    const patterns = [/ab+/g, /\b\w*/g, /x*/gu, /(?:)/gu, /\p{L}+/gu, /[\ud800-\udfff]?/g];
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('a', 'b', ' ', 'x', 'é', '😀', '\ud800', '\udc00') }), (text) => {
        for (const pattern of patterns) expect(all(pattern, text)).toEqual(viaMatchAll(pattern, text));
      }),
    );
  });

  it('stops when the visitor returns false, and leaves lastIndex at 0', () => {
    const pattern = /\d/g;
    const seen: string[] = [];
    forEachMatch(pattern, 'a1b2c3d4', (match) => seen.push(match[0]) < 2);
    expect(seen).toEqual(['1', '2']);
    expect(pattern.lastIndex).toBe(0);
  });

  it('resets lastIndex when the visitor throws', () => {
    const pattern = /\d/g;
    expect(() =>
      forEachMatch(pattern, 'a1b2', () => {
        throw new Error('stop');
      }),
    ).toThrow('stop');
    expect(pattern.lastIndex).toBe(0);
    expect(all(pattern, 'a1b2')).toEqual([[1, '1'], [3, '2']]);
  });
});
