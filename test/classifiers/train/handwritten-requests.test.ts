import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { isCalibrationHarmless } from '../../../src/classifiers/train/calibration.js';
import { handwrittenRequests } from '../../../src/classifiers/train/synthetic/handwritten.js';

/** Letters only: a repeat that differs in spacing or punctuation is still a repeat. */
const letters = (text: string) => text.normalize('NFKC').toLowerCase().replace(/[\p{P}\p{S}\s]/gu, '');

/** The script each language's rows must be written in. */
const SCRIPT_OF: Record<string, RegExp> = {
  ko: /\p{Script=Hangul}/u,
  ja: /[\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Han}]/u,
  zh: /\p{Script=Han}/u,
  ar: /\p{Script=Arabic}/u,
  hi: /\p{Script=Devanagari}/u,
  ru: /\p{Script=Cyrillic}/u,
  tr: /\p{Script=Latin}/u,
  vi: /\p{Script=Latin}/u,
  id: /\p{Script=Latin}/u,
  fr: /\p{Script=Latin}/u,
};

describe('handwrittenRequests', () => {
  const rows = handwrittenRequests();

  it('are harmless user rows in ten languages, each in its script, each once', () => {
    expect(new Set(rows.map((row) => row.file)).size).toBe(10);
    expect(rows.length).toBeGreaterThan(1700);
    expect(new Set(rows.map((row) => letters(row.text))).size).toBe(rows.length);
    for (const row of rows) {
      expect(row.label).toBe('benign');
      expect(row.text.trim()).toBe(row.text);
      expect(row.text).toMatch(SCRIPT_OF[row.file.slice(-2)]!);
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
