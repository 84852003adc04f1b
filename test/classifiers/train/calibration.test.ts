/**
 * Threshold calibration (src/classifiers/train/calibration.ts) on tiny hand-made rows: no model is
 * trained here. The bundled recipe (`split`) must keep drawing, reading and recording exactly what it
 * always has, so that bench/train-default-model.ts still writes the committed model byte for byte.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  calibrateThresholds,
  calibrationNote,
  randomHoldOut,
  stratifiedFolds,
} from '../../../src/classifiers/train/calibration.js';
import type { Label } from '../../../src/classifiers/train/dataset.js';
import { thresholdAtFpr } from '../../../src/classifiers/train/metrics.js';
import { seededRandom } from '../../../src/classifiers/train/random.js';

const rowsOf = (file: string, label: Label, n: number) => Array.from({ length: n }, (_, i) => ({ file, label, text: `${file} ${label} ${i}` }));
const ROWS = [...rowsOf('a.jsonl', 'benign', 23), ...rowsOf('a.jsonl', 'injection', 7), ...rowsOf('b.jsonl', 'benign', 11), ...rowsOf('c.jsonl', 'injection', 3)];

describe('randomHoldOut (split calibration, the bundled recipe)', () => {
  it('holds out exactly the rows the recipe always drew: one draw per row from seededRandom(seed + 101)', () => {
    for (const seed of [1, 2, 7]) {
      const random = seededRandom(seed + 101);
      const before = new Set(ROWS.filter(() => random.next() < 0.15));
      expect([...randomHoldOut(ROWS, 0.15, seed)]).toEqual([...before]);
    }
  });
});

describe('stratifiedFolds', () => {
  it('gives every row one fold and keeps every file and label spread evenly over the folds', () => {
    const fold = stratifiedFolds(ROWS, 5, 1);
    expect(fold).toHaveLength(ROWS.length);
    expect(fold.every((f) => Number.isInteger(f) && f >= 0 && f < 5)).toBe(true);
    const sizes = [0, 1, 2, 3, 4].map((f) => fold.filter((x) => x === f).length);
    expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
    for (const [file, label, n] of [['a.jsonl', 'benign', 23], ['a.jsonl', 'injection', 7], ['b.jsonl', 'benign', 11]] as const) {
      const counts = [0, 1, 2, 3, 4].map((f) => ROWS.filter((row, i) => row.file === file && row.label === label && fold[i] === f).length);
      expect(counts.reduce((a, b) => a + b)).toBe(n);
      expect(Math.max(...counts) - Math.min(...counts)).toBeLessThanOrEqual(1);
    }
  });

  it('is reproducible from the seed and differs between seeds', () => {
    expect(stratifiedFolds(ROWS, 5, 3)).toEqual(stratifiedFolds(ROWS, 5, 3));
    expect(stratifiedFolds(ROWS, 5, 3)).not.toEqual(stratifiedFolds(ROWS, 5, 4));
  });

  it('does not depend on the order of the groups in the input', () => {
    const fold = stratifiedFolds(ROWS, 3, 1);
    const reversedGroups = [...ROWS.slice(30), ...ROWS.slice(0, 30)];
    const again = stratifiedFolds(reversedGroups, 3, 1);
    expect([...ROWS.slice(30), ...ROWS.slice(0, 30)].map((row) => fold[ROWS.indexOf(row)])).toEqual(again);
  });

  it.each([1, 0, 2.5, Number.NaN])('rejects %s folds', (folds) => {
    expect(() => stratifiedFolds(ROWS, folds, 1)).toThrow(/folds must be an integer ≥ 2/);
  });
});

describe('calibrateThresholds', () => {
  // 1,000 harmless user scores 0.000, 0.001, … 0.999: the point is the sixth highest (index ⌊0.005 × 1000⌋).
  const user = Array.from({ length: 1000 }, (_, i) => ({ score: i / 1000, data: false }));

  it('takes the score above which 0.5% of the harmless user rows fall, rounded to 3 decimals, as flag and block', () => {
    const { thresholds, userRows, dataRows } = calibrateThresholds(user);
    expect(thresholds).toEqual({ flagAt: 0.994, blockAt: 0.994, data: { flagAt: 0.994, blockAt: 0.994 } });
    expect([userRows, dataRows]).toEqual([1000, 0]);
  });

  it('lets data segments have a lower point, never a higher one', () => {
    const low = Array.from({ length: 200 }, (_, i) => ({ score: i / 1000, data: true }));
    expect(calibrateThresholds([...user, ...low]).thresholds).toEqual({ flagAt: 0.994, blockAt: 0.994, data: { flagAt: 0.198, blockAt: 0.198 } });
    const high = low.map((row) => ({ ...row, score: 1 }));
    expect(calibrateThresholds([...user, ...high]).thresholds.data.flagAt).toBe(0.994);
  });

  it('reads the same point as the recipe did inline: round(thresholdAtFpr(scores, 0.005) × 1000) / 1000', () => {
    const random = seededRandom(9);
    const scores = Array.from({ length: 4517 }, () => random.next() ** 8);
    expect(calibrateThresholds(scores.map((score) => ({ score, data: false }))).thresholds.flagAt).toBe(Math.round(thresholdAtFpr(scores, 0.005) * 1000) / 1000);
  });
});

describe('calibrationNote', () => {
  it('writes, for split, the method paragraph the committed models/prompt-injection/TRAINING.md carries', () => {
    const committed = readFileSync(new URL('../../../models/prompt-injection/TRAINING.md', import.meta.url), 'utf8');
    expect(committed).toContain(`## Thresholds\n\n${calibrationNote({ method: 'split' })} A\npooled 1% point`);
  });

  it('records, for oof, the method, the number of folds and the pool sizes', () => {
    const note = calibrationNote({ method: 'oof', folds: 5, userRows: 30123, dataRows: 605 });
    expect(note).toContain('out of fold');
    expect(note).toContain('5 folds');
    expect(note).toContain('trained the same way on 4 folds');
    expect(note).toContain('30,123 harmless user rows');
    expect(note).toContain('605 harmless documents');
    expect(note).toContain('trained on all rows');
  });
});
