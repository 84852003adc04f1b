import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { createPipeline } from '../../src/pipeline/create-pipeline.js';
import type { Stage } from '../../src/pipeline/types.js';
import { evaluate } from '../../src/eval/evaluate.js';
import type { EvalInput, Label } from '../../src/eval/types.js';

/** Blocks texts containing BLOCKME; has no risk score. */
const keyword: Stage = {
  name: 'keyword',
  kind: 'validate',
  run: (segment) => (segment.view.includes('BLOCKME') ? { action: 'block', findings: [{ code: 'keyword', message: 'keyword found' }] } : { action: 'pass', findings: [] }),
};

/** Reads its risk from the text (`risk=0.7`); flags at 0.5, blocks at 0.9. Counts records in flight. */
function scorer() {
  const seen = { inFlight: 0, maxInFlight: 0 };
  const stage: Stage = {
    name: 'scorer',
    kind: 'classify',
    async run(segment) {
      seen.inFlight++;
      seen.maxInFlight = Math.max(seen.maxInFlight, seen.inFlight);
      await sleep(5);
      seen.inFlight--;
      const risk = Number(/risk=([\d.]+)/.exec(segment.view)?.[1] ?? 0);
      const action = risk >= 0.9 ? 'block' : risk >= 0.5 ? 'flag' : 'pass';
      return { action, risk, findings: action === 'pass' ? [] : [{ code: 'scored', message: 'high score' }] };
    },
  };
  return { stage, seen };
}

const record = (n: number, label: Label, text: string, category: string): EvalInput => ({ text, label, category, source: 'set', where: `set:${n}` });
const RECORDS: EvalInput[] = [
  record(1, 'injection', 'risk=0.95', 'a'),
  record(2, 'injection', 'risk=0.6', 'a'),
  record(3, 'injection', 'BLOCKME risk=0.2', 'b'),
  record(4, 'injection', 'risk=0.1', 'b'),
  record(5, 'benign', 'risk=0.05', 'c'),
  record(6, 'benign', 'risk=0.92', 'c'),
  record(7, 'benign', 'risk=0.6', 'c'),
  record(8, 'benign', 'risk=0.0', 'd'),
];

function setup() {
  const { stage, seen } = scorer();
  return { pipeline: createPipeline({ stages: [keyword, stage], mode: 'monitor', cacheSize: 0 }), seen };
}

