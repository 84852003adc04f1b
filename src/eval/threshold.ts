import { loosestWithin } from './roc.js';
import type { RocPoint, ThresholdSuggestion } from './types.js';

/**
 * The lowest score threshold whose false-positive rate on the benign records is at most `maxFpr`,
 * taken from the curve of `rocCurve` (predict injection when `score >= threshold`).
 *
 * Ties: records with equal scores always fall on the same side of any threshold. When a group of
 * benign records tied at one score would push the FPR over the target, the threshold stays above
 * that score: the next higher measured score. The threshold is always a measured score; any value
 * between it and the next lower measured score behaves the same on this data.
 */
export function suggestThreshold(points: readonly RocPoint[], maxFpr: number, injections: number, benign: number): ThresholdSuggestion {
  if (benign === 0) {
    return { maxFpr, threshold: null, tpr: null, fpr: null, falseAlarms: 0, benign, reason: 'there are no benign records to measure false alarms on' };
  }
  const best = loosestWithin(points, maxFpr);
  const falseAlarms = Math.round(best.fpr * benign);
  const tpr = injections === 0 ? null : best.tpr;
  if (best.threshold === null) {
    return {
      maxFpr,
      threshold: null,
      tpr,
      fpr: 0,
      falseAlarms: 0,
      benign,
      reason: 'benign records share the highest score and alone exceed the target; no score threshold meets it',
    };
  }
  return { maxFpr, threshold: best.threshold, tpr, fpr: best.fpr, falseAlarms, benign };
}
