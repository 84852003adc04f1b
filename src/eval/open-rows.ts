import { SieveError } from '../errors.js';
import { readJsonlRows, readStdinRows, type Row } from './records.js';

// Formats eval cannot read yet; read as JSONL they would turn into a file of "not valid JSON" rows.
const NOT_YET = /\.(?:csv|tsv|parquet|json)(?:\.gz)?$/i;

/**
 * The rows of one input, by file name: `-` is JSONL on stdin, anything else JSONL (gzip when it ends
 * in `.gz`). A reader for another format is one more branch here, returning the same rows.
 */
export function openRows(file: string, maxLineBytes: number): AsyncGenerator<Row> {
  if (file === '-') return readStdinRows(maxLineBytes);
  if (NOT_YET.test(file)) {
    throw new SieveError('ERR_SIEVE_INPUT', `${file}: eval reads JSONL (one JSON object per line, optionally .gz); convert this file to JSONL first.`);
  }
  return readJsonlRows(file, maxLineBytes);
}
