import { SieveError } from '../../errors.js';
import { calibrateThresholds, CALIBRATION_FPR, isCalibrationHarmless, randomHoldOut, type Thresholds } from './calibration.js';
import { LABELS, readAll, readJsonl, type Example } from './dataset.js';
import { documentTwins, instructionTwins } from './document-twins.js';
import { evaluateFiles } from './evaluate.js';
import { exportModel } from './export-model.js';
import { assertModelOutputDir } from './model-dir.js';
import { trainOptionsSchema, type TrainOptions } from './options.js';
import { generateSynthetic } from './synthetic/generate.js';
import { handwrittenRequests } from './synthetic/handwritten.js';
import { trainModel } from './train-model.js';

export type TrainCommandOptions = {
  data: readonly string[];
  out: string;
  seed?: number;
  epochs?: number;
  dims?: number;
  window?: number;
  synthetic?: number;
  multilingual?: boolean;
  /** With `synthetic`: also the everyday-request kind (harmless explain / describe / write / rephrase requests). */
  requests?: boolean;
  /** The hand-written everyday requests in ten languages (src/classifiers/train/synthetic/requests-*.ts), each once. */
  handwritten?: boolean;
  twins?: boolean;
  members?: number;
  eval?: readonly string[];
  /** Choose the thresholds on held-out training rows (see `calibrate`) instead of writing fixed defaults. */
  calibrate?: boolean;
  /** With `calibrate`: the share of held-out harmless rows allowed above the threshold. Defaults to 0.005. */
  maxFpr?: number;
};

/** Share of the training rows a calibration model does not train on (as the bundled recipe). */
const HOLD_OUT = 0.15;

/** What `promptsieve train` does once its arguments are parsed; returns the summary it prints. */
export async function trainAndExport(options: TrainCommandOptions, log?: (line: string) => void): Promise<string> {
  const trainOptions: TrainOptions = { seed: options.seed, epochs: options.epochs, dims: options.dims, windowTokens: options.window, members: options.members };
  assertFlags(trainOptions);
  for (const [flag, set] of [['--multilingual', options.multilingual], ['--requests', options.requests]] as const) {
    if (set && !options.synthetic) throw new SieveError('ERR_SIEVE_CONFIG', `Invalid train options:\n  ✖ ${flag}: it adds synthetic kinds; give --synthetic N as well`);
  }
  const maxFpr = options.maxFpr ?? CALIBRATION_FPR;
  if (options.maxFpr !== undefined && !options.calibrate) {
    throw new SieveError('ERR_SIEVE_CONFIG', 'Invalid train options:\n  ✖ --max-fpr: it sets the calibrated threshold; give --calibrate as well');
  }
  if (!(maxFpr > 0 && maxFpr < 1)) throw new SieveError('ERR_SIEVE_CONFIG', `Invalid train options:\n  ✖ --max-fpr: expected a share between 0 and 1 (0.005 is 0.5%), got ${maxFpr}`);
  // Checked before training: a mistake here would otherwise surface only after every epoch has run.
  assertModelOutputDir(options.out);
  const rows = readAll(options.data);
  const examples = [
    ...rows,
    ...(options.synthetic ? generateSynthetic(options.synthetic, options.seed ?? 1, { multilingual: options.multilingual ?? false, requests: options.requests ?? false }) : []),
    ...(options.twins ? [...documentTwins(rows), ...instructionTwins(rows)] : []),
    // Last, as in bench/train-default-model.ts: the hand-written requests, each once.
    ...(options.handwritten ? handwrittenRequests() : []),
  ];
  assertBothLabels(examples, options.data);
  // Read once here only to fail early: a bad --eval file would otherwise be found after the last epoch.
  for (const path of options.eval ?? []) readJsonl(path, 'evaluation data');
  const calibrated = options.calibrate ? calibrate(examples, trainOptions, maxFpr, log) : undefined;
  const model = trainModel(examples, trainOptions, log);
  const metrics = options.eval?.length ? evaluateFiles(model, options.eval, calibrated?.thresholds.flagAt ?? 0.5) : [];
  exportModel(options.out, model, examples, { metrics, ...(calibrated ? { thresholds: calibrated.thresholds, notes: calibrated.note } : {}) });
  const lines = [`Wrote ${options.out} (${examples.length} training rows, vocabulary ${model.vocab}).`];
  if (calibrated) lines.push(`  threshold ${calibrated.thresholds.flagAt} (${calibrated.summary})`);
  for (const m of metrics) {
    const pct = (value?: number) => (value === undefined ? '–' : `${(value * 100).toFixed(1)}%`);
    lines.push(`  ${m.file}: ${m.rows} rows, TPR ${pct(m.tpr)}, FPR ${pct(m.fpr)}, TPR at 1% FPR ${pct(m.tprAtFpr)}`);
  }
  return lines.join('\n');
}

