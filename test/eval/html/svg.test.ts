import { describe, expect, it } from 'vitest';
import { niceTicks, scale } from '../../../src/eval/html/svg.js';

describe('niceTicks', () => {
  it.each([
    [0.75, 4, [0, 0.2, 0.4, 0.6, 0.8]],
    [619, 5, [0, 200, 400, 600, 800]],
    [3, 5, [0, 1, 2, 3]],
    [0, 5, [0, 1]],
  ])('covers 0..%d with round steps', (max, count, ticks) => {
    expect(niceTicks(max, count)).toEqual(ticks);
  });
});

describe('scale', () => {
  it('maps a domain onto a range, flipped ranges included', () => {
    const y = scale(0, 1, 300, 20);
    expect(y(0)).toBe(300);
    expect(y(1)).toBe(20);
    expect(y(0.5)).toBe(160);
  });
});
