import { describe, expect, it } from 'vitest';
import { cutByChars, encodeInBlocks, planWindows, splitIntoBlocks } from '../../src/classifiers/chunking.js';

const range = (n: number) => Array.from({ length: n }, (_, i) => i);

describe('cutByChars', () => {
  it('keeps short text whole and cuts long text, reporting how much was cut', () => {
    expect(cutByChars('hello', 10)).toEqual({ text: 'hello', cutChars: 0 });
    expect(cutByChars('hello world', 5)).toEqual({ text: 'hello', cutChars: 6 });
  });

  it('never splits a surrogate pair', () => {
    const { text, cutChars } = cutByChars('ab😀cd', 3);
    expect(text).toBe('ab');
    expect(cutChars).toBe(4);
  });
});

describe('splitIntoBlocks', () => {
  it('cuts after a space so that no word is split, and loses nothing', () => {
    const text = 'alpha beta gamma delta epsilon zeta eta theta';
    const blocks = splitIntoBlocks(text, 12);
    expect(blocks.join('')).toBe(text);
    for (const block of blocks.slice(0, -1)) expect(block.endsWith(' ')).toBe(true);
  });

  it('cuts a text without spaces where it must', () => {
    const blocks = splitIntoBlocks('x'.repeat(25), 10);
    expect(blocks.map((block) => block.length)).toEqual([10, 10, 5]);
  });
});

describe('encodeInBlocks', () => {
  it('gives the same words as encoding the whole text', async () => {
    const encode = (text: string) => text.split(' ').filter(Boolean).map((word) => word.length);
    const text = Array.from({ length: 500 }, (_, i) => 'w'.repeat((i % 7) + 1)).join(' ');
    expect(await encodeInBlocks(encode, text, 64)).toEqual(encode(text));
  });
});

describe('planWindows', () => {
  it('returns one window when the text fits', () => {
    expect(planWindows(range(5), 8, 2, 'chunks')).toEqual({ bodies: [range(5)], skippedTokens: 0 });
  });

  it.each(['chunks', 'full'] as const)('%s covers every token with overlapping windows', (strategy) => {
    const { bodies, skippedTokens } = planWindows(range(20), 8, 2, strategy);
    expect(skippedTokens).toBe(0);
    expect(bodies[0]).toEqual(range(8));
    expect(bodies[1]![0]).toBe(6);
    expect(new Set(bodies.flat())).toEqual(new Set(range(20)));
    for (const body of bodies) expect(body.length).toBeLessThanOrEqual(8);
  });

  it('head-tail keeps a quarter from the head and the rest from the tail, and counts what it skipped', () => {
    const { bodies, skippedTokens } = planWindows(range(100), 8, 2, 'head-tail');
    expect(bodies).toEqual([[0, 1, 94, 95, 96, 97, 98, 99]]);
    expect(skippedTokens).toBe(92);
  });

  it('keeps the overlap below half a window so windows always advance', () => {
    const { bodies } = planWindows(range(30), 4, 100, 'full');
    expect(bodies.length).toBeLessThan(30);
  });
});
