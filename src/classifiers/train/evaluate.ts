import { readJsonl } from './dataset.js';
import { fileMetrics, thresholdAtFpr } from './metrics.js';
import type { TrainedModel } from './train-model.js';
import type { Metrics } from './training-md.js';

/**
 * Per-file metrics of a trained model on held-out JSONL files, for TRAINING.md. "TPR at 1% FPR" uses the
 * threshold that flags 1% of all benign rows of the files together (a single benign file's own 1%
 * would flatter it). `asData(file)` says which files are data segments (documents, tool output).
 */
export function evaluateFiles(model: TrainedModel, paths: readonly string[], flagAt: number, asData: (file: string) => boolean = () => false): Metrics[] {
  const sets = paths.map((path) => {
    const rows = readJsonl(path, 'evaluation data');
    const file = rows[0]?.file ?? path;
    return { file, rows: rows.map((row) => ({ score: model.score(row.text, asData(file)), label: row.label === 'injection' ? (1 as const) : (0 as const) })) };
  });
  const benign = sets.flatMap((set) => set.rows.filter((row) => row.label === 0).map((row) => row.score));
  const at1 = thresholdAtFpr(benign, 0.01);
  return sets.map((set) => ({ file: set.file, ...fileMetrics(set.rows, flagAt, at1) }));
}
