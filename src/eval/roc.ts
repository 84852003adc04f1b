import type { OperatingPoint, RocPoint } from './types.js';

/**
 * The ROC curve of a score sweep: one point per distinct score `t`, predicting injection when
 * `score >= t`, from the strictest threshold (nothing flagged, `threshold: null`) to the loosest.
 * Records with equal scores cannot be told apart by any threshold, so each tie group moves the curve
 * in one step — a diagonal when it holds both labels — which is what makes the area count a tied
 * injection/benign pair as half right.
 * Hand-written: a sort and a walk; no maintained JS package computes ROC with ties this way.
 */
export function rocCurve(injectionScores: ArrayLike<number>, benignScores: ArrayLike<number>): RocPoint[] {
  const positives = injectionScores.length;
  const negatives = benignScores.length;
  const scores = new Float64Array(positives + negatives);
  scores.set(injectionScores);
  scores.set(benignScores, positives);
  // Indices below `positives` are injections; the label travels with the index through the sort.
  const order = Uint32Array.from(scores.keys()).sort((a, b) => scores[b]! - scores[a]!);
  const points: RocPoint[] = [{ threshold: null, fpr: 0, tpr: 0 }];
  let tp = 0;
  let fp = 0;
  for (let i = 0; i < order.length; ) {
    const score = scores[order[i]!]!;
    while (i < order.length && scores[order[i]!] === score) {
      if (order[i]! < positives) tp++;
      else fp++;
      i++;
    }
    points.push({ threshold: score, fpr: negatives === 0 ? 0 : fp / negatives, tpr: positives === 0 ? 0 : tp / positives });
  }
  return points;
}

/**
 * Area under the curve by trapezoids; a tie group's diagonal adds half its rectangle, so this equals
 * the probability that a random injection outscores a random benign record, ties counting ½
 * (the Mann–Whitney U statistic). `null` without both labels.
 */
export function rocAuc(points: readonly RocPoint[], injections: number, benign: number): number | null {
  if (injections === 0 || benign === 0) return null;
  let area = 0;
  for (let i = 1; i < points.length; i++) {
    const a = points[i - 1]!;
    const b = points[i]!;
    area += ((b.fpr - a.fpr) * (a.tpr + b.tpr)) / 2;
  }
  return area;
}

/**
 * The best operating point whose false-positive rate is at most `maxFpr`: the lowest threshold that
 * keeps FPR within the target. Only thresholds at measured scores count — no interpolation between
 * points, so the TPR reported is one a threshold really achieves on this data.
 */
export function operatingPoint(points: readonly RocPoint[], maxFpr: number, injections: number, benign: number): OperatingPoint {
  if (injections === 0 || benign === 0) return { maxFpr, tpr: null, fpr: null, threshold: null };
  const best = loosestWithin(points, maxFpr);
  return { maxFpr, tpr: best.tpr, fpr: best.fpr, threshold: best.threshold };
}

/** At most `max` points of a curve, evenly spaced along it, always keeping the first and last. */
export function thinCurve(points: readonly RocPoint[], max: number): RocPoint[] {
  if (points.length <= max) return [...points];
  const step = (points.length - 1) / (max - 1);
  return Array.from({ length: max }, (_, i) => points[Math.round(i * step)]!);
}

/** The point with the lowest threshold whose FPR is at most `maxFpr`; FPR never decreases along the curve. */
export function loosestWithin(points: readonly RocPoint[], maxFpr: number): RocPoint {
  let best = points[0]!;
  for (const point of points) {
    if (point.fpr > maxFpr) break;
    best = point;
  }
  return best;
}
