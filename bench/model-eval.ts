/**
 * How well the trainer's model generalises, measured two ways (data read by path, never copied):
 *
 * - dev: train on ../shared/datasets/train (+ synthetic), score ../shared/datasets/dev per file;
 * - leave-one-source-out (LOSO): for each injection source S, train without S (its injection and benign
 *   rows), then score S's dev + train injection rows against a fixed benign pool (all benign dev rows but
 *   xstest). Near-duplicate sources (jackhhao and gptfuzz) are left out together.
 *
 * Rounds are kept cheap (per-source cap, few epochs) so a full run takes minutes on two busy cores;
 * choose features, data mix and augmentation by the LOSO column, not by dev.
 *
 *   nice -n 10 node --import tsx bench/model-eval.ts [--options '{"epochs":3}'] [--synthetic 800] [--cap 1500] [--only dev|loso]
 *                                                    [--multilingual] [--long] [--markup] [--requests] [--twins] [--instruction-twins]
 *
 * `--multilingual`, `--long`, `--markup` and `--requests` add the synthetic kinds, `--twins` and `--instruction-twins`
 * the derived rows (from each round's own training rows), as in bench/train-default-model.ts; the bundled
 * recipe is `--options '{"members":4,"dims":8}' --multilingual --requests --twins --instruction-twins`.
 */
import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { readAll, type Example } from '../src/classifiers/train/dataset.js';
import { fileMetrics, thresholdAtFpr, type Scored } from '../src/classifiers/train/metrics.js';
import type { TrainOptions } from '../src/classifiers/train/options.js';
import { seededRandom, shuffle } from '../src/classifiers/train/random.js';
import { documentTwins, instructionTwins } from '../src/classifiers/train/document-twins.js';
import { generateSynthetic } from '../src/classifiers/train/synthetic/generate.js';
import { trainModel } from '../src/classifiers/train/train-model.js';

const { values } = parseArgs({
  options: {
    data: { type: 'string', default: resolve(import.meta.dirname, '../../shared/datasets/train') },
    dev: { type: 'string', default: resolve(import.meta.dirname, '../../shared/datasets/dev') },
    options: { type: 'string', default: '{}' },
    synthetic: { type: 'string', default: '800' },
    cap: { type: 'string', default: '1500' },
    only: { type: 'string' },
    multilingual: { type: 'boolean', default: false },
    long: { type: 'boolean', default: false },
    markup: { type: 'boolean', default: false },
    requests: { type: 'boolean', default: false },
    twins: { type: 'boolean', default: false },
    'instruction-twins': { type: 'boolean', default: false },
  },
});

const options = JSON.parse(values.options!) as TrainOptions;
const jsonl = (dir: string) => readdirSync(dir).filter((name) => name.endsWith('.jsonl')).sort().map((name) => join(dir, name));
const cap = Number(values.cap);
// Rows beyond the cap are dropped once, seeded, so every round trains on the same subsample.
const capped = (rows: Example[]) => shuffle([...rows], seededRandom(7)).slice(0, cap);
const byFile = new Map<string, Example[]>();
for (const path of jsonl(values.data!)) {
  const rows = readAll([path]);
  if (rows[0]) byFile.set(rows[0].file, rows);
}
const synthetic = Number(values.synthetic) > 0 ? generateSynthetic(Number(values.synthetic), 1, { multilingual: values.multilingual!, long: values.long!, markup: values.markup!, requests: values.requests! }) : [];
/** The derived rows of a round, from that round's own training rows only (a left-out source gives none). */
const derived = (rows: Example[]): Example[] => [...(values.twins ? documentTwins(rows) : []), ...(values['instruction-twins'] ? instructionTwins(rows) : [])];
const devSets = jsonl(values.dev!).map((path) => readAll([path])).filter((rows) => rows.length > 0);
const asData = (file: string) => file.startsWith('bipia-');
const label = (example: Example): 0 | 1 => (example.label === 'injection' ? 1 : 0);
const benignDev = devSets.filter((rows) => rows[0]!.file !== 'xstest-safe.jsonl').flatMap((rows) => rows.filter((row) => row.label === 'benign'));
const xstest = devSets.find((rows) => rows[0]!.file === 'xstest-safe.jsonl') ?? [];
const pct = (value?: number) => (value === undefined ? '–' : `${(value * 100).toFixed(1)}%`);
const started = Date.now();
const elapsed = () => `${((Date.now() - started) / 1000).toFixed(0)}s`;

