import { existsSync, rmSync } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { resolve } from 'node:path';
import { SieveError } from '../errors.js';
import type { PipelineCliOptions } from '../cli/shared-options.js';
import { SEGMENT_ROLES, type SegmentRole } from '../pipeline/types.js';
import { readCheckpoint, removeCheckpoint, writeCheckpoint, type Checkpoint } from './checkpoint.js';
import { cleanLoop } from './clean-loop.js';
import type { CleanSettings } from './clean-record.js';
import { emptyCounts } from './counts.js';
import { parseTextFields, type TextField } from './fields.js';
import { formatOf, type DatasetFormat, type FormatName } from './format.js';
import { openSink } from './open-sink.js';
import { openSource } from './open-source.js';
import { openOutputFile, type OutputFile } from './output-file.js';
import { startProgress } from './progress.js';
import { startRecordPool, type RecordPool } from './record-pool.js';
import { runKey, runKeyDifferences } from './run-key.js';
import { parseShard } from './shard.js';
import type { Sink } from './sink.js';
import type { Source } from './source.js';
import { summary } from './summary.js';
import { defaultWorkers } from './worker-count.js';

export type DatasetCleanOptions = PipelineCliOptions & {
  output: string;
  format?: FormatName;
  outputFormat?: FormatName;
  field: string[];
  roles?: string;
  rejects?: string;
  keepOriginal?: boolean;
  keepReport?: boolean;
  textOnly?: boolean;
  dropBlocked?: boolean;
  workers?: number;
  concurrency: number;
  batchSize: number;
  maxLineBytes: number;
  resume?: boolean;
  checkpointEvery: number;
  shard?: string;
  rowGroupSize: number;
  progressEvery: number;
};

/** Message roles scanned under `[*]` unless --roles says otherwise: as the middleware's presets. */
export const DEFAULT_SCAN_ROLES: readonly SegmentRole[] = ['user', 'tool', 'document'];

/**
 * `promptsieve clean`: any format in, any format out, over a pool of worker threads, resumable.
 * The output (and a rejects file) is written under `<name>.partial` with a checkpoint beside it,
 * and renamed when the run ends; an interrupted run leaves both for `--resume`.
 */
