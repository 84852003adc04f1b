/**
 * The corpus runner: every row of every test/corpus/*.jsonl file runs through the default pipeline
 * (plus the opt-in stages a row names in `addStages`). A new attack or a new harmless look-alike is a
 * data change. Rows are our own writing; `source` says who wrote them and for which technique.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { parseSieveConfig, pipelineFromConfig } from '../src/options.js';
import type { Pipeline } from '../src/pipeline/create-pipeline.js';
import { DECISIONS, SEGMENT_ROLES } from '../src/pipeline/types.js';
import { DEFAULT_STAGES } from '../src/stages.js';

const expectationSchema = z.strictObject({
  /**
   * The decision, or the decisions any of which keeps the promise. `["modify", "block"]` is for an attack
   * a filter or encoder neutralises (the exact text is then in `expectFilters`): the product promises
   * the neutralised text, and a classifier blocking it as well is welcome but not promised, so a
   * retrained model is not judged by which of these its seed happens to block.
   */
  decision: z.union([z.enum(DECISIONS), z.array(z.enum(DECISIONS)).min(2)]),
  /** Finding codes that must appear among the stages' findings. */
  findings: z.array(z.string().regex(/^[a-z0-9_]+$/)).min(1).optional(),
  /** The exact forwarded text. */
  text: z.string().optional(),
});

const rowSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'expected a kebab-case id'),
  title: z.string().min(3),
  source: z.string().regex(/^promptsieve\b/, 'expected our own writing: "promptsieve: written for <technique>"'),
  input: z.string(),
  role: z.enum(SEGMENT_ROLES).optional(),
  /** Opt-in stages appended to the default pipeline for this row, e.g. `[{"use": "secrets"}]`. */
  addStages: z.array(z.looseObject({ use: z.string() })).min(1).optional(),
  /**
   * A known defect: the row states what the product should do, and today it does not. Such rows run
   * with `it.fails`, so they stay visible and the suite says so the day they start passing.
   */
  knownFalsePositive: z.string().min(10).optional(),
  expect: expectationSchema,
  /**
   * What the filters alone do (the default pipeline without the model), where that differs from the
   * whole pipeline: e.g. an exfiltration link the markdown filter neutralises and the model then blocks.
   * test/filters/filters-corpus.test.ts checks it.
   */
  expectFilters: expectationSchema.optional(),
}).refine((row) => !Array.isArray(row.expect.decision) || (row.expectFilters !== undefined && typeof row.expectFilters.decision === 'string' && row.expect.text === undefined), {
  message: 'a row that accepts several decisions states the exact filtered outcome in expectFilters (one decision, its text), not in expect',
});
type Row = z.infer<typeof rowSchema> & { file: string; line: number };

const corpusDir = new URL('./corpus/', import.meta.url);
const files = readdirSync(corpusDir).filter((name) => name.endsWith('.jsonl')).sort();
const rows: Row[] = [];
const problems: string[] = [];
for (const file of files) {
  readFileSync(new URL(file, corpusDir), 'utf8')
    .split('\n')
    .forEach((line, index) => {
      if (line.trim() === '') return;
      const where = `${file}:${index + 1}`;
      let parsed: unknown;
      try {
        parsed = JSON.parse(line);
      } catch {
        problems.push(`${where}: not valid JSON`);
        return;
      }
      const result = rowSchema.safeParse(parsed);
      if (!result.success) {
        problems.push(...result.error.issues.map((issue) => `${where}: ${issue.path.join('.')}: ${issue.message}`));
        return;
      }
      rows.push({ ...result.data, file, line: index + 1 });
    });
}

const pipelines = new Map<string, Pipeline>();
function pipelineFor(row: Row): Pipeline {
  const key = JSON.stringify(row.addStages ?? []);
  let pipeline = pipelines.get(key);
  if (!pipeline) {
    const config = parseSieveConfig(row.addStages ? { stages: [...DEFAULT_STAGES, ...row.addStages] } : {});
    pipelines.set(key, (pipeline = pipelineFromConfig(config)));
  }
  return pipeline;
}

afterAll(async () => {
  await Promise.all([...pipelines.values()].map((pipeline) => pipeline.close()));
});

describe('corpus', () => {
  it('has corpus files, well-formed rows and unique ids', () => {
    expect(files.length).toBeGreaterThan(0);
    expect(problems).toEqual([]);
    const seen = new Map<string, string>();
    const duplicates: string[] = [];
    for (const row of rows) {
      const first = seen.get(row.id);
      if (first) duplicates.push(`${row.id} (${first} and ${row.file}:${row.line})`);
      else seen.set(row.id, `${row.file}:${row.line}`);
    }
    expect(duplicates).toEqual([]);
  });

  const expectRow = async (row: Row) => {
    const pipeline = pipelineFor(row);
    await pipeline.ready;
    const report = await pipeline.run(row.role ? { text: row.input, role: row.role } : row.input);
    const verdicts = report.stages.map((verdict) => `${verdict.stage}=${verdict.action}[${verdict.findings.map((f) => f.code).join(',')}]`);
    const summary = `${row.file}:${row.line} → ${verdicts.join(' ')}`;
    if (Array.isArray(row.expect.decision)) expect(row.expect.decision, summary).toContain(report.decision);
    else expect(report.decision, summary).toBe(row.expect.decision);
    if (row.expect.findings) {
      const found = new Set(report.stages.flatMap((verdict) => verdict.findings.map((finding) => finding.code)));
      expect(row.expect.findings.filter((code) => !found.has(code)), `missing findings; ${summary}`).toEqual([]);
    }
    if (row.expect.text !== undefined) expect(report.text, summary).toBe(row.expect.text);
  };

  it.each(rows.filter((row) => !row.knownFalsePositive))('$id: $title', expectRow);

  describe('known false positives (fail today; remove the mark when one passes)', () => {
    it.fails.each(rows.filter((row) => row.knownFalsePositive))('$id: $title', expectRow);
  });
});
