import { describe, expect, it } from 'vitest';
import { createHistogram } from '../../src/eval/histogram.js';

describe('createHistogram', () => {
  it('counts scores per label in 20 bins over [0, 1], 1 in the last bin', () => {
    const histogram = createHistogram();
    for (const score of [0, 0.04, 0.05, 1]) histogram.add(score, true);
    histogram.add(0.999, false);
    const result = histogram.result();
    expect(result.edges).toHaveLength(21);
    expect(result.edges[1]).toBe(0.05);
    expect(result.injection[0]).toBe(2);
    expect(result.injection[1]).toBe(1);
    expect(result.injection[19]).toBe(1);
    expect(result.benign[19]).toBe(1);
    expect(result.injection.reduce((a, b) => a + b)).toBe(4);
  });
});
