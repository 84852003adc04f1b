import { InvalidArgumentError, Option, type Command } from 'commander';
import { SEGMENT_ROLES, type SegmentRole } from '../pipeline/types.js';
import { POSITIVE_RULES, type PositiveRule } from '../eval/types.js';

export type EvalCliOptions = {
  config?: string;
  role: SegmentRole;
  field: string;
  labelField: string;
  labelMap?: string[];
  categoryField: string;
  sourceField?: string;
  positive: PositiveRule;
  concurrency: number;
  maxLineBytes: number;
  json?: boolean;
  report?: string;
  showTexts?: boolean;
  suggestThreshold?: boolean;
  minTpr?: number;
  maxFpr?: number;
};

/** Exit code of an evaluation that missed a `--min-tpr` or `--max-fpr` gate. */
export const EXIT_GATE_MISSED = 3;

export function registerEval(program: Command): void {
  program
    .command('eval')
    .description('Measure a pipeline on labelled data: TPR, FPR, ROC AUC, per-category and per-stage results, an HTML report.')
    .argument('<files...>', 'labelled records: .jsonl, .csv (either optionally .gz) or .parquet files, or - for JSONL on stdin')
    .option('-c, --config <file>', 'JSON config (stages, …), validated like the middleware options')
    .addOption(new Option('--role <role>', 'the role the texts are scanned as').choices(SEGMENT_ROLES).default('user'))
    .option('--field <path>', 'path of the text in each record (input.prompt, messages[0].content: as clean --field)', 'text')
    .option('--label-field <path>', 'path of the label in each record', 'label')
    .option('--label-map <entry>', 'label values meaning injection or benign, e.g. injection=jailbreak,1 (repeatable)', collect)
    .option('--category-field <path>', 'path of a category to break results down by', 'category')
    .option('--source-field <path>', 'path of a source to break results down by (default: the file name)')
    .addOption(new Option('--positive <rule>', 'what counts as a predicted injection: block, or flag (any stage flag too)').choices(POSITIVE_RULES).default('block'))
    .option('--concurrency <n>', 'records in the pipeline at once (lets a model stage batch)', positiveInteger, 4)
    .option('--max-line-bytes <n>', 'longer lines are counted as unreadable without being held in memory', positiveInteger, 16 * 1024 * 1024)
    .option('--json', 'print the result as JSON (a stable shape, see README)')
    .option('--report <file>', 'also write a self-contained HTML report with charts and tables')
    .option('--show-texts', 'print the truncated texts of misses and false alarms (the HTML report always has them)')
    .option('--suggest-threshold', 'suggest the score threshold that keeps FPR within --max-fpr (default 1%) on this data')
    .option('--min-tpr <rate>', 'gate: exit 3 unless TPR is at least this (0..1 or a percentage like 95%)', rate)
    .option('--max-fpr <rate>', 'gate: exit 3 unless FPR is at most this (0..1 or a percentage like 1%)', rate)
    .addHelpText(
      'after',
      `
Each record is a JSON object with a text and a label; label values other than injection and benign
are mapped with --label-map. Records without a text or with an unknown label are counted and listed
as skipped, never silently dropped. Every stage sees every record (the pipeline runs in monitor
mode); a record is a predicted injection when enforce mode would block it (--positive flag: or any
stage flags it). Its score is the highest risk of any stage, 1 for a catch by a stage without a risk.
With --suggest-threshold, --max-fpr is both the target and a gate on the pipeline as configured.

Exit codes: 0 done (gates met), 3 a --min-tpr or --max-fpr gate missed, 1 usage, configuration or input error.`,
    )
    .action(async (files: string[], options: EvalCliOptions) => {
      // Heavy modules load only when the command runs, so `--help` stays instant.
      const { runEval } = await import('../eval/run-eval.js');
      process.exitCode = (await runEval(files, options)) ? 0 : EXIT_GATE_MISSED;
    });
}

function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

function positiveInteger(value: string): number {
  const number = Number(value);
  if (!Number.isSafeInteger(number) || number < 1) throw new InvalidArgumentError('expected a positive integer.');
  return number;
}

/** A rate as a fraction (`0.01`) or a percentage (`1%`), in 0..1. */
function rate(value: string): number {
  const text = value.trim();
  const number = text.endsWith('%') ? Number(text.slice(0, -1)) / 100 : Number(text);
  if (text === '' || text === '%' || !Number.isFinite(number) || number < 0 || number > 1) {
    throw new InvalidArgumentError('expected a rate between 0 and 1, or a percentage such as 1%.');
  }
  return number;
}
