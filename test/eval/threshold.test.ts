import { describe, expect, it } from 'vitest';
import { rocCurve } from '../../src/eval/roc.js';
import { suggestThreshold } from '../../src/eval/threshold.js';

const suggest = (injection: number[], benign: number[], maxFpr: number) =>
  suggestThreshold(rocCurve(injection, benign), maxFpr, injection.length, benign.length);

describe('suggestThreshold', () => {
  // 100 benign: two tied at 0.9, one at 0.5, 97 at 0.1.
  const benign = [0.9, 0.9, 0.5, ...Array<number>(97).fill(0.1)];
  const injection = [0.95, 0.9, 0.6];

  it('keeps the threshold above a group of tied benign scores that would exceed the target', () => {
    // Flagging at 0.9 flags both tied benign records (2% > 1%), so the threshold stays at 0.95.
    expect(suggest(injection, benign, 0.01)).toEqual({ maxFpr: 0.01, threshold: 0.95, tpr: 1 / 3, fpr: 0, falseAlarms: 0, benign: 100 });
  });

  it('goes as low as the target allows, stopping above the next benign score', () => {
    // 0.6 flags the two benign at 0.9 (2%) and all injections; 0.5 would flag a third benign record.
    expect(suggest(injection, benign, 0.02)).toEqual({ maxFpr: 0.02, threshold: 0.6, tpr: 1, fpr: 0.02, falseAlarms: 2, benign: 100 });
  });

  it('suggests none, and says why, when benign records share the highest score', () => {
    const result = suggest([1, 0.5], [1, 0], 0.01);
    expect(result.threshold).toBeNull();
    expect(result.reason).toMatch(/highest score/);
  });

  it('works on benign data alone, leaving the TPR unknown', () => {
    expect(suggest([], [0.3, 0.2, 0.1], 0.34)).toEqual({ maxFpr: 0.34, threshold: 0.3, tpr: null, fpr: 1 / 3, falseAlarms: 1, benign: 3 });
  });

  it('cannot suggest anything without benign records', () => {
    const result = suggest([0.9], [], 0.01);
    expect(result.threshold).toBeNull();
    expect(result.reason).toMatch(/no benign records/);
  });
});
