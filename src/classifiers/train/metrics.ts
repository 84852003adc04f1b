/** Detection metrics for one file's scores. Small and local so the trainer does not depend on the eval CLI. */

export type Scored = { score: number; label: 0 | 1 };

/** The score a benign pool must stay strictly below for at most `fpr` of it to be flagged. */
export function thresholdAtFpr(benignScores: readonly number[], fpr: number): number {
  const sorted = [...benignScores].sort((a, b) => b - a);
  return sorted[Math.min(sorted.length - 1, Math.floor(fpr * sorted.length))] ?? 1;
}

export type FileMetrics = { rows: number; positives: number; tpr?: number; fpr?: number; f1?: number; tprAtFpr?: number };

/**
 * TPR / FPR / F1 at `threshold` (score ≥ threshold is flagged) and TPR strictly above `fprThreshold`
 * (the threshold that keeps a reference benign pool at 1% FPR). Rates of a label a file lacks are absent.
 */
export function fileMetrics(rows: readonly Scored[], threshold: number, fprThreshold: number): FileMetrics {
  const positives = rows.filter((row) => row.label === 1);
  const negatives = rows.filter((row) => row.label === 0);
  const tp = positives.filter((row) => row.score >= threshold).length;
  const fp = negatives.filter((row) => row.score >= threshold).length;
  const out: FileMetrics = { rows: rows.length, positives: positives.length };
  if (positives.length > 0) {
    out.tpr = tp / positives.length;
    out.tprAtFpr = positives.filter((row) => row.score > fprThreshold).length / positives.length;
    out.f1 = tp === 0 ? 0 : (2 * tp) / (2 * tp + fp + (positives.length - tp));
  }
  if (negatives.length > 0) out.fpr = fp / negatives.length;
  return out;
}
