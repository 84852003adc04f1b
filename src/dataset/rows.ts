import { basename } from 'node:path';
import { toJsonSafe } from './json-safe.js';
import { openSource } from './open-source.js';
import type { Location } from './source.js';

/** A record as other commands read it (eval): the parsed object, or why it is not one, and where. */
export type DatasetRow = { where: string; value: unknown } | { where: string; error: string };

/**
 * The records of a CSV (header row, quoted fields, .gz) or Parquet file as plain JSON objects: the
 * readers of `clean`, for commands that read datasets too. Parquet's 64-bit integers, dates and bytes
 * become JSON values.
 */
export async function* readDatasetRows(file: string, kind: 'csv' | 'parquet', maxRecordBytes: number): AsyncGenerator<DatasetRow> {
  const name = basename(file);
  const where = (at: Location) => ('line' in at ? `${name}:${at.line}` : `${name}:row ${at.row}`);
  const source = await openSource(file, { kind, gzip: false }, { maxRecordBytes });
  try {
    for await (const item of source.items) {
      if (item.kind === 'row') yield { where: where(item.at), value: kind === 'parquet' ? toJsonSafe(item.value) : item.value };
      else if (item.kind === 'unreadable') yield { where: where(item.at), error: item.error };
    }
  } finally {
    source.close();
  }
}