export async function cleanDataset(input: string, options: DatasetCleanOptions): Promise<void> {
  const plan = planRun(input, options);
  // A bad config fails before any file is touched. With worker threads the main thread never loads
  // the stages (about 40 MiB it would keep); a worker that cannot load its pipeline reports the same error.
  if (plan.workers === 0) (await import('../cli/load-pipeline.js')).checkPipelineConfig(options);
  const { toStdout, checkpointPath, partialPath, rejectsPath, rejectsPartial } = plan;

  let checkpoint: Checkpoint | undefined;
  if (checkpointPath !== undefined) {
    checkpoint = await readCheckpoint(checkpointPath);
    if (checkpoint !== undefined && options.resume !== true) {
      throw new SieveError('ERR_SIEVE_INPUT', `${options.output} has an interrupted run (${checkpointPath}: ${checkpoint.consumed.toLocaleString('en-US')} input items done).`, {
        help: `Run the same command with --resume to continue it, or delete ${checkpointPath} to start over.`,
      });
    }
    const key = checkpoint === undefined ? undefined : await keyOf(input, plan, options).catch(() => 'unreadable');
    if (checkpoint !== undefined && checkpoint.key !== key) {
      const differs = runKeyDifferences(checkpoint.key, key!);
      const named = differs.length === 0 ? '' : ` (differs: ${differs.join(', ')})`;
      throw new SieveError('ERR_SIEVE_INPUT', `${checkpointPath} was made from another input or with other options${named}; it cannot be resumed with these.`, {
        help: `Run the interrupted command again with --resume, or delete ${checkpointPath} to start over.`,
      });
    }
  }

  if (options.resume === true && checkpoint === undefined) {
    process.stderr.write(`promptsieve clean: no checkpoint of an interrupted run at ${checkpointPath}; starting from the beginning.\n`);
  }
  const counts = checkpoint?.counts ?? emptyCounts();
  const recordsBefore = counts.records;
  let source: Source | undefined;
  let output: OutputFile | undefined;
  let rejects: OutputFile | undefined;
  let sink: Sink | undefined;
  let pool: RecordPool | undefined;
  let stopProgress = () => {};
  let removeSignalHandlers = () => {};
  let checkpointed = checkpoint !== undefined;
  let started = performance.now();
  try {
    // Files first: a wrong path fails at once, not after the models have loaded.
    source = await openSource(input, plan.inFormat, { maxRecordBytes: options.maxLineBytes, skipItems: checkpoint?.consumed ?? 0 });
    checkColumns(source, plan.fields, plan.inFormat, input);
    const key = checkpointPath === undefined ? '' : await keyOf(input, plan, options);
    output = await openOutputFile(partialPath ?? 'stdout', { gzip: plan.outFormat.gzip, shownAs: options.output, ...(checkpoint ? { resumeAt: checkpoint.outputBytes } : {}) });
    rejects = await openOutputFile(rejectsPartial ?? 'stderr', { gzip: false, shownAs: rejectsPath ?? 'stderr', ...(checkpoint ? { resumeAt: checkpoint.rejectsBytes } : {}) });
    sink = await openSink(output, {
      format: plan.outFormat,
      settings: plan.settings,
      fields: plan.fields,
      source,
      rowGroupSize: options.rowGroupSize,
      ...(checkpoint ? { resumed: { state: checkpoint.sink, bytes: checkpoint.outputBytes } } : {}),
    });
    pool = await startRecordPool(plan.workers, { pipeline: { config: options.config, mode: options.mode }, settings: plan.settings, concurrency: options.concurrency });
    // The rate counts from here: loading the pipelines (and their models) is left out.
    started = performance.now();
    // Ctrl-C (or a scheduler's SIGTERM) stops at once; the last checkpoint is what a --resume continues from.
    let stopping = false;
    const interrupted = (signal: NodeJS.Signals) => {
      // A second signal (Ctrl-C reaches both `clean`'s processes, and the parent passes it on) changes nothing.
      if (stopping) return;
      stopping = true;
      stopProgress();
      // The file, not the flag: a checkpoint renamed into place a moment ago counts.
      const resumable = checkpointPath !== undefined && existsSync(checkpointPath);
      process.stderr.write(
        resumable
          ? `\npromptsieve clean: ${signal}; stopped. Run the same command with --resume to continue from the last checkpoint (${checkpointPath}).\n`
          : `\npromptsieve clean: ${signal}; stopped before the first checkpoint, nothing to resume.\n`,
      );
      if (!resumable) for (const path of [partialPath, rejectsPartial]) if (path !== undefined) rmSync(path, { force: true });
      process.exit(signal === 'SIGINT' ? 130 : 143);
    };
    process.on('SIGINT', interrupted);
    process.on('SIGTERM', interrupted);
    removeSignalHandlers = () => {
      process.off('SIGINT', interrupted);
      process.off('SIGTERM', interrupted);
    };
    const style = process.stderr.isTTY && rejectsPartial !== undefined ? 'bar' : options.progressEvery > 0 ? 'lines' : 'off';
    stopProgress = startProgress({ counts, recordsBefore, input: source.progress, started, style, everyMs: options.progressEvery * 1000, write: (text) => process.stderr.write(text) });

    const save = async (consumed: number, ordinal: number) => {
      const committed = await sink!.commit();
      const rejectsBytes = await rejects!.commit();
      await writeCheckpoint(checkpointPath!, { version: 1, key, consumed, ordinal, outputBytes: committed.bytes, rejectsBytes, counts, ...(committed.state === undefined ? {} : { sink: committed.state }) });
      checkpointed = true;
    };
    await cleanLoop({
      source,
      pool,
      sink,
      rejects,
      counts,
      ...(plan.shard ? { shard: plan.shard } : {}),
      startItem: checkpoint?.consumed ?? 0,
      startOrdinal: checkpoint?.ordinal ?? 0,
      batchSize: options.batchSize,
      batchChars: BATCH_CHARS,
      // Two batches in each worker (one running, one waiting) and as many again done behind a slower
      // oldest one, so that writing in input order does not leave a worker without work.
      maxInFlight: Math.max(2, plan.workers * 4),
      ...(input === '-' ? { idleFlushMs: 100 } : {}),
      ...(checkpointPath === undefined ? {} : { checkpoints: { every: options.checkpointEvery, byRowGroup: plan.outFormat.kind === 'parquet', save } }),
    });
    await sink.finish();
    await rejects.close();
    if (rejectsPartial !== undefined) {
      // A default-named rejects file must not outlive a run without rejects; a file the user named is theirs.
      if (counts.rejected + counts.dropped === 0 && options.rejects === undefined) await rm(rejectsPartial, { force: true });
      else await rename(rejectsPartial, rejectsPath!);
      if (counts.rejected + counts.dropped === 0 && options.rejects === undefined) await rm(rejectsPath!, { force: true });
    }
    if (partialPath !== undefined) await rename(partialPath, options.output);
    if (checkpointPath !== undefined) await removeCheckpoint(checkpointPath);
  } catch (error) {
    stopProgress();
    stopProgress = () => {};
    await sink?.abandon().catch(() => undefined);
    if (!sink) await output?.abandon().catch(() => undefined);
    await rejects?.abandon().catch(() => undefined);
    if (checkpointed) {
      process.stderr.write(`promptsieve clean: stopped; the output so far is kept with its checkpoint (${checkpointPath}). Fix the cause and run the same command with --resume.\n`);
    } else {
      if (partialPath !== undefined) await rm(partialPath, { force: true });
      if (rejectsPartial !== undefined) await rm(rejectsPartial, { force: true });
    }
    // The reader of stdout went away (`clean in.jsonl | head`): stop quietly, as `cat` does.
    if (toStdout && (error as NodeJS.ErrnoException).code === 'EPIPE') return;
    throw error;
  } finally {
    removeSignalHandlers();
    stopProgress();
    source?.close();
    await pool?.close();
  }
  const rejectsAt = counts.rejected + counts.dropped > 0 ? (rejectsPath ?? 'stderr') : undefined;
  process.stderr.write(
    summary(counts, {
      seconds: (performance.now() - started) / 1000,
      recordsBefore,
      ...(rejectsAt === undefined ? {} : { rejectsAt }),
      ...(options.shard === undefined ? {} : { shard: options.shard }),
      ...(checkpoint === undefined ? {} : { resumedAt: checkpoint.consumed }),
    }),
  );
}

