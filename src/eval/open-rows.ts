import { SieveError } from '../errors.js';
import { readDatasetRows } from '../dataset/rows.js';
import { readJsonlRows, readStdinRows, type Row } from './records.js';

// Formats eval cannot read; read as JSONL they would turn into a file of "not valid JSON" rows.
const NOT_YET = /\.(?:tsv|json|parquet\.gz)$/i;

/**
 * The rows of one input, by file name: `-` is JSONL on stdin; `.csv` (`.csv.gz`) and `.parquet` are
 * read by clean's dataset readers; anything else is JSONL (gzip when it ends in `.gz`).
 */
export function openRows(file: string, maxLineBytes: number): AsyncGenerator<Row> {
  if (file === '-') return readStdinRows(maxLineBytes);
  if (NOT_YET.test(file)) {
    throw new SieveError('ERR_SIEVE_INPUT', `${file}: eval reads JSONL, CSV and Parquet (JSONL and CSV optionally .gz); convert this file first.`);
  }
  if (/\.csv(?:\.gz)?$/i.test(file)) return readDatasetRows(file, 'csv', maxLineBytes);
  if (/\.(?:parquet|pq)$/i.test(file)) return readDatasetRows(file, 'parquet', maxLineBytes);
  return readJsonlRows(file, maxLineBytes);
}
