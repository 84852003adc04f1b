/**
 * Trains the bundled model (models/prompt-injection) from ../shared/datasets/train plus our synthetic
 * data, measures it on ../shared/datasets/dev (never trained on) and writes the directory with its
 * TRAINING.md. The data is read by path; only weights and the tokenizer land in the repo.
 *
 *   nice -n 10 node --import tsx bench/train-default-model.ts [--data DIR] [--dev DIR] [--out DIR] [--seed N] [--options JSON]
 *                                                              [--no-multilingual] [--no-twins] [--instruction-twins N] [--no-requests]
 *                                                              [--foreign-requests] [--no-handwritten] [--long] [--markup] [--held-out-model]
 *                                                              [--calibration split|oof] [--folds K] [--calibration-seed N]
 *                                                              [--digits keep|fold]
 *
 * `--options` overrides trainer options (src/classifiers/train/options.ts) for experiments; the bundled
 * model is trained with the defaults, which since 2026-11-23 include the `multilingual` synthetic kinds
 * (chat, emoji, many scripts, markup questions, clean and injected tool records) and the harmless twins
 * of injected tables (src/classifiers/train/document-twins.ts), and since the afternoon of 2026-11-23 the
 * injected line of each such table alone as a harmless user request (`--instruction-twins N`: N copies of
 * each, 0 leaves them out) and the everyday-request synthetic kind (`--no-requests` leaves it out);
 * `--instruction-twins 0 --no-requests` is the recipe shipped before that, `--no-multilingual --no-twins`
 * too the one before. Opt-in synthetic kinds (src/classifiers/train/synthetic/):
 * `--foreign-requests` (everyday requests in 16 other languages; measured on 2026-11-23, not adopted: docs/bench/model-quality.md),
 * `--no-handwritten` (leaves out the 1,781 hand-written everyday requests in ten languages, in the recipe since 2026-11-23: same),
 * `--long` (harmless texts several windows long, with and without one attack sentence anywhere),
 * `--markup` (fake role headers, instructions hidden in HTML, harmless headings and "System:" field lines).
 * `--held-out-model` writes the calibration model (trained on 85%) instead of retraining on all rows.
 * `--calibration oof --folds K` (K defaults to 5) reads the thresholds from out-of-fold scores of K models
 * instead of one 85/15 split (src/classifiers/train/calibration.ts); the shipped model is the same.
 * `--calibration-seed N` draws the held-out rows or folds with N instead of `--seed` (every model is still
 * trained with `--seed`), to measure how much the threshold moves with the draw alone.
 * `--digits fold` reads every ASCII digit as `0` (trainer option `digits`, written into tokenizer.json's
 * normalizer); left out, the option is unset and the bundled model is reproduced byte for byte.
 */
import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { readAll, type Example } from '../src/classifiers/train/dataset.js';
import { documentTwins, INSTRUCTION_TWIN_FILE, instructionTwins, TWIN_FILE } from '../src/classifiers/train/document-twins.js';
import { exportModel } from '../src/classifiers/train/export-model.js';
import {
  CALIBRATION_METHODS,
  calibrateThresholds,
  isCalibrationHarmless,
  calibrationNote,
  randomHoldOut,
  stratifiedFolds,
  type CalibrationMethod,
  type CalibrationRecord,
} from '../src/classifiers/train/calibration.js';
import { fileMetrics, thresholdAtFpr } from '../src/classifiers/train/metrics.js';
import type { TrainOptions } from '../src/classifiers/train/options.js';
import { handwrittenRequests } from '../src/classifiers/train/synthetic/handwritten.js';
import { generateSynthetic } from '../src/classifiers/train/synthetic/generate.js';
import { trainModel, type TrainedModel } from '../src/classifiers/train/train-model.js';
import type { Metrics } from '../src/classifiers/train/training-md.js';

