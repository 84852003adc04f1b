import { once } from 'node:events';
import { open, rename, rm } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Readable, Writable } from 'node:stream';
import type { Pipeline } from '../pipeline/create-pipeline.js';
import { SieveError } from '../errors.js';
import type { CleanCliOptions } from './clean.js';
import { cleanRecords, emptyCounts, type CleanCounts } from './clean-records.js';
import { parseFieldPath } from './field-path.js';
import { loadPipeline } from './load-pipeline.js';
import { readLines } from './read-lines.js';

/**
 * `promptsieve clean`: opens the files, runs the records, prints the summary. The output file is
 * written under a temporary name and renamed at the end, so a failed run never leaves a partial
 * file that looks complete.
 */
export async function runClean(input: string, options: CleanCliOptions): Promise<void> {
  const field = parseFieldPath(options.field);
  const toStdout = options.output === '-';
  const rejectsPath = options.rejects ?? (toStdout ? undefined : `${options.output}.rejects.jsonl`);
  assertDistinct(input, options.output, rejectsPath);

  const files: Writable[] = [];
  let source: Readable | undefined;
  const partialPath = toStdout ? undefined : `${options.output}.partial-${process.pid}`;
  const counts = emptyCounts();
  let started = performance.now();
  let pipeline: Pipeline | undefined;
  let stopProgress = () => {};
  try {
    // Files first: a wrong path fails at once, not after a model has loaded.
    source = input === '-' ? process.stdin : await openInput(input);
    const output = partialPath === undefined ? process.stdout : await openOutput(partialPath, options.output);
    const rejects = rejectsPath === undefined ? process.stderr : await openOutput(rejectsPath, rejectsPath);
    files.push(...[output, rejects].filter((stream) => stream !== process.stdout && stream !== process.stderr));
    // No report cache unless the config asks: corpus records rarely repeat, and hashing every record
    // and holding 10,000 reports cost clean about 40% of its throughput (docs/bench/clean.md).
    pipeline = await loadPipeline(options, { cacheSize: 0 });
    // The summary's rate is the records' own: it leaves out loading the pipeline (and its model).
    started = performance.now();
    if (process.stderr.isTTY && rejects !== process.stderr) stopProgress = showProgress(counts, started);

    await cleanRecords({
      pipeline,
      lines: readLines(source as AsyncIterable<Buffer>, options.maxLineBytes),
      field,
      role: options.role,
      concurrency: options.concurrency,
      keepOriginal: options.keepOriginal === true,
      output,
      rejects,
      counts,
    });
    await Promise.all(files.map(finish));
    if (partialPath !== undefined) await rename(partialPath, options.output);
    // A default-named rejects file from an earlier run must not outlive a clean run.
    if (counts.rejected === 0 && rejectsPath !== undefined && options.rejects === undefined) await rm(rejectsPath, { force: true });
  } catch (error) {
    for (const file of files) file.destroy();
    if (source !== process.stdin) source?.destroy();
    if (partialPath !== undefined) await rm(partialPath, { force: true });
    // The rejects of a run that left no output would only mislead; a file the user named is theirs.
    if (rejectsPath !== undefined && options.rejects === undefined) await rm(rejectsPath, { force: true });
    // The reader of stdout went away (`clean in.jsonl | head`): stop quietly, as `cat` does.
    if (toStdout && (error as NodeJS.ErrnoException).code === 'EPIPE') return;
    throw error;
  } finally {
    stopProgress();
    await pipeline?.close();
  }
  process.stderr.write(summary(counts, (performance.now() - started) / 1000, counts.rejected > 0 ? (rejectsPath ?? 'stderr') : undefined));
}

async function openInput(path: string): Promise<Readable> {
  try {
    return (await open(path, 'r')).createReadStream({ highWaterMark: 256 * 1024 });
  } catch (cause) {
    throw new SieveError('ERR_SIEVE_INPUT', `cannot read ${path} (${(cause as NodeJS.ErrnoException).code ?? 'error'})`, { cause });
  }
}

async function openOutput(path: string, shownAs: string): Promise<Writable> {
  try {
    // Room for several 64 KiB writes, so that computing the next records overlaps writing the last.
    return (await open(path, 'w')).createWriteStream({ highWaterMark: 1024 * 1024 });
  } catch (cause) {
    throw new SieveError('ERR_SIEVE_INPUT', `cannot write ${shownAs} (${(cause as NodeJS.ErrnoException).code ?? 'error'})`, {
      cause,
      help: 'Check that the output directory exists and is writable.',
    });
  }
}

function assertDistinct(input: string, output: string, rejects: string | undefined): void {
  const named = [input, output, rejects].filter((path): path is string => path !== undefined && path !== '-').map((path) => resolve(path));
  if (new Set(named).size !== named.length) {
    throw new SieveError('ERR_SIEVE_INPUT', 'input, output and rejects must be different files.', {
      help: 'Name another --output or --rejects file; the output replaces its file only when the run succeeds.',
    });
  }
}

async function finish(stream: Writable): Promise<void> {
  stream.end();
  await once(stream, 'close');
}

function showProgress(counts: CleanCounts, started: number): () => void {
  const draw = () => {
    const seconds = (performance.now() - started) / 1000;
    process.stderr.write(`\r\x1b[K${format(counts.records)} records (${format(counts.records / Math.max(seconds, 1e-3))}/s)`);
  };
  draw(); // at once, so a slow first record or an idle stdin shows that the run has started
  const timer = setInterval(draw, 250);
  timer.unref();
  return () => {
    clearInterval(timer);
    process.stderr.write('\r\x1b[K');
  };
}

function summary(counts: CleanCounts, seconds: number, rejectsAt: string | undefined): string {
  const { allow, modify, block } = counts.decisions;
  const lines = [
    `promptsieve clean: ${format(counts.records)} records in ${seconds.toFixed(2)} s (${format(counts.records / Math.max(seconds, 1e-3))} records/s)`,
    `  allow ${format(allow)}, modify ${format(modify)}, block ${format(block)}, rejected ${format(counts.rejected)}` +
      (counts.wouldBlock > 0 ? `, would block ${format(counts.wouldBlock)} (monitor mode)` : ''),
  ];
  if (counts.blank > 0) lines.push(`  ${format(counts.blank)} blank line${counts.blank === 1 ? '' : 's'} skipped`);
  if (rejectsAt !== undefined) lines.push(`  rejects: ${rejectsAt}`);
  return `${lines.join('\n')}\n`;
}

const format = (value: number) => Math.round(value).toLocaleString('en-US');
