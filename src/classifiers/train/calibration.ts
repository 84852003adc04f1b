/**
 * Choosing the bundled model's operating threshold on training rows (never on dev). Two methods:
 *
 * - `split` (the bundled recipe): one model trained on a random ~85% of the rows scores the other ~15%.
 * - `oof` (out-of-fold): K models, each trained on K−1 folds, score the fold they did not see; the
 *   threshold is read from all those scores pooled. Every harmless row is scored, ~1/0.15 ≈ 6.7× the
 *   split's pool whatever K, and the tail is an average over K models, not one model's draw.
 *
 * Either way the threshold is the score above which 0.5% of the scored harmless user rows fall.
 */
import { HANDWRITTEN_PREFIX } from './synthetic/handwritten.js';
import type { Example } from './dataset.js';
import { INSTRUCTION_TWIN_FILE } from './document-twins.js';
import { thresholdAtFpr } from './metrics.js';
import { seededRandom, shuffle } from './random.js';

export const CALIBRATION_METHODS = ['split', 'oof'] as const;
export type CalibrationMethod = (typeof CALIBRATION_METHODS)[number];

/** Share of harmless user rows allowed above the operating point. */
export const CALIBRATION_FPR = 0.005;

/** User and data-segment thresholds, as config.json `promptsieve` stores them. */
export type Thresholds = { flagAt: number; blockAt: number; data: { flagAt: number; blockAt: number } };

/**
 * The `split` method's held-out rows: each row independently with probability `share`, one draw per row,
 * in order, from `seededRandom(seed + 101)` (exactly what the bundled recipe has always drawn).
 */
export function randomHoldOut<T>(rows: readonly T[], share: number, seed: number): Set<T> {
  const random = seededRandom(seed + 101);
  return new Set(rows.filter(() => random.next() < share));
}

/**
 * A fold number (0 … folds−1) per row, stratified by file and label: the rows of each `file:label`
 * group are shuffled (seeded) and dealt round-robin, the deal continuing from group to group, so every
 * fold holds ~1/folds of every source's attacks and harmless rows and the folds differ in size by ≤ 1.
 */
export function stratifiedFolds(rows: readonly Pick<Example, 'file' | 'label'>[], folds: number, seed: number): number[] {
  if (!Number.isInteger(folds) || folds < 2) throw new RangeError(`folds must be an integer ≥ 2, got ${folds}`);
  const groups = new Map<string, number[]>();
  rows.forEach((row, index) => {
    const key = `${row.file}:${row.label}`;
    const members = groups.get(key);
    if (members) members.push(index);
    else groups.set(key, [index]);
  });
  const random = seededRandom(seed + 202);
  const fold = new Array<number>(rows.length);
  let dealt = 0;
  for (const key of [...groups.keys()].sort()) {
    for (const index of shuffle(groups.get(key)!, random)) fold[index] = dealt++ % folds;
  }
  return fold;
}

/**
 * Whether a row belongs to the pool the threshold is read from: harmless, and traffic someone could send.
 * Synthetic rows are easy and would flatter the tail; instruction twins are lines of attack rows.
 */
export const isCalibrationHarmless = (row: Pick<Example, 'file' | 'label'>): boolean =>
  row.label === 'benign' && !row.file.startsWith('synthetic-') && !row.file.startsWith(HANDWRITTEN_PREFIX) && row.file !== INSTRUCTION_TWIN_FILE;

/** A harmless calibration row's score (by a model that never trained on it) and whether it was scored as a data segment. */
export type HarmlessScore = { score: number; data: boolean };

/** Thresholds read from the scored harmless rows, and how many rows of each kind they were read from. */
export type Calibrated = { thresholds: Thresholds; userRows: number; dataRows: number };

/**
 * One operating point, the score above which `fpr` of the harmless user rows fall (rounded to 3
 * decimals), is both `flagAt` and `blockAt`: a band of flags below the block threshold would only add
 * false positives. Data segments use the same point unless `fpr` of the harmless data rows allows a
 * lower one (they are never judged more leniently). No data rows: the user point.
 */
export function calibrateThresholds(harmless: readonly HarmlessScore[], fpr = CALIBRATION_FPR): Calibrated {
  const point = (scores: number[]) => Math.round(thresholdAtFpr(scores, fpr) * 1000) / 1000;
  const user = harmless.filter((row) => !row.data).map((row) => row.score);
  const data = harmless.filter((row) => row.data).map((row) => row.score);
  const userPoint = point(user);
  const dataPoint = Math.min(userPoint, point(data));
  return {
    thresholds: { flagAt: userPoint, blockAt: userPoint, data: { flagAt: dataPoint, blockAt: dataPoint } },
    userRows: user.length,
    dataRows: data.length,
  };
}

/** How the thresholds were chosen, for the "## Thresholds" section of TRAINING.md. */
export type CalibrationRecord = { method: 'split' } | { method: 'oof'; folds: number; userRows: number; dataRows: number };

const SPLIT_NOTE = `Calibrated on training data only: a model trained the same way on 85% of every training file scored the
held-out 15%. One operating point, the score above which 0.5% of those harmless user rows fall, is both
\`flagAt\` and \`blockAt\` (a band of flags below the block threshold would only add false positives);
data segments use the same point unless 0.5% of the held-out harmless documents allows a lower one.`;

const oofNote = (record: { folds: number; userRows: number; dataRows: number }) => {
  const count = (n: number) => n.toLocaleString('en-US');
  return `Calibrated on training data only, out of fold: the training rows were split into ${record.folds} folds (seeded,
stratified by file and label); ${record.folds} models, each trained the same way on ${record.folds - 1} folds, scored the fold
they did not see, and the thresholds were read from all those scores pooled: ${count(record.userRows)} harmless user rows
and ${count(record.dataRows)} harmless documents (synthetic rows excluded). The model in this directory is trained on all rows. One operating
point, the score above which 0.5% of those harmless user rows fall, is both \`flagAt\` and \`blockAt\` (a
band of flags below the block threshold would only add false positives); data segments use the same
point unless 0.5% of the harmless documents allows a lower one.`;
};

/**
 * The method paragraph of TRAINING.md's "## Thresholds" section. The `split` text is the one the bundled
 * model's TRAINING.md has always carried (the default recipe writes byte-identical files).
 */
export const calibrationNote = (record: CalibrationRecord): string => (record.method === 'split' ? SPLIT_NOTE : oofNote(record));
