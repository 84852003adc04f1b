import { createPipeline } from '../../../src/pipeline/create-pipeline.js';
import type { Stage } from '../../../src/pipeline/types.js';
import { evaluate } from '../../../src/eval/evaluate.js';
import type { EvalInput, EvalResult, Label } from '../../../src/eval/types.js';

/** Texts an attacker would use to break out of HTML, and a network fetch that must never happen. */
export const HOSTILE_TEXT = '</td></table><script>window.__pwned = 1</script><img src="http://127.0.0.1:9/x.png" onerror="window.__pwned = 2">';
export const HOSTILE_CATEGORY = '<b onmouseover="window.__pwned=3">cat</b>';
export const HOSTILE_STAGE = 'stage"><svg onload=alert(1)>';

const scorer: Stage = {
  name: HOSTILE_STAGE,
  kind: 'classify',
  run(segment) {
    const risk = Number(/risk=([\d.]+)/.exec(segment.view)?.[1] ?? 0);
    return { action: risk >= 0.5 ? 'block' : 'pass', risk, findings: [] };
  },
};
const length: Stage = {
  name: 'length',
  kind: 'validate',
  run: (segment) => (segment.text.length > 120 ? { action: 'block', findings: [{ code: 'segment_too_long', message: 'too long' }] } : { action: 'pass', findings: [] }),
};

/** A small evaluation with misses, false alarms and hostile strings in every user-controlled field. */
export async function hostileResult(): Promise<EvalResult> {
  const records: EvalInput[] = [];
  const add = (label: Label, text: string, category: string) =>
    records.push({ text, label, category, source: `src-${records.length % 3}<i>`, where: `data<x>.jsonl:${records.length + 1}` });
  for (let i = 0; i < 30; i++) add('injection', `attack ${i} risk=${((i * 7) % 10) / 10}`, i % 2 ? 'direct' : HOSTILE_CATEGORY);
  for (let i = 0; i < 40; i++) add('benign', `question ${i} risk=${((i * 3) % 7) / 10}`, 'benign');
  add('injection', `${HOSTILE_TEXT} risk=0.1`, HOSTILE_CATEGORY);
  add('benign', `${HOSTILE_TEXT} risk=0.95`, 'benign');
  const pipeline = createPipeline({ stages: [length, scorer], mode: 'monitor', cacheSize: 0 });
  try {
    return await evaluate(pipeline, [{ name: 'data<x>.jsonl', records }], { suggestMaxFpr: 0.05, gates: { minTpr: 0.9 } });
  } finally {
    await pipeline.close();
  }
}
