import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { isCalibrationHarmless } from '../../../src/classifiers/train/calibration.js';
import { handwrittenRequests } from '../../../src/classifiers/train/synthetic/handwritten.js';

/** Letters only: a repeat that differs in spacing or punctuation is still a repeat. */
const letters = (text: string) => text.normalize('NFKC').toLowerCase().replace(/[\p{P}\p{S}\s]/gu, '');

describe('handwrittenRequests', () => {
  const rows = handwrittenRequests();

  it('are harmless user rows in Korean and Japanese, each once', () => {
    expect(rows.length).toBeGreaterThan(500);
    expect(new Set(rows.map((row) => letters(row.text))).size).toBe(rows.length);
    for (const row of rows) {
      expect(row.label).toBe('benign');
      expect(row.text.trim()).toBe(row.text);
      const script = row.file.endsWith('-ko') ? /\p{Script=Hangul}/u : /[\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Han}]/u;
      expect(row.text).toMatch(script);
    }
  });

  it('repeat no row of the test corpus, which measures the model trained on them', () => {
    const corpus = readdirSync('test/corpus')
      .filter((file) => file.endsWith('.jsonl'))
      .flatMap((file) => readFileSync(`test/corpus/${file}`, 'utf8').split('\n').filter(Boolean).map((line) => letters(JSON.parse(line).input as string)));
    const inCorpus = new Set(corpus);
    expect(rows.filter((row) => inCorpus.has(letters(row.text))).map((row) => row.text)).toEqual([]);
  });

  it('are left out of threshold calibration, like the synthetic rows', () => {
    expect(rows.filter(isCalibrationHarmless)).toEqual([]);
  });
});