type Plan = {
  inFormat: DatasetFormat;
  outFormat: DatasetFormat;
  fields: TextField[];
  settings: CleanSettings;
  shard?: ReturnType<typeof parseShard>;
  workers: number;
  toStdout: boolean;
  partialPath?: string;
  checkpointPath?: string;
  rejectsPath?: string;
  rejectsPartial?: string;
};

/** Everything decided from the command line alone, before any file is touched. */
function planRun(input: string, options: DatasetCleanOptions): Plan {
  const inFormat = formatOf(input, options.format, 'input');
  const toStdout = options.output === '-';
  // The output's format defaults to the input's (gzip only when the output's name ends in .gz).
  const outFormat: DatasetFormat =
    options.outputFormat !== undefined || (!toStdout && knownExtension(options.output))
      ? formatOf(options.output, options.outputFormat, 'output')
      : { kind: inFormat.kind, gzip: inFormat.kind !== 'parquet' && !toStdout && /\.gz$/i.test(options.output) };
  const fields = parseTextFields(options.field.length > 0 ? options.field : ['text']);
  const roles = parseRoles(options.roles);
  const shard = options.shard === undefined ? undefined : parseShard(options.shard);
  if (options.resume === true && (toStdout || input === '-')) {
    throw new SieveError('ERR_SIEVE_CONFIG', '--resume needs an input file and an output file (-o FILE), not stdin or stdout.');
  }
  const rejectsPath = options.rejects ?? (toStdout ? undefined : `${options.output}.rejects.jsonl`);
  const plan: Plan = {
    inFormat,
    outFormat,
    fields,
    settings: {
      fields: fields.map((field) => field.path),
      roles,
      role: options.role,
      shape: outFormat.kind,
      jsonSafe: inFormat.kind === 'parquet' && outFormat.kind !== 'parquet',
      keepReport: options.keepReport === true,
      keepOriginal: options.keepOriginal === true,
      textOnly: options.textOnly === true,
      dropBlocked: options.dropBlocked === true,
    },
    ...(shard ? { shard } : {}),
    workers: options.workers ?? defaultWorkers(input),
    toStdout,
    ...(toStdout ? {} : { partialPath: `${options.output}.partial`, checkpointPath: `${options.output}.checkpoint` }),
    ...(rejectsPath === undefined ? {} : { rejectsPath, rejectsPartial: `${rejectsPath}.partial` }),
  };
  assertDistinct([input, options.output, rejectsPath, plan.partialPath, plan.checkpointPath, plan.rejectsPartial]);
  return plan;
}

