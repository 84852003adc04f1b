import type { Confusion, Rates } from './types.js';

/** `part / whole`, or `null` when there is nothing to divide by (a rate of no records is unknown, not 0). */
export function ratio(part: number, whole: number): number | null {
  return whole === 0 ? null : part / whole;
}

/** The usual rates of a confusion matrix, injection being the positive class. */
export function ratesOf({ tp, fn, fp, tn }: Confusion): Rates {
  const tpr = ratio(tp, tp + fn);
  const precision = ratio(tp, tp + fp);
  // F1 is 0 when nothing was caught and something should have been; unknown only without injections.
  const f1 = tp + fn === 0 ? null : ratio(2 * tp, 2 * tp + fp + fn);
  return { tpr, fpr: ratio(fp, fp + tn), precision, f1, accuracy: ratio(tp + tn, tp + fn + fp + tn) };
}

/**
 * The `q`-quantile (0..1) of unsorted samples by the nearest-rank method: a value that was actually
 * measured, never an interpolation between two. `null` for no samples.
 */
export function quantile(samples: ArrayLike<number>, q: number): number | null {
  if (samples.length === 0) return null;
  const sorted = Float64Array.from(samples).sort();
  const rank = Math.max(1, Math.ceil(q * sorted.length));
  return sorted[rank - 1]!;
}
