import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { operatingPoint, rocAuc, rocCurve, thinCurve } from '../../src/eval/roc.js';

const auc = (injection: number[], benign: number[]) => rocAuc(rocCurve(injection, benign), injection.length, benign.length);

/** The definition: the share of (injection, benign) pairs the score orders right, a tie counting ½. */
function pairwiseAuc(injection: number[], benign: number[]): number {
  let wins = 0;
  for (const a of injection) for (const b of benign) wins += a > b ? 1 : a === b ? 0.5 : 0;
  return wins / (injection.length * benign.length);
}

describe('rocCurve', () => {
  it('has one point per distinct score, from the strictest threshold to the loosest', () => {
    expect(rocCurve([0.8, 0.5, 0.5], [0.5, 0.2])).toEqual([
      { threshold: null, fpr: 0, tpr: 0 },
      { threshold: 0.8, fpr: 0, tpr: 1 / 3 },
      // The tie at 0.5 moves both rates in one step: no threshold separates tied records.
      { threshold: 0.5, fpr: 0.5, tpr: 1 },
      { threshold: 0.2, fpr: 1, tpr: 1 },
    ]);
  });
});

describe('rocAuc', () => {
  it('is 11/12 for a hand-counted case without ties', () => {
    // 0.9 and 0.8 outscore all four benign scores; 0.4 outscores three of them: 11 of 12 pairs.
    expect(auc([0.9, 0.8, 0.4], [0.7, 0.3, 0.2, 0.1])).toBeCloseTo(11 / 12, 12);
  });

  it('counts a tied injection/benign pair as half right (5/6 by hand)', () => {
    // Pairs: 0.8 beats both (2); each 0.5 ties the benign 0.5 (2 × ½) and beats 0.2 (2): 5 of 6.
    expect(auc([0.8, 0.5, 0.5], [0.5, 0.2])).toBeCloseTo(5 / 6, 12);
  });

  it('is 0.5 when every score is the same, 1 for a perfect ranking and 0 for a reversed one', () => {
    expect(auc([0.5, 0.5], [0.5])).toBe(0.5);
    expect(auc([0.9, 0.8], [0.1, 0.2])).toBe(1);
    expect(auc([0.1, 0.2], [0.9, 0.8])).toBe(0);
  });

  it('is null without records of both labels', () => {
    expect(auc([0.3], [])).toBeNull();
    expect(auc([], [0.3])).toBeNull();
  });

  it('equals the pairwise definition on any scores, ties included', () => {
    const scores = fc.array(fc.integer({ min: 0, max: 10 }).map((n) => n / 10), { minLength: 1, maxLength: 40 });
    fc.assert(
      fc.property(scores, scores, (injection, benign) => {
        expect(auc(injection, benign)).toBeCloseTo(pairwiseAuc(injection, benign), 9);
      }),
    );
  });
});

describe('operatingPoint', () => {
  // 100 benign: one at 0.85, 99 at 0.1. Thresholds 0.85 .. 0.6 all flag exactly that one (FPR 1%).
  const benign = [0.85, ...Array<number>(99).fill(0.1)];
  const injection = [0.9, 0.8, 0.7, 0.6];
  const curve = rocCurve(injection, benign);

  it('finds the loosest threshold whose FPR is within the target (TPR at 1% FPR)', () => {
    expect(operatingPoint(curve, 0.01, 4, 100)).toEqual({ maxFpr: 0.01, tpr: 1, fpr: 0.01, threshold: 0.6 });
  });

  it('does not interpolate between measured points (TPR at 0.1% FPR)', () => {
    expect(operatingPoint(curve, 0.001, 4, 100)).toEqual({ maxFpr: 0.001, tpr: 0.25, fpr: 0, threshold: 0.9 });
  });

  it('reports TPR 0 and no threshold when even the highest score is a benign one', () => {
    expect(operatingPoint(rocCurve([0.5], [0.9]), 0.01, 1, 1)).toEqual({ maxFpr: 0.01, tpr: 0, fpr: 0, threshold: null });
  });

  it('is unknown without records of both labels', () => {
    expect(operatingPoint(rocCurve([0.5], []), 0.01, 1, 0)).toEqual({ maxFpr: 0.01, tpr: null, fpr: null, threshold: null });
  });
});

describe('thinCurve', () => {
  it('keeps short curves whole and long ones to the limit, first and last points included', () => {
    const curve = rocCurve(
      Array.from({ length: 50 }, (_, i) => i / 100),
      Array.from({ length: 50 }, (_, i) => (i + 50) / 100),
    );
    expect(thinCurve(curve, 1000)).toEqual(curve);
    const thin = thinCurve(curve, 11);
    expect(thin).toHaveLength(11);
    expect(thin[0]).toEqual(curve[0]);
    expect(thin.at(-1)).toEqual(curve.at(-1));
  });
});
