import { availableParallelism } from 'node:os';
import { InvalidArgumentError, Option, type Command } from 'commander';
import { addPipelineOptions } from './shared-options.js';

// Spelled out so that `--help` does not load the dataset modules; the same list as FORMAT_NAMES.
const FORMATS = ['jsonl', 'jsonl.gz', 'csv', 'csv.gz', 'parquet'] as const;

export function registerClean(program: Command): void {
  addPipelineOptions(
    program
      .command('clean')
      .description('Sanitize the text of every record of a dataset (JSONL, CSV, Parquet) on all cores, in input order, resumably.')
      .argument('<input>', 'file to read (.jsonl, .csv, .parquet; .gz for gzip JSONL or CSV), or - for stdin'),
  )
    .option('-o, --output <file>', 'file to write (format from its extension, else the input\'s), or - for stdout', '-')
    .addOption(new Option('--format <format>', 'input format, when the file name does not tell').choices(FORMATS))
    .addOption(new Option('--output-format <format>', 'output format, when the file name does not tell').choices(FORMATS))
    .addOption(new Option('--field <path>', 'text to sanitize in each record; repeat for several: input.prompt, messages[*].content').argParser(collect).default([], 'text'))
    .option('--roles <roles>', 'message roles scanned under [*], comma-separated, or all (default: user,tool,document)')
    .option('--rejects <file>', 'where rejected records go (default: <output>.rejects.jsonl, or stderr when writing to stdout)')
    .option('--keep-report', 'add each record\'s report: every stage\'s verdict (a JSON column in CSV and Parquet)')
    .option('--keep-original', 'also keep the original text (promptsieve.original; promptsieve_original in CSV and Parquet)')
    .addOption(new Option('--text-only', 'write only the sanitized text of each --field').conflicts(['keepReport', 'keepOriginal']))
    .option('--drop-blocked', 'send blocked records to the rejects file, with their report, instead of the output')
    .option('--workers <n>', 'worker threads, each with its own pipeline and model; 0 cleans on the main thread; at most 4 per CPU core (default: one per CPU core; the main thread for inputs under 1 MiB)', workerCount)
    .option('--concurrency <n>', 'records in flight in each worker, so a model stage can batch them', positiveInteger, 64)
    .option('--batch-size <n>', 'records handed to a worker at once', positiveInteger, 256)
    .option('--max-line-bytes <n>', 'longer JSONL lines and CSV rows are rejected without being held in memory', positiveInteger, 16 * 1024 * 1024)
    .option('--resume', 'continue an interrupted run of the same command from its checkpoint')
    .option('--checkpoint-every <n>', 'input records between checkpoints (Parquet: after every row group)', positiveInteger, 10_000)
    .option('--shard <i/n>', 'take only the i-th of n slices (records i, i+n, i+2n, …), so n machines can split one input')
    .option('--row-group-size <n>', 'rows per Parquet row group written', positiveInteger, 10_000)
    .option('--progress-every <seconds>', 'when stderr is not a terminal, print a progress line this often; 0 for none', nonNegativeInteger, 10)
    .addHelpText(
      'after',
      `
Each output record is the input record with each --field replaced by the text to forward (null when
the record is blocked) and the verdict added: a "promptsieve" object in JSONL ({decision, blockedBy?,
wouldBlock?, report?, original?}), promptsieve_* columns in CSV and Parquet. Records that cannot be
read or have no text at --field go to the rejects file as {line or row, error, raw}.
Records read = records written + rejects, always. See docs/cleaning.md.`,
    )
    .action(async (input: string, options: import('../dataset/run-clean-dataset.js').DatasetCleanOptions) => {
      // Heavy modules load only when the command runs, so `--help` stays instant.
      const { cleansInChildProcess, dieWithParent, runCleanInChildProcess } = await import('./clean-process.js');
      const { defaultWorkers } = await import('../dataset/worker-count.js');
      if (cleansInChildProcess(options.workers ?? defaultWorkers(input))) return runCleanInChildProcess();
      dieWithParent();
      const { cleanDataset } = await import('../dataset/run-clean-dataset.js');
      await cleanDataset(input, options);
    });
}

const collect = (value: string, previous: string[]) => [...previous, value];

function positiveInteger(value: string): number {
  const number = Number(value);
  if (!Number.isSafeInteger(number) || number < 1) throw new InvalidArgumentError('expected a positive integer.');
  return number;
}

function nonNegativeInteger(value: string): number {
  const number = Number(value);
  if (!Number.isSafeInteger(number) || number < 0) throw new InvalidArgumentError('expected a whole number, 0 or more.');
  return number;
}

/**
 * Each worker loads its own pipeline and model and keeps one core busy, so workers beyond the cores
 * add only memory and start-up time; 4 per core leaves room to oversubscribe on purpose, while a typo
 * (99999) is refused before thousands of threads each load a model.
 */
const maxWorkers = (): number => 4 * availableParallelism();

function workerCount(value: string): number {
  const number = nonNegativeInteger(value);
  const max = maxWorkers();
  if (number > max) throw new InvalidArgumentError(`expected at most ${max} (4 per CPU core, ${availableParallelism()} here): each worker loads its own pipeline and model.`);
  return number;
}