const knownExtension = (path: string) => /\.(?:jsonl|ndjson|csv|parquet|pq)(?:\.gz)?$/i.test(path) || /\.(?:json|parquet\.gz)$/i.test(path);

function parseRoles(text: string | undefined): SegmentRole[] {
  if (text === undefined) return [...DEFAULT_SCAN_ROLES];
  if (text.trim() === 'all') return [...SEGMENT_ROLES];
  const roles = text.split(',').map((role) => role.trim()).filter(Boolean);
  const unknown = roles.filter((role) => !(SEGMENT_ROLES as readonly string[]).includes(role));
  if (roles.length === 0 || unknown.length > 0) {
    throw new SieveError('ERR_SIEVE_CONFIG', `--roles "${text}": ${unknown.length > 0 ? `unknown role ${unknown.map((role) => JSON.stringify(role)).join(', ')}` : 'no role given'}.`, {
      help: `Roles: ${SEGMENT_ROLES.join(', ')}, comma-separated, or all.`,
    });
  }
  return roles as SegmentRole[];
}

function assertDistinct(paths: (string | undefined)[]): void {
  const named = paths.filter((path): path is string => path !== undefined && path !== '-').map((path) => resolve(path));
  if (new Set(named).size !== named.length) {
    throw new SieveError('ERR_SIEVE_INPUT', 'input, output and rejects must be different files.', {
      help: 'Name another --output or --rejects file; the output replaces its file only when the run succeeds.',
    });
  }
}

/** A CSV or Parquet input declares its columns: a --field that names none of them fails before any work. */
function checkColumns(source: Source, fields: readonly TextField[], format: DatasetFormat, input: string): void {
  // An empty file has no header and no rows: nothing to check, and no records, as an empty JSONL file.
  if (source.columns === undefined || source.columns.length === 0) return;
  const columns = source.columns;
  for (const field of fields) {
    const first = field.steps[0]!;
    const named = columns.includes(field.path) || ('key' in first && columns.includes(first.key));
    if (format.kind === 'csv' && !columns.includes(field.path)) {
      throw new SieveError('ERR_SIEVE_INPUT', `--field "${field.path}": ${input} has no such column (its columns: ${listed(columns)}).`, {
        help: 'A CSV cell is plain text: --field names a column of the header.',
      });
    }
    if (!named) {
      throw new SieveError('ERR_SIEVE_INPUT', `--field "${field.path}": ${input} has no column "${'key' in first ? first.key : field.path}" (its columns: ${listed(columns)}).`, {
        help: 'Name a column of the input (nested fields as column.key or column[*].key).',
      });
    }
  }
}

const listed = (columns: readonly string[]) => (columns.length > 12 ? `${columns.slice(0, 12).join(', ')}, …` : columns.join(', ') || 'none');

/**
 * A batch closes at --batch-size records or at this many characters, whichever comes first, so that
 * long records (10 KB chat logs) do not make batches of tens of megabytes: with `maxInFlight` batches
 * out, the main thread holds at most ~8 Mi characters of input at once, whatever the record size,
 * and fits the heap limit of a clean child process (clean-process.ts). 500-character records fill
 * 256-record batches long before this.
 */
const BATCH_CHARS = 1 << 20;

/** The options that change the output, for the checkpoint's key (`--workers` is not one of them). */
function keyOf(input: string, plan: Plan, options: DatasetCleanOptions): Promise<string> {
  return runKey({
    input,
    inFormat: plan.inFormat,
    outFormat: plan.outFormat,
    ...(options.config === undefined ? {} : { config: options.config }),
    options: {
      settings: plan.settings,
      mode: options.mode ?? null,
      shard: plan.shard ?? null,
      checkpointEvery: options.checkpointEvery,
      rowGroupSize: options.rowGroupSize,
      maxLineBytes: options.maxLineBytes,
    },
  });
}
