import { InvalidArgumentError, type Command } from 'commander';

type TrainCliOptions = {
  data: string[];
  out: string;
  seed?: number;
  epochs?: number;
  dims?: number;
  window?: number;
  synthetic: number;
  multilingual?: boolean;
  requests?: boolean;
  handwritten?: boolean;
  twins?: boolean;
  members?: number;
  eval?: string[];
  calibrate?: boolean;
  maxFpr?: number;
  quiet?: boolean;
};

const integer = (value: string): number => {
  if (!/^\d+$/.test(value)) throw new InvalidArgumentError('expected a whole number.');
  return Number(value);
};
const share = (value: string): number => {
  const number = Number(value);
  if (value.trim() === '' || !Number.isFinite(number)) throw new InvalidArgumentError('expected a number such as 0.005 (0.5%).');
  return number;
};
const collect = (value: string, previous: string[] = []) => [...previous, value];

/** `promptsieve train`: train a classifier from labelled JSONL and write a transformers.js model directory. */
export function registerTrain(program: Command): void {
  program
    .command('train')
    .description('Train an injection classifier from labelled JSONL ({"text", "label": "injection"|"benign"}) into a model directory transformers.js loads.')
    .requiredOption('--data <file>', 'training JSONL (repeatable)', collect)
    .requiredOption('--out <dir>', 'the model directory to write (config.json, tokenizer, onnx/, SHA256SUMS, TRAINING.md)')
    .option('--seed <n>', 'random seed: same data + seed → byte-identical model (default 1)', integer)
    .option('--epochs <n>', 'passes over the data (default 4)', integer)
    .option('--dims <n>', 'embedding width (default 32)', integer)
    .option('--window <tokens>', 'tokens per scoring window, model_max_length (default 128)', integer)
    .option('--synthetic <n>', 'add n generated examples of each synthetic kind (attacks in e-mails, JSON, tables…, and hard negatives)', integer, 0)
    .option('--multilingual', 'with --synthetic: also the multilingual kinds (short chat, emoji, many scripts, markup questions, clean and injected tool records)')
    .option('--members <n>', 'train n networks of --dims each, averaged in one graph (the bundled model: 4 of 8)', integer)
    .option('--requests', 'with --synthetic: also everyday requests (explain, describe, write, rephrase) as harmless user text')
    .option('--handwritten', 'also 1,781 hand-written everyday requests in ten languages (Korean, Japanese, Chinese, Arabic, Hindi, …) as harmless user text')
    .option(
      '--twins',
      'also train on the two halves of every injected table as harmless: the table without its one non-table line (a document), and that line alone (a user request)',
    )
    .option('--calibrate', 'choose the threshold on held-out training rows (a model trained on ~85% scores the rest) instead of the fixed 0.5 / 0.8')
    .option('--max-fpr <share>', 'with --calibrate: share of held-out harmless rows allowed above the threshold (default 0.005)', share)
    .option('--eval <file>', 'held-out JSONL to measure; per-file metrics go into TRAINING.md (repeatable)', collect)
    .option('-q, --quiet', 'no progress lines on stderr')
    .action(async (options: TrainCliOptions) => {
      const { trainAndExport } = await import('../classifiers/train/train-command.js');
      const summary = await trainAndExport(options, options.quiet ? undefined : (line) => process.stderr.write(`promptsieve train: ${line}\n`));
      process.stdout.write(`${summary}\n`);
    });
}
