import { stringify } from 'csv-stringify/sync';
import type { OutputFile } from './output-file.js';
import type { Sink } from './sink.js';

export type CsvSinkState = { columns: string[] };

/**
 * CSV (csv-stringify): a header row, then one row per record. The columns are the input's (a CSV or
 * Parquet header plus the verdict columns) or, for JSONL input, the first record's keys. A later
 * record with a key outside the header is refused (it goes to the rejects file whole); a missing
 * key is an empty cell. Objects and arrays are written as JSON.
 */
export function csvSink(file: OutputFile, columns: string[] | undefined, resumed?: CsvSinkState): Sink {
  let header = resumed?.columns ?? columns;
  let headerWritten = resumed !== undefined;

  return {
    async write(value) {
      const record = value as Record<string, unknown>;
      if (header === undefined) header = Object.keys(record);
      if (!headerWritten) {
        await file.write(stringify([header]));
        headerWritten = true;
      }
      const known = new Set(header);
      const extra = Object.keys(record).filter((key) => !known.has(key));
      if (extra.length > 0) {
        return `has field${extra.length === 1 ? '' : 's'} ${extra.slice(0, 5).map((key) => JSON.stringify(key)).join(', ')}${extra.length > 5 ? ', …' : ''} that the CSV header (taken from the first record) lacks`;
      }
      await file.write(row(header.map((column) => cell(record[column]))));
      return undefined;
    },
    pending: () => 0,
    async commit() {
      // An input without records still gets its header, so that the file says what it holds.
      if (!headerWritten && header !== undefined) {
        await file.write(stringify([header]));
        headerWritten = true;
      }
      return { bytes: await file.commit(), ...(header === undefined || !headerWritten ? {} : { state: { columns: header } satisfies CsvSinkState }) };
    },
    async finish() {
      if (!headerWritten && header !== undefined) await file.write(stringify([header]));
      await file.close();
    },
    abandon: () => file.abandon(),
  };
}

/**
 * One CSV line. A row of one empty cell is written `""`, as Python's csv writer does: a blank line
 * is skipped by CSV readers (this one's included), which would lose the record.
 */
function row(cells: string[]): string {
  return stringify([cells], { quoted_empty: cells.length === 1 && cells[0] === '' });
}

function cell(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}