describe('evaluate', () => {
  it('counts blocked records as predicted injections and measures the rates (hand-counted)', async () => {
    const { pipeline } = setup();
    const result = await evaluate(pipeline, [{ name: 'set.jsonl', records: RECORDS }]);
    expect(result.confusion).toEqual({ tp: 2, fn: 2, fp: 1, tn: 3 });
    expect(result.metrics).toMatchObject({ tpr: 0.5, fpr: 0.25, precision: 2 / 3, accuracy: 5 / 8 });
    // 16 pairs: 0.95 and 1 beat all four benign (8); 0.6 beats two and ties one (2.5); 0.1 beats two: 12.5.
    expect(result.roc.auc).toBeCloseTo(12.5 / 16, 12);
    expect(result.counts).toMatchObject({ scored: 8, injection: 4, benign: 4, cached: 0 });
    expect(result.inputs).toEqual([{ name: 'set.jsonl', records: 8 }]);
    expect(result.passed).toBe(true);
  });

  it('says which stage caught what first, what each catches alone, and what each costs', async () => {
    const { pipeline } = setup();
    const { stageStats } = await evaluate(pipeline, [{ name: 'set', records: RECORDS }]);
    expect(stageStats.map(({ ms: _ms, ...row }) => row)).toEqual([
      { name: 'keyword', kind: 'validate', firstCatches: 1, falseAlarms: 0, alone: { injection: 1, benign: 0 }, errors: 0 },
      { name: 'scorer', kind: 'classify', firstCatches: 1, falseAlarms: 1, alone: { injection: 1, benign: 1 }, errors: 0 },
    ]);
    // Monitor mode: every stage timed on every record; the scorer sleeps 5 ms.
    expect(stageStats[1]!.ms.n).toBe(8);
    expect(stageStats[1]!.ms.p50).toBeGreaterThanOrEqual(4);
    expect(stageStats[1]!.ms.p99).toBeGreaterThanOrEqual(stageStats[1]!.ms.p50!);
  });

  it('also counts flags with positive: flag', async () => {
    const { pipeline } = setup();
    const result = await evaluate(pipeline, [{ name: 'set', records: RECORDS }], { positive: 'flag' });
    expect(result.confusion).toEqual({ tp: 3, fn: 1, fp: 2, tn: 2 });
    expect(result.stageStats[1]).toMatchObject({ firstCatches: 2, falseAlarms: 2, alone: { injection: 2, benign: 2 } });
  });

  it('breaks results down by category and source', async () => {
    const { pipeline } = setup();
    const result = await evaluate(pipeline, [{ name: 'set', records: RECORDS }]);
    expect(result.byCategory).toEqual([
      { name: 'c', n: 3, injection: 0, benign: 3, caught: 0, falseAlarms: 1, tpr: null, fpr: 1 / 3 },
      { name: 'a', n: 2, injection: 2, benign: 0, caught: 1, falseAlarms: 0, tpr: 0.5, fpr: null },
      { name: 'b', n: 2, injection: 2, benign: 0, caught: 1, falseAlarms: 0, tpr: 0.5, fpr: null },
      { name: 'd', n: 1, injection: 0, benign: 1, caught: 0, falseAlarms: 0, tpr: null, fpr: 0 },
    ]);
    expect(result.bySource).toEqual([{ name: 'set', n: 8, injection: 4, benign: 4, caught: 2, falseAlarms: 1, tpr: 0.5, fpr: 0.25 }]);
  });

  it('lists misses lowest score first and false alarms highest first, with truncated texts and finding codes', async () => {
    const { pipeline } = setup();
    const result = await evaluate(pipeline, [{ name: 'set', records: RECORDS }]);
    expect(result.worstMisses.map((row) => [row.where, row.score, row.text])).toEqual([
      ['set:4', 0.1, 'risk=0.1'],
      ['set:2', 0.6, 'risk=0.6'],
    ]);
    expect(result.falseAlarms).toEqual([
      { where: 'set:6', label: 'benign', score: 0.92, category: 'c', source: 'set', stage: 'scorer', findings: ['scored'], text: 'risk=0.92' },
    ]);
  });

  it('runs records concurrently, never more than the limit', async () => {
    const { pipeline, seen } = setup();
    await evaluate(pipeline, [{ name: 'set', records: RECORDS }], { concurrency: 3 });
    expect(seen.maxInFlight).toBe(3);
    const serial = setup();
    await evaluate(serial.pipeline, [{ name: 'set', records: RECORDS }], { concurrency: 1 });
    expect(serial.seen.maxInFlight).toBe(1);
  });

  it('counts skipped records per reason and records per input', async () => {
    const { pipeline } = setup();
    const skipped: EvalInput[] = [
      { skipped: 'unknown_label', where: 'more:1', detail: 'unknown label "x"' },
      { skipped: 'unreadable', where: 'more:2', detail: 'not valid JSON' },
    ];
    const result = await evaluate(pipeline, [
      { name: 'set', records: RECORDS },
      { name: 'more', records: skipped },
    ]);
    expect(result.counts.skipped).toEqual({ unreadable: 1, missing_text: 0, unknown_label: 1 });
    expect(result.counts.skippedExamples).toEqual(skipped);
    expect(result.inputs).toEqual([
      { name: 'set', records: 8 },
      { name: 'more', records: 2 },
    ]);
  });

  it('suggests a threshold and checks gates', async () => {
    const { pipeline } = setup();
    const result = await evaluate(pipeline, [{ name: 'set', records: RECORDS }], { suggestMaxFpr: 0.25, gates: { minTpr: 0.5, maxFpr: 0.2 } });
    // At 0.92 one benign record of four is flagged (25%); 0.6 would flag a second.
    expect(result.threshold).toEqual({ maxFpr: 0.25, threshold: 0.92, tpr: 0.5, fpr: 0.25, falseAlarms: 1, benign: 4 });
    expect(result.gates).toEqual([
      { gate: 'min-tpr', target: 0.5, value: 0.5, passed: true },
      { gate: 'max-fpr', target: 0.2, value: 0.25, passed: false },
    ]);
    expect(result.passed).toBe(false);
  });

  it('scans the texts in the given role', async () => {
    const strictOnDocuments: Stage = {
      name: 'strict',
      kind: 'classify',
      run: (segment) => (segment.role === 'document' ? { action: 'block', findings: [] } : { action: 'pass', findings: [] }),
    };
    const pipeline = createPipeline({ stages: [strictOnDocuments], mode: 'monitor', cacheSize: 0 });
    expect((await evaluate(pipeline, [{ name: 'set', records: RECORDS }])).confusion.tp).toBe(0);
    expect((await evaluate(pipeline, [{ name: 'set', records: RECORDS }], { role: 'document' })).confusion.tp).toBe(4);
  });

  it('fails a gate it cannot measure', async () => {
    const { pipeline } = setup();
    const benignOnly = RECORDS.filter((input) => 'label' in input && input.label === 'benign');
    const result = await evaluate(pipeline, [{ name: 'set', records: benignOnly }], { gates: { minTpr: 0.1 } });
    expect(result.gates).toEqual([{ gate: 'min-tpr', target: 0.1, value: null, passed: false }]);
  });
});