console.log(`options ${JSON.stringify(options)}, synthetic ${values.synthetic}/kind, cap ${cap}/source\n`);

if (values.only !== 'loso') {
  const rows = [...byFile.values()].flatMap(capped);
  const model = trainModel([...rows, ...synthetic, ...derived(rows)], options);
  const score = (rows: Example[]): Scored[] => rows.map((row) => ({ score: model.score(row.text, asData(row.file)), label: label(row) }));
  const pool = score(benignDev).map((row) => row.score);
  const at1 = thresholdAtFpr(pool, 0.01);
  console.log(`## dev (threshold 0.5; TPR at 1% FPR of pooled benign dev = score > ${at1.toFixed(3)}) [${elapsed()}]\n`);
  console.log('| file | rows | injections | TPR | FPR | F1 | TPR at 1% FPR |\n|---|---:|---:|---:|---:|---:|---:|');
  for (const rows of devSets) {
    const m = fileMetrics(score(rows), 0.5, at1);
    console.log(`| ${rows[0]!.file} | ${m.rows} | ${m.positives} | ${pct(m.tpr)} | ${pct(m.fpr)} | ${pct(m.f1)} | ${pct(m.tprAtFpr)} |`);
  }
  console.log('');
}

if (values.only !== 'dev') {
  const families = [['jackhhao-jailbreak-classification.jsonl', 'gptfuzz-jailbreak-templates.jsonl'], ...[...byFile.keys()].filter((file) => byFile.get(file)!.some((row) => row.label === 'injection') && !file.startsWith('jackhhao') && !file.startsWith('gptfuzz')).map((file) => [file])];
  console.log(`## leave-one-source-out (benign pool: ${benignDev.length} benign dev rows without xstest)\n`);
  console.log('| left out | injections tested | TPR at 0.5 | TPR at 1% FPR | benign FPR at 0.5 | xstest FPR at 0.5 |\n|---|---:|---:|---:|---:|---:|');
  let sum = 0;
  for (const family of families) {
    const held = new Set(family);
    const rows = [...byFile].filter(([file]) => !held.has(file)).flatMap(([, fileRows]) => capped(fileRows));
    const model = trainModel([...rows, ...synthetic, ...derived(rows)], options);
    const attacks = [...family.flatMap((file) => byFile.get(file)!), ...devSets.filter((rows) => held.has(rows[0]!.file)).flat()].filter((row) => row.label === 'injection');
    const attackScores = attacks.map((row) => model.score(row.text, asData(row.file)));
    const pool = benignDev.map((row) => model.score(row.text, asData(row.file)));
    const at1 = thresholdAtFpr(pool, 0.01);
    const tpr = attackScores.filter((score) => score >= 0.5).length / attackScores.length;
    const tpr1 = attackScores.filter((score) => score > at1).length / attackScores.length;
    const fpr = pool.filter((score) => score >= 0.5).length / pool.length;
    const xs = xstest.filter((row) => model.score(row.text) >= 0.5).length / Math.max(1, xstest.length);
    sum += tpr1;
    console.log(`| ${family.join(' + ').replaceAll('.jsonl', '')} | ${attacks.length} | ${pct(tpr)} | ${pct(tpr1)} | ${pct(fpr)} | ${pct(xs)} | <!-- ${elapsed()} -->`);
  }
  console.log(`\nmean LOSO TPR at 1% FPR: ${pct(sum / families.length)} [${elapsed()}]`);
}