const { values } = parseArgs({
  options: {
    data: { type: 'string', default: resolve(import.meta.dirname, '../../shared/datasets/train') },
    dev: { type: 'string', default: resolve(import.meta.dirname, '../../shared/datasets/dev') },
    out: { type: 'string', default: resolve(import.meta.dirname, '../models/prompt-injection') },
    seed: { type: 'string', default: '1' },
    synthetic: { type: 'string', default: '800' },
    options: { type: 'string', default: '{}' },
    'no-multilingual': { type: 'boolean', default: false },
    long: { type: 'boolean', default: false },
    markup: { type: 'boolean', default: false },
    'held-out-model': { type: 'boolean', default: false },
    'instruction-twins': { type: 'string', default: '1' },
    'no-requests': { type: 'boolean', default: false },
    'foreign-requests': { type: 'boolean', default: false },
    'no-handwritten': { type: 'boolean', default: false },
    calibration: { type: 'string', default: 'split' },
    folds: { type: 'string', default: '5' },
    'calibration-seed': { type: 'string' },
    digits: { type: 'string' },
    'no-twins': { type: 'boolean', default: false },
  },
});

const method = values.calibration as CalibrationMethod;
const folds = Number(values.folds);
if (!CALIBRATION_METHODS.includes(method)) throw new Error(`--calibration must be one of ${CALIBRATION_METHODS.join(', ')}, got ${values.calibration}`);
if (!Number.isInteger(folds) || folds < 2) throw new Error(`--folds must be an integer ≥ 2, got ${values.folds}`);
if (method === 'oof' && values['held-out-model']) throw new Error('--held-out-model ships the split calibration model; it has no meaning with --calibration oof');

const jsonl = (dir: string) => readdirSync(dir).filter((name) => name.endsWith('.jsonl')).sort().map((name) => join(dir, name));
const seed = Number(values.seed);
const calibrationSeed = values['calibration-seed'] === undefined ? seed : Number(values['calibration-seed']);
if (values.digits !== undefined && values.digits !== 'keep' && values.digits !== 'fold') throw new Error(`--digits must be keep or fold, got ${values.digits}`);
// Set only when given, so that the default run's TRAINING.md (which lists the options) stays byte for byte.
// The bundled recipe's trainer options beyond the trainer's own defaults: four 8-wide networks averaged in one
// graph (the size of one 32-wide network). `--options '{"members":1,"dims":32}'` trains the single network shipped before.
const BUNDLED_OPTIONS: TrainOptions = { members: 4, dims: 8 };
const trainOptions: TrainOptions = { ...BUNDLED_OPTIONS, ...(JSON.parse(values.options!) as TrainOptions), seed, ...(values.digits === undefined ? {} : { digits: values.digits }) };
const instructionCopies = Number(values['instruction-twins']);
if (!Number.isInteger(instructionCopies) || instructionCopies < 0) throw new Error(`--instruction-twins must be a whole number, got ${values['instruction-twins']}`);
const publicRows = readAll(jsonl(values.data!));
const examples: Example[] = [
  ...publicRows,
  ...generateSynthetic(Number(values.synthetic), seed, { multilingual: !values['no-multilingual'], long: values.long!, markup: values.markup!, requests: !values['no-requests'], foreignRequests: values['foreign-requests']! }),
  // Appended last, so that leaving them out reproduces the rows (and the random draws) of earlier recipes.
  ...(values['no-twins'] ? [] : documentTwins(publicRows)),
  ...(instructionCopies > 0 ? instructionTwins(publicRows, instructionCopies) : []),
  // The hand-written everyday requests in ten languages (since 2026-11-23: docs/bench/model-quality.md, *Korean and Japanese*).
  ...(values['no-handwritten'] ? [] : handwrittenRequests()),
];
const started = Date.now();
const log = (line: string) => console.error(`[${((Date.now() - started) / 1000).toFixed(0)}s] ${line}`);
// BIPIA rows and their clean twins are documents: scored as data segments, as an application passes them
// (bench/dev-eval.ts does the same).
const asData = (file: string) => file.startsWith('bipia-') || file === TWIN_FILE;

