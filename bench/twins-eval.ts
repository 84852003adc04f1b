/**
 * Does training on harmless twins of injected tables (src/classifiers/train/document-twins.ts) teach a model
 * to pass tables it has never seen? Dev cannot say: 106 of dev's 107 harmless BIPIA tables occur in the
 * training injection rows, so a dev number measures memory of those tables either way.
 *
 * Here the BIPIA tables of ../shared/datasets/train are split in two halves by a hash of the table: every
 * row of the held-out half (each attack inserted into it, and the clean table) is left out of training,
 * then the clean held-out tables and their injected rows are scored, as data segments (as an application
 * passes documents) and as user text. Threshold: the score that keeps 1% of the harmless dev rows (xstest
 * and BIPIA excluded) flagged, and the bundled recipe's fixed 0.5.
 *
 *   nice -n 10 node --import tsx bench/twins-eval.ts [--seeds 1,2,3] [--synthetic 800]
 */
import { createHash } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { readAll, type Example } from '../src/classifiers/train/dataset.js';
import { documentTwins, tableTwin } from '../src/classifiers/train/document-twins.js';
import { thresholdAtFpr } from '../src/classifiers/train/metrics.js';
import { generateSynthetic } from '../src/classifiers/train/synthetic/generate.js';
import { trainModel } from '../src/classifiers/train/train-model.js';

const { values } = parseArgs({
  options: {
    data: { type: 'string', default: resolve(import.meta.dirname, '../../shared/datasets/train') },
    dev: { type: 'string', default: resolve(import.meta.dirname, '../../shared/datasets/dev') },
    seeds: { type: 'string', default: '1,2,3' },
    synthetic: { type: 'string', default: '800' },
  },
});

const jsonl = (dir: string) => readdirSync(dir).filter((name) => name.endsWith('.jsonl')).sort().map((name) => join(dir, name));
const rows = readAll(jsonl(values.data!));
const isBipia = (row: Example) => row.file.startsWith('bipia-');
/** The table a BIPIA row is built on: its table rows (an attack glued inside a table row changes the key; rare). */
const tableOf = (row: Example): string | undefined => {
  const lines = row.text.split('\n').filter((line) => line.trimStart().startsWith('|'));
  return lines.length >= 2 ? lines.join('\n') : undefined;
};
const heldOut = (table: string) => createHash('sha256').update(table).digest()[0]! % 2 === 1;

const testTables = new Set<string>();
const testAttacks: Example[] = [];
const training = rows.filter((row) => {
  if (!isBipia(row)) return true;
  const table = tableOf(row);
  if (table === undefined || !heldOut(table)) return true;
  if (row.label === 'benign') testTables.add(row.text);
  else {
    const twin = tableTwin(row.text);
    if (twin !== undefined) testTables.add(twin);
    testAttacks.push(row);
  }
  return false;
});
const devBenign = jsonl(values.dev!)
  .filter((path) => !path.endsWith('xstest-safe.jsonl') && !path.includes('bipia-'))
  .flatMap((path) => readAll([path]))
  .filter((row) => row.label === 'benign');
console.log(`held-out tables: ${testTables.size} clean, ${testAttacks.length} injected rows; training rows ${training.length} of ${rows.length}; dev harmless pool ${devBenign.length}\n`);
console.log('| twins | seed | threshold at 1% dev FPR | clean tables flagged (data) | (user) | injected tables caught (data) | (user) | at 0.5: clean flagged (data) | caught (data) |');
console.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|');

const pct = (n: number, of: number) => `${((n / of) * 100).toFixed(1)}%`;
for (const seed of values.seeds!.split(',').map(Number)) {
  const synthetic = generateSynthetic(Number(values.synthetic), seed);
  for (const twins of [false, true]) {
    const model = trainModel([...training, ...synthetic, ...(twins ? documentTwins(training) : [])], { seed });
    const at1 = thresholdAtFpr(devBenign.map((row) => model.score(row.text)), 0.01);
    const clean = [...testTables];
    const count = (texts: string[], asData: boolean, threshold: number) => texts.filter((text) => model.score(text, asData) > threshold).length;
    const attacks = testAttacks.map((row) => row.text);
    console.log(
      `| ${twins ? 'yes' : 'no'} | ${seed} | ${at1.toFixed(3)} | ${pct(count(clean, true, at1), clean.length)} | ${pct(count(clean, false, at1), clean.length)} | ` +
        `${pct(count(attacks, true, at1), attacks.length)} | ${pct(count(attacks, false, at1), attacks.length)} | ` +
        `${pct(count(clean, true, 0.5), clean.length)} | ${pct(count(attacks, true, 0.5), attacks.length)} |`,
    );
  }
}
