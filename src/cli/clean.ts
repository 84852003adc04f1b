import { InvalidArgumentError, type Command } from 'commander';
import { addPipelineOptions, type PipelineCliOptions } from './shared-options.js';

export type CleanCliOptions = PipelineCliOptions & {
  output: string;
  field: string;
  rejects?: string;
  keepOriginal?: boolean;
  concurrency: number;
  maxLineBytes: number;
};

export function registerClean(program: Command): void {
  addPipelineOptions(
    program
      .command('clean')
      .description('Sanitize the text field of every record of a JSONL file (streaming, constant memory).')
      .argument('<input>', 'JSONL file to read, or - for stdin'),
  )
    .option('-o, --output <file>', 'JSONL file to write, or - for stdout', '-')
    .option('--field <path>', 'dotted path of the text to sanitize in each record, e.g. input.prompt', 'text')
    .option('--rejects <file>', 'where unreadable records go (default: <output>.rejects.jsonl, or stderr when writing to stdout)')
    .option('--keep-original', 'also keep the original text, under promptsieve.original')
    .option('--concurrency <n>', 'records in flight at once; output keeps input order', positiveInteger, 64)
    .option('--max-line-bytes <n>', 'longer lines are rejected without being held in memory', positiveInteger, 16 * 1024 * 1024)
    .addHelpText(
      'after',
      `
Each output line is the input record with the field replaced by the text to forward (null when the
record is blocked) and a "promptsieve" object added: {decision, text, stages, blockedBy?, wouldBlock?}.
Lines that are not JSON objects with a string at --field go to the rejects file as {line, error, raw}.
Blank lines are skipped. Records read = records written + rejects, always.`,
    )
    .action(async (input: string, options: CleanCliOptions) => {
      // Heavy modules load only when the command runs, so `--help` stays instant.
      const { runClean } = await import('./run-clean.js');
      await runClean(input, options);
    });
}

function positiveInteger(value: string): number {
  const number = Number(value);
  if (!Number.isSafeInteger(number) || number < 1) throw new InvalidArgumentError('expected a positive integer.');
  return number;
}