// Thresholds are calibrated on training data, never on dev: a model trained the same way on 85% of every
// training file scores the other 15%. One operating point: the score above which 0.5% of those harmless
// user rows fall. Pooled 1% let hard sources (persona prompts) reach 10%+; the worst source's own 1% is
// 1.0, because the small community-labelled sources hold near-duplicates of attacks labelled harmless.
// Flag and block coincide: a flag is a false positive to whoever sees it, and a band of flags below the
// block threshold would only add those. Data segments are never judged more leniently.
// `split` (default, the bundled recipe): one model trained on ~85% scores the other ~15%. `oof`: K models,
// each trained on K−1 stratified folds, score the fold they did not see; every row gets one unseen score.
const heldScores = new Map<Example, number>();
let calibrationRows = new Set<Example>();
let calibration: TrainedModel | undefined;
if (method === 'split') {
  calibrationRows = randomHoldOut(examples, 0.15, calibrationSeed);
  calibration = trainModel(examples.filter((row) => !calibrationRows.has(row)), trainOptions, log);
  for (const row of calibrationRows) heldScores.set(row, calibration.score(row.text, asData(row.file)));
} else {
  const foldOf = stratifiedFolds(examples, folds, calibrationSeed);
  for (let fold = 0; fold < folds; fold++) {
    log(`calibration fold ${fold + 1}/${folds}`);
    const foldModel = trainModel(examples.filter((_, index) => foldOf[index] !== fold), trainOptions, log);
    const foldHarmless: { score: number; data: boolean }[] = [];
    examples.forEach((row, index) => {
      if (foldOf[index] !== fold) return;
      const score = foldModel.score(row.text, asData(row.file));
      heldScores.set(row, score);
      if (isCalibrationHarmless(row)) foldHarmless.push({ score, data: asData(row.file) });
    });
    // This fold's own point (what a single split of this size would have chosen), to show the spread the pool averages.
    const own = calibrateThresholds(foldHarmless);
    log(`fold ${fold + 1} alone: threshold ${own.thresholds.flagAt} on ${own.userRows} user rows (data ${own.thresholds.data.flagAt} on ${own.dataRows})`);
  }
}
const held = [...heldScores.keys()];
const heldBenign = held.filter(isCalibrationHarmless);
const calibrated = calibrateThresholds(heldBenign.map((row) => ({ score: heldScores.get(row)!, data: asData(row.file) })));
const { thresholds } = calibrated;
// Where other operating points would sit on the same held-out scores (logged only; the model uses `thresholds`).
for (const fpr of [0.0075, 0.01]) {
  log(`(at ${fpr * 100}% of held-out harmless user rows the threshold would be ${calibrateThresholds(heldBenign.map((row) => ({ score: heldScores.get(row)!, data: asData(row.file) })), fpr).thresholds.flagAt})`);
}
const record: CalibrationRecord = method === 'split' ? { method } : { method, folds, userRows: calibrated.userRows, dataRows: calibrated.dataRows };
log(`calibrated thresholds ${JSON.stringify(thresholds)} on ${heldBenign.length} held-out benign rows ` +
  `(${method}${method === 'oof' ? `, ${folds} folds` : ''}, calibration seed ${calibrationSeed}: ${calibrated.userRows} user, ${calibrated.dataRows} data)`);
