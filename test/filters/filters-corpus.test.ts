import { readdirSync, readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { createPipeline, type Pipeline } from '../../src/pipeline/create-pipeline.js';
import { buildStages, DEFAULT_STAGES, type StageConfig } from '../../src/stages.js';

type Expectation = { decision: string | string[]; findings?: string[]; text?: string };
type Row = { id: string; title: string; input: string; addStages?: StageConfig[]; expect: Expectation; expectFilters?: Expectation };

// The filter corpus (html, markdown, secrets), and every other corpus row that states what the filters
// alone do (`expectFilters`), through the default non-ML pipeline (the model stage left out, so these
// rows check the filters, not the classifier); `addStages` appends opt-in stages.
// test/corpus.test.ts runs the same rows through the full default pipeline.
const NON_ML_DEFAULT = DEFAULT_STAGES.filter((stage) => stage.use !== 'model');
const FILTER_FILES = ['html', 'markdown', 'secrets'];
const corpusDir = new URL('../corpus/', import.meta.url);
const rows: Row[] = readdirSync(corpusDir)
  .filter((name) => name.endsWith('.jsonl'))
  .sort()
  .flatMap((name) => {
    const all = readFileSync(new URL(name, corpusDir), 'utf8').trim().split('\n').map((line) => JSON.parse(line) as Row);
    return FILTER_FILES.includes(name.replace(/\.jsonl$/, '')) ? all : all.filter((row) => row.expectFilters !== undefined);
  });

const pipelines = new Map<string, Pipeline>();
const pipelineFor = (extra: StageConfig[] = []) => {
  const key = JSON.stringify(extra);
  let pipeline = pipelines.get(key);
  if (!pipeline) pipelines.set(key, (pipeline = createPipeline({ stages: buildStages([...NON_ML_DEFAULT, ...extra]), cacheSize: 0 })));
  return pipeline;
};
afterAll(async () => Promise.all([...pipelines.values()].map((pipeline) => pipeline.close())));

describe('filter corpus', () => {
  it('has at least 60 rows with unique ids', () => {
    expect(rows.length).toBeGreaterThanOrEqual(60);
    expect(new Set(rows.map((row) => row.id)).size).toBe(rows.length);
  });

  it.each(rows.map((row) => [row.id, row] as const))('%s', async (_id, row) => {
    // Rows state the whole pipeline's outcome in `expect`, and the filters' own where it differs.
    const expected = row.expectFilters ?? row.expect;
    const report = await pipelineFor(row.addStages).run(row.input);
    expect(typeof expected.decision, 'expectFilters names one decision').toBe('string');
    expect(report.decision).toBe(expected.decision);
    const codes = report.stages.flatMap((verdict) => verdict.findings.map((finding) => finding.code));
    for (const code of expected.findings ?? []) expect(codes).toContain(code);
    if (expected.text !== undefined) expect(report.text).toBe(expected.text);
    if (expected.decision === 'allow') expect(report.text).toBe(row.input);
  });
});
