/**
 * Detection and false-positive rates of the default non-ML pipeline on ../shared/datasets/dev, per file.
 * The data is read by path, never copied. Rows of BIPIA (documents and e-mails with or without an
 * inserted attack) run as `document` segments, as an application would pass them; all others as `user`.
 *
 *   node --import tsx bench/dev-eval.ts [--dir ../shared/datasets/dev] [--json] [--misses N] [--stages a,b]
 *                                       [--heuristic '{"blockAt":0.7}'] [--model DIR]
 *
 * "caught" counts a block; "flagged" counts a block or a flag. `--misses N` prints the stage findings
 * (never the text) of N misclassified rows per file, for tuning. `--model DIR` points the model stage at
 * a candidate model directory instead of the bundled one (to measure a candidate before it replaces it).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { createPipeline } from '../src/pipeline/create-pipeline.js';
import type { SegmentRole } from '../src/pipeline/types.js';
import { buildStages, DEFAULT_STAGES } from '../src/stages.js';

const { values } = parseArgs({
  options: {
    dir: { type: 'string', default: resolve(import.meta.dirname, '../../shared/datasets/dev') },
    json: { type: 'boolean', default: false },
    misses: { type: 'string', default: '0' },
    stages: { type: 'string' },
    heuristic: { type: 'string' },
    model: { type: 'string' },
  },
});

type Row = { text: string; label: 'injection' | 'benign'; category: string };
type Tally = { file: string; label: string; n: number; blocked: number; flagged: number };

// The non-ML default: every default stage except the model.
const configs = values.stages
  ? values.stages.split(',').map((use) => ({ use }))
  : DEFAULT_STAGES.filter((config) => config.use !== 'model');
const heuristicOptions = values.heuristic ? (JSON.parse(values.heuristic) as Record<string, unknown>) : {};
const withOptions = (config: { use: string }) =>
  config.use === 'heuristic' ? { ...config, ...heuristicOptions } : config.use === 'model' && values.model ? { ...config, model: resolve(values.model) } : config;
const pipeline = createPipeline({
  stages: buildStages(configs.map(withOptions)),
  cacheSize: 0,
});
await pipeline.ready;

const roleOf = (file: string): SegmentRole => (file.startsWith('bipia-') ? 'document' : 'user');
const tallies: Tally[] = [];
const misses = Number(values.misses);

for (const file of readdirSync(values.dir!).filter((name) => name.endsWith('.jsonl')).sort()) {
  const rows = readFileSync(join(values.dir!, file), 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line) as Row);
  const byLabel = new Map<string, Tally>();
  let shown = 0;
  for (const row of rows) {
    const tally = byLabel.get(row.label) ?? { file, label: row.label, n: 0, blocked: 0, flagged: 0 };
    byLabel.set(row.label, tally);
    const report = await pipeline.run({ text: row.text, role: roleOf(file) });
    const blocked = report.decision === 'block';
    const flagged = blocked || report.stages.some((verdict) => verdict.action === 'flag');
    tally.n++;
    if (blocked) tally.blocked++;
    if (flagged) tally.flagged++;
    const wrong = row.label === 'injection' ? !blocked : flagged;
    if (wrong && shown < misses) {
      shown++;
      const why = report.stages.filter((verdict) => verdict.action !== 'pass' && verdict.action !== 'modify').map((verdict) => `${verdict.stage}:${verdict.action}:${verdict.risk ?? ''}:${JSON.stringify(verdict.detail ?? {})}`);
      console.error(`  miss ${file} ${row.label}/${row.category} len=${row.text.length} ${why.join(' ') || '(nothing fired)'}`);
    }
  }
  tallies.push(...byLabel.values());
}
await pipeline.close();

const pct = (part: number, whole: number) => (whole === 0 ? '—' : `${((100 * part) / whole).toFixed(1)}%`);
const sum = (label: string, key: 'n' | 'blocked' | 'flagged') => tallies.filter((t) => t.label === label).reduce((acc, t) => acc + t[key], 0);

if (values.json) {
  console.log(JSON.stringify({ stages: configs.map((config) => config.use), tallies }, null, 2));
} else {
  console.log(`stages: ${configs.map((config) => config.use).join(' → ')}`);
  console.log('| file | label | n | blocked | blocked or flagged |');
  console.log('|---|---|---:|---:|---:|');
  for (const t of tallies) console.log(`| ${t.file} | ${t.label} | ${t.n} | ${pct(t.blocked, t.n)} | ${pct(t.flagged, t.n)} |`);
  for (const label of ['injection', 'benign']) {
    const n = sum(label, 'n');
    console.log(`| **all ${label}** | ${label} | ${n} | ${pct(sum(label, 'blocked'), n)} | ${pct(sum(label, 'flagged'), n)} |`);
  }
  console.log('\nFor injection rows the rate is detection (TPR); for benign rows it is the false-positive rate (FPR).');
}