// Held-out quality at those thresholds (for comparing seeds and recipes without dev): detection of the
// held-out attacks, and false positives on the held-out harmless rows, split into public and synthetic
// rows; each row scored by a model that never trained on it. Scoring only: no random draws, so the
// written model is unchanged.
{
  const flagged = (row: Example) => heldScores.get(row)! >= (asData(row.file) ? thresholds.data.flagAt : thresholds.flagAt);
  const rate = (rows: Example[]) => (rows.length ? `${((rows.filter(flagged).length / rows.length) * 100).toFixed(1)}% of ${rows.length}` : '–');
  const pick = (label: string, synthetic: boolean) => held.filter((row) => row.label === label && row.file.startsWith('synthetic-') === synthetic);
  log(`held-out detection: public ${rate(pick('injection', false))}, synthetic ${rate(pick('injection', true))}; ` +
    `held-out false positives: public ${rate(pick('benign', false))}, synthetic ${rate(pick('benign', true))}`);
}

// --held-out-model ships the calibration model itself: its threshold was measured on rows it never saw,
// where a model retrained on all rows would only inherit another model's threshold.
const model = values['held-out-model'] ? calibration! : trainModel(examples, trainOptions, log);
const dev = jsonl(values.dev!).map((path) => {
  const rows = readAll([path]);
  const file = rows[0]?.file ?? path;
  return { file, rows: rows.map((row) => ({ score: model.score(row.text, asData(file)), label: row.label === 'injection' ? (1 as const) : (0 as const) })) };
});
const benignPool = dev.filter((set) => set.file !== 'xstest-safe.jsonl').flatMap((set) => set.rows.filter((row) => row.label === 0).map((row) => row.score));
const at1 = thresholdAtFpr(benignPool, 0.01);
const metrics: Metrics[] = dev.map((set) => ({ file: set.file, ...fileMetrics(set.rows, asData(set.file) ? thresholds.data.flagAt : thresholds.flagAt, at1) }));

const notes = `## Sources and licences

Public data from ../shared/datasets/train (read by path, never copied into the repository):

| file | upstream | licence |
|---|---|---|
| jackhhao-jailbreak-classification | jackhhao/llm-warden | MIT |
| gptfuzz-jailbreak-templates | sherdencooper/GPTFuzz | MIT |
| pallms-payloads | mik0w/pallms | MIT |
| giskard-prompt-injections | Giskard-AI/prompt-injections | MIT |
| cyberseceval-prompt-injection | meta-llama/PurpleLlama | MIT |
| deepset-prompt-injections-train | deepset/prompt-injections | Apache-2.0 |
| bipia-indirect-train | microsoft/BIPIA | MIT; tables and code answers CC BY-SA 4.0 |
| gpteacher-benign | teknium1/GPTeacher | MIT |
| awesome-chatgpt-prompts-benign | f/awesome-chatgpt-prompts | CC0 |
| p3-t0-prompts-benign | yizhongw/self-instruct (P3) | Apache-2.0 (underlying P3 sets mixed) |
| xquad-multilingual-benign | deepmind/xquad | CC BY-SA 4.0 |
| cyberseceval-frr-benign | meta-llama/PurpleLlama | MIT |
| gsm8k-benign | openai/grade-school-math | MIT |
| clinc150-benign | clinc/oos-eval | CC BY 3.0 |
| snips-benign | sonos/nlu-benchmark | CC0 |

## Synthetic data (ours)

The \`synthetic-*\` rows (${Number(values.synthetic)} per kind, seed ${seed}) are generated by
\`src/classifiers/train/synthetic/\` from templates written for this project: attack goals × override,
data-addressed and persona phrasings × carriers (e-mail, web page, JSON tool result, table, source code,
Markdown, plain text) × position (start, middle, end) × obfuscation (case, leetspeak, spaced letters,
homoglyphs, zero-width characters, base64, hidden Markdown), hand-written override sentences in 17
languages, prompt-extraction requests ("repeat the text above", "what were your instructions?"), and the
matching hard negatives: the same carriers with harmless content (recipes and manuals full of
imperatives), prompts with trigger words in harmless senses ("ignore whitespace in git diff"),
role-play requests, strings of everyday questions ("What is the capital of Japan? Who wrote …?"), and
user tasks over pasted harmless documents ("Summarise this: …"; the same task phrases also precede some
injected documents, so they carry no signal either way).${values['no-multilingual'] ? '' : ` The \`multilingual\` kinds add short chat,
emoji and everyday text in many scripts, harmless questions about markup, clean tool results, and the
matching attacks (the same chat and records with one attack in them), without which the model read
"short", "non-Latin" or "emoji" as signs of an attack.`}${values['no-twins'] ? '' : `

## Harmless twins (derived)

The \`${TWIN_FILE}\` rows are the clean tables of the training file's injected tables: where every line
of an injection row but one is a Markdown table row, the table without that line, labelled harmless
(src/classifiers/train/document-twins.ts). The training file holds most of its tables only with an
attack inserted, so without them the model learnt the tables themselves as attacks.`}${instructionCopies === 0 ? '' : `

## Instruction twins (derived)

The \`${INSTRUCTION_TWIN_FILE}\` rows are the injected lines of those tables alone, labelled harmless (${instructionCopies === 1 ? 'once each' : `${instructionCopies} copies each`}):
ordinary tasks ("What is the capital of Brazil?", "Explain the process of photosynthesis in simple terms.")
that are attacks only because a document addresses them to the assistant. Seen only there, their words
became signs of an attack, and the model blocked users asking the same kind of question. They are left out
of the threshold calibration (they are not traffic anyone sends).`}${values['no-requests'] ? '' : `

## Everyday requests (synthetic)

The \`synthetic-benign-request\` rows are harmless user requests from our own templates
(src/classifiers/train/synthetic/requests.ts): explain, describe, compare, write, rephrase, translate, plan,
over broad topics, so that the words of a request are not read as an attack.`}