/** The command-line flag of each trainer option the command sets. */
const FLAGS: Record<string, string> = { seed: '--seed', epochs: '--epochs', dims: '--dims', windowTokens: '--window', members: '--members' };

/** Checks the flags before any reading or training, and names them as the user typed them (`--window`, not `windowTokens`). */
function assertFlags(trainOptions: TrainOptions): void {
  const result = trainOptionsSchema.safeParse(trainOptions);
  if (result.success) return;
  const lines = result.error.issues.map((issue) => `  ✖ ${FLAGS[String(issue.path[0])] ?? issue.path.join('.')}: ${issue.message}`);
  throw new SieveError('ERR_SIEVE_CONFIG', `Invalid train options:\n${lines.join('\n')}`);
}

/** A classifier learns from both labels; without one of them it would be written anyway, and score nothing. */
function assertBothLabels(examples: readonly Example[], files: readonly string[]): void {
  if (examples.length === 0) throw new SieveError('ERR_SIEVE_INPUT', `The training data (${files.join(', ')}) has no training rows.`);
  for (const label of LABELS) {
    if (!examples.some((row) => row.label === label)) {
      throw new SieveError('ERR_SIEVE_INPUT', `The training data (${files.join(', ')}) has no "${label}" rows; a classifier needs both labels (or add --synthetic N).`);
    }
  }
}

/**
 * Thresholds read from rows the model never saw: a model trained the same way on ~85% of the rows scores
 * the held-out harmless ones (synthetic rows excluded: they are easy and would flatter the tail), and the
 * score above which `maxFpr` of them fall is both flagAt and blockAt; the model that is written is then
 * trained on all rows. Without this the directory carries fixed thresholds (0.5 / 0.8) that say nothing
 * about this model's scores. Every row is scored as user text: JSONL rows carry no role.
 */
function calibrate(examples: readonly Example[], trainOptions: TrainOptions, maxFpr: number, log?: (line: string) => void) {
  const held = randomHoldOut(examples, HOLD_OUT, trainOptions.seed ?? 1);
  const harmless = examples.filter((row) => held.has(row) && isCalibrationHarmless(row));
  // Below 1/maxFpr rows the point is the highest harmless score or a guess: refuse rather than write one.
  const needed = Math.ceil(1 / maxFpr);
  if (harmless.length < needed) {
    throw new SieveError(
      'ERR_SIEVE_INPUT',
      `--calibrate: ${harmless.length} held-out harmless rows (${HOLD_OUT * 100}% of the non-synthetic benign rows) cannot place a threshold at ${maxFpr * 100}% false positives; ` +
        `that takes at least ${needed}. Give more benign data or a larger --max-fpr.`,
    );
  }
  log?.(`calibration: training on ${examples.length - held.size} rows, scoring ${harmless.length} held-out harmless rows`);
  const calibration = trainModel(examples.filter((row) => !held.has(row)), trainOptions, log);
  const { thresholds } = calibrateThresholds(harmless.map((row) => ({ score: calibration.score(row.text, false), data: false })), maxFpr);
  const attacks = examples.filter((row) => held.has(row) && row.label === 'injection');
  const caught = attacks.filter((row) => calibration.score(row.text, false) >= thresholds.flagAt).length;
  const pct = (share: number) => `${(share * 100).toFixed(1)}%`;
  const summary =
    `calibrated on ${harmless.length} held-out harmless rows at ${pct(maxFpr)} false positives; ` +
    `held-out attacks caught ${attacks.length ? pct(caught / attacks.length) : '–'} of ${attacks.length}`;
  log?.(summary);
  const note = `## Thresholds

Calibrated by \`promptsieve train --calibrate\` on training data only: a model trained the same way on ~${100 - HOLD_OUT * 100}%
of the rows (seeded draw) scored the other ~${HOLD_OUT * 100}%. The threshold ${thresholds.flagAt} is the score above which
${pct(maxFpr)} of those ${harmless.length} harmless rows fall (synthetic rows and instruction twins excluded), used as both \`flagAt\` and \`blockAt\`
for every role; at it the calibration model caught ${attacks.length ? pct(caught / attacks.length) : '–'} of the ${attacks.length} held-out attacks.
The model in this directory is trained on all rows.`;
  return { thresholds, summary, note } satisfies { thresholds: Thresholds; summary: string; note: string };
}
