import { constants } from 'node:fs';
import { access, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, resolve } from 'node:path';
import type { EvalCliOptions } from '../cli/eval.js';
import { loadPipeline } from '../cli/load-pipeline.js';
import { SieveError } from '../errors.js';
import { evaluate, type EvalSource } from './evaluate.js';
import { parseLabelMap } from './labels.js';
import { openRows } from './open-rows.js';
import { labelRecords, type RecordFields } from './records.js';
import { parseRecordPath } from './record-path.js';
import { formatSummary } from './summary-text.js';
import type { EvalResult } from './types.js';

/** The FPR target of `--suggest-threshold` when `--max-fpr` is not given. */
export const DEFAULT_SUGGEST_FPR = 0.01;

/** `promptsieve eval`: measures the pipeline, prints the result, writes the report; true when every gate is met. */
export async function runEval(files: readonly string[], options: EvalCliOptions): Promise<boolean> {
  // Everything the user typed is checked before the pipeline (and its model) loads.
  const fields: RecordFields = {
    text: parseRecordPath('--field', options.field),
    label: parseRecordPath('--label-field', options.labelField),
    labels: parseLabelMap(options.labelMap ?? []),
    category: parseRecordPath('--category-field', options.categoryField),
  };
  if (options.sourceField !== undefined) fields.source = parseRecordPath('--source-field', options.sourceField);
  const rows = files.map((file) => openRows(file, options.maxLineBytes));
  await Promise.all(files.filter((file) => file !== '-').map(assertReadable));
  // The report is written after the whole run: find out now, not minutes later, that it cannot be.
  if (options.report !== undefined) await assertWritable(options.report, files);
  const sources: EvalSource[] = files.map((file, i) => {
    const name = file === '-' ? 'stdin' : basename(file);
    return { name, records: labelRecords(rows[i]!, fields, name) };
  });

  // Monitor mode: every stage sees every record, and `wouldBlock` says what enforce mode would do.
  const pipeline = await loadPipeline({ config: options.config, mode: 'monitor' });
  let result: EvalResult;
  const progress = createProgress();
  try {
    result = await evaluate(pipeline, sources, {
      positive: options.positive,
      concurrency: options.concurrency,
      role: options.role,
      ...(options.suggestThreshold ? { suggestMaxFpr: options.maxFpr ?? DEFAULT_SUGGEST_FPR } : {}),
      gates: { ...(options.minTpr === undefined ? {} : { minTpr: options.minTpr }), ...(options.maxFpr === undefined ? {} : { maxFpr: options.maxFpr }) },
      onProgress: progress.update,
    });
  } finally {
    progress.end();
    await pipeline.close();
  }

  if (options.report !== undefined) {
    const { renderReport } = await import('./html/render-report.js');
    const html = renderReport(result, { ...(options.config === undefined ? {} : { config: basename(options.config) }), generatedAt: new Date() });
    // Written whole or not at all: a half-written report must not pass for a finished one.
    const temporary = `${options.report}.${process.pid}.tmp`;
    try {
      await writeFile(temporary, html);
      await rename(temporary, options.report);
    } catch (cause) {
      await rm(temporary, { force: true });
      throw reportNotWritable(options.report, cause);
    }
  }
  const shown = options.showTexts ? result : withoutTexts(result);
  process.stdout.write(options.json ? `${JSON.stringify(shown, null, 2)}\n` : formatSummary(shown, { showTexts: options.showTexts ?? false }));
  if (options.report !== undefined && !options.json) process.stdout.write(`report: ${options.report}\n`);
  return result.passed;
}

async function assertReadable(file: string): Promise<void> {
  try {
    await access(file, constants.R_OK);
  } catch (cause) {
    throw new SieveError('ERR_SIEVE_INPUT', `cannot read ${file} (${(cause as NodeJS.ErrnoException).code ?? 'error'})`, { cause });
  }
}

async function assertWritable(report: string, inputs: readonly string[]): Promise<void> {
  if (inputs.some((input) => input !== '-' && resolve(input) === resolve(report))) {
    throw new SieveError('ERR_SIEVE_INPUT', `--report ${report} is also an input file; it would be overwritten.`, { help: 'Give --report a path that is not one of the inputs.' });
  }
  try {
    await access(dirname(resolve(report)), constants.W_OK);
  } catch (cause) {
    throw reportNotWritable(report, cause);
  }
}

// The report is an output: the code's own help ("Input … could not be read or parsed") would send the user looking at the inputs.
function reportNotWritable(report: string, cause: unknown): SieveError {
  return new SieveError('ERR_SIEVE_INPUT', `cannot write the report ${report} (${(cause as NodeJS.ErrnoException).code ?? 'error'})`, {
    cause,
    help: `The output ${report} could not be written: check that its directory exists and is writable, or give --report another path.`,
  });
}

/** Record texts reach stdout only with --show-texts: stdout often ends up in CI logs. */
function withoutTexts(result: EvalResult): EvalResult {
  const strip = (rows: EvalResult['worstMisses']) => rows.map(({ text: _text, ...row }) => row);
  return { ...result, worstMisses: strip(result.worstMisses), falseAlarms: strip(result.falseAlarms) };
}

/** A one-line record count on stderr, only when stderr is a terminal; nothing in logs. */
function createProgress() {
  const tty = process.stderr.isTTY === true;
  let last = 0;
  let shown = false;
  return {
    update(done: number): void {
      const now = performance.now();
      if (!tty || now - last < 200) return;
      last = now;
      shown = true;
      process.stderr.write(`\reval: ${done.toLocaleString('en-US')} records`);
    },
    end(): void {
      if (shown) process.stderr.write('\r\x1b[K');
    },
  };
}