Dev metrics above: ../shared/datasets/dev, BIPIA rows scored as data segments (with the \`[DATA] \`
marker) at the data threshold, every other file as user text at the user flag threshold.

## Thresholds

${calibrationNote(record)}${calibrationSeed === seed ? '' : ` The calibration rows were drawn with seed ${calibrationSeed}.`} A
pooled 1% point (0.395) let persona prompts reach 12.5% flagged on dev; each source's own 1% point is 1.0
because the community-labelled sources hold harmless-labelled near-duplicates of attacks. They
are in config.json (\`promptsieve.flagAt\`, \`blockAt\`, \`roles\`), where the model stage reads them. Generalisation to attack sources the model has not seen is
lower: see docs/bench/model-quality.md (leave-one-source-out).
`;

exportModel(values.out!, model, values['held-out-model'] ? examples.filter((row) => !calibrationRows.has(row)) : examples, { metrics, notes, thresholds });
for (const m of metrics) {
  const pct = (v?: number) => (v === undefined ? '   –  ' : `${(v * 100).toFixed(1).padStart(5)}%`);
  console.log(`${m.file.padEnd(42)} rows ${String(m.rows).padStart(5)} TPR ${pct(m.tpr)} FPR ${pct(m.fpr)} TPR@1%FPR ${pct(m.tprAtFpr)}`);
}
{
  // Pooled over the dev files (xstest counted among the harmless rows, as in docs/bench/model-quality.md).
  const count = (pick: (m: Metrics) => number) => metrics.reduce((sum, m) => sum + Math.round(pick(m)), 0);
  const attacks = count((m) => m.positives);
  const harmless = count((m) => m.rows - m.positives);
  const share = (n: number, of: number) => `${((n / of) * 100).toFixed(1)}% of ${of}`;
  console.log(`all attacks detected ${share(count((m) => (m.tpr ?? 0) * m.positives), attacks)}; ` +
    `all harmless flagged ${share(count((m) => (m.fpr ?? 0) * (m.rows - m.positives)), harmless)} ` +
    `(threshold ${thresholds.flagAt}, data ${thresholds.data.flagAt})`);
}
console.log(`wrote ${values.out} in ${((Date.now() - started) / 1000).toFixed(0)}s`);
