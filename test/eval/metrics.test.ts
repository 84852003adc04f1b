import { describe, expect, it } from 'vitest';
import { quantile, ratesOf, ratio } from '../../src/eval/metrics.js';

describe('ratesOf', () => {
  it('computes TPR, FPR, precision, F1 and accuracy of a confusion matrix', () => {
    // 8 of 10 injections caught, 1 of 90 benign records flagged.
    const rates = ratesOf({ tp: 8, fn: 2, fp: 1, tn: 89 });
    expect(rates.tpr).toBe(0.8);
    expect(rates.fpr).toBeCloseTo(1 / 90, 12);
    expect(rates.precision).toBeCloseTo(8 / 9, 12);
    expect(rates.f1).toBeCloseTo(16 / 19, 12); // 2·8 / (2·8 + 1 + 2)
    expect(rates.accuracy).toBe(0.97);
  });

  it('reports a rate without records to divide by as null, not 0', () => {
    expect(ratesOf({ tp: 0, fn: 0, fp: 0, tn: 5 })).toEqual({ tpr: null, fpr: 0, precision: null, f1: null, accuracy: 1 });
    expect(ratesOf({ tp: 0, fn: 3, fp: 0, tn: 0 })).toEqual({ tpr: 0, fpr: null, precision: null, f1: 0, accuracy: 0 });
  });
});

describe('ratio', () => {
  it('divides, or is null for a zero whole', () => {
    expect(ratio(1, 4)).toBe(0.25);
    expect(ratio(0, 0)).toBeNull();
  });
});

describe('quantile', () => {
  it('takes the nearest-rank sample, a value that was measured', () => {
    const samples = [5, 1, 4, 2, 3];
    expect(quantile(samples, 0.5)).toBe(3);
    expect(quantile(samples, 0.99)).toBe(5);
    expect(quantile(samples, 0)).toBe(1);
    expect(quantile(Array.from({ length: 200 }, (_, i) => 200 - i), 0.99)).toBe(198);
  });

  it('is null without samples', () => {
    expect(quantile([], 0.5)).toBeNull();
  });
});
