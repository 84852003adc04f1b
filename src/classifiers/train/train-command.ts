import { SieveError } from '../../errors.js';
import { LABELS, readAll, readJsonl, type Example } from './dataset.js';
import { documentTwins } from './document-twins.js';
import { evaluateFiles } from './evaluate.js';
import { exportModel } from './export-model.js';
import { assertModelOutputDir } from './model-dir.js';
import { trainOptionsSchema, type TrainOptions } from './options.js';
import { generateSynthetic } from './synthetic/generate.js';
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
  twins?: boolean;
  members?: number;
  eval?: readonly string[];
};

/** What `promptsieve train` does once its arguments are parsed; returns the summary it prints. */
export async function trainAndExport(options: TrainCommandOptions, log?: (line: string) => void): Promise<string> {
  const trainOptions: TrainOptions = { seed: options.seed, epochs: options.epochs, dims: options.dims, windowTokens: options.window, members: options.members };
  assertFlags(trainOptions);
  if (options.multilingual && !options.synthetic) {
    throw new SieveError('ERR_SIEVE_CONFIG', 'Invalid train options:\n  ✖ --multilingual: it adds synthetic kinds; give --synthetic N as well');
  }
  // Checked before training: a mistake here would otherwise surface only after every epoch has run.
  assertModelOutputDir(options.out);
  const rows = readAll(options.data);
  const examples = [
    ...rows,
    ...(options.synthetic ? generateSynthetic(options.synthetic, options.seed ?? 1, { multilingual: options.multilingual ?? false }) : []),
    ...(options.twins ? documentTwins(rows) : []),
  ];
  assertBothLabels(examples, options.data);
  // Read once here only to fail early: a bad --eval file would otherwise be found after the last epoch.
  for (const path of options.eval ?? []) readJsonl(path, 'evaluation data');
  const model = trainModel(examples, trainOptions, log);
  const metrics = options.eval?.length ? evaluateFiles(model, options.eval, 0.5) : [];
  exportModel(options.out, model, examples, { metrics });
  const lines = [`Wrote ${options.out} (${examples.length} training rows, vocabulary ${model.vocab}).`];
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
