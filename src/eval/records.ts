import { createReadStream } from 'node:fs';
import { basename } from 'node:path';
import { pipeline, type Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { SieveError } from '../errors.js';
import { readLines } from '../cli/read-lines.js';
import { mapLabel, type LabelMap } from './labels.js';
import { readRecordPath, type RecordPath } from './record-path.js';
import type { EvalInput } from './types.js';

/**
 * One row of an input file: a parsed object, or why the row could not be parsed. Each input format
 * (JSONL here; CSV and Parquet readers plug in the same way) is an async iterable of these.
 */
export type Row = { where: string; value: unknown } | { where: string; error: string };

export type RecordFields = {
  text: RecordPath;
  label: RecordPath;
  labels: LabelMap;
  category?: RecordPath;
  source?: RecordPath;
};

/** Reads a JSONL file (`.gz` is decompressed) as rows; blank lines are skipped. */
export async function* readJsonlRows(file: string, maxLineBytes: number): AsyncGenerator<Row> {
  // Opened on the first read, not before: a stream's error with nobody listening would crash the process.
  const stream = createReadStream(file);
  // `pipeline` hands a read error of the file on to the gunzip stream, so it ends the loop below.
  const bytes = file.endsWith('.gz') ? pipeline(stream, createGunzip(), () => undefined) : stream;
  yield* jsonlRows(basename(file), file, bytes, maxLineBytes);
}

/** Reads JSONL from stdin as rows. */
export function readStdinRows(maxLineBytes: number): AsyncGenerator<Row> {
  return jsonlRows('stdin', 'stdin', process.stdin, maxLineBytes);
}

async function* jsonlRows(name: string, path: string, bytes: Readable, maxLineBytes: number): AsyncGenerator<Row> {
  try {
    for await (const line of readLines(bytes as AsyncIterable<Buffer>, maxLineBytes)) {
      const where = `${name}:${line.number}`;
      if ('error' in line) {
        yield { where, error: line.error };
        continue;
      }
      if (line.text.trim() === '') continue;
      try {
        yield { where, value: JSON.parse(line.text) as unknown };
      } catch {
        // The parser's message quotes the input; say only where it broke.
        yield { where, error: 'not valid JSON' };
      }
    }
  } catch (cause) {
    // A read error (missing file, bad gzip) ends the run: a partial evaluation would pass for a whole one.
    const code = (cause as NodeJS.ErrnoException).code ?? (cause as Error).message;
    throw new SieveError('ERR_SIEVE_INPUT', `cannot read ${path} (${code})`, { cause });
  } finally {
    bytes.destroy();
  }
}

/** Turns rows into labelled records; rows without a text or a known label become skipped records. */
export async function* labelRecords(rows: AsyncIterable<Row>, fields: RecordFields, defaultSource: string): AsyncGenerator<EvalInput> {
  for await (const row of rows) {
    if ('error' in row) {
      yield { skipped: 'unreadable', where: row.where, detail: row.error };
      continue;
    }
    const text = readRecordPath(row.value, fields.text);
    if (typeof text !== 'string') {
      yield { skipped: 'missing_text', where: row.where, detail: `no string at "${fields.text.path}"` };
      continue;
    }
    const raw = readRecordPath(row.value, fields.label);
    const label = mapLabel(fields.labels, raw);
    if (label === undefined) {
      yield { skipped: 'unknown_label', where: row.where, detail: describeLabel(raw, fields.label) };
      continue;
    }
    const category = fields.category ? asName(readRecordPath(row.value, fields.category)) : undefined;
    const source = fields.source ? asName(readRecordPath(row.value, fields.source)) : undefined;
    yield { text, label, where: row.where, ...(category === undefined ? {} : { category }), source: source ?? defaultSource };
  }
}

/** A category or source value as a group name; objects and empty strings do not name a group. */
function asName(value: unknown): string | undefined {
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

// A short label value is the user's own vocabulary and worth showing; a long string is more likely
// prompt text from a wrong --label-field, and is described, not quoted.
function describeLabel(raw: unknown, { path }: RecordPath): string {
  if (raw === undefined || raw === null) return `no label at "${path}"`;
  if (typeof raw === 'object') return `the label at "${path}" is not a string or number`;
  if (typeof raw === 'string' && raw.length > 40) return `unknown label (a string of ${raw.length} characters)`;
  return `unknown label ${JSON.stringify(raw)}; map it with --label-map`;
}
