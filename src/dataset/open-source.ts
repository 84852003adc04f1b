import type { DatasetFormat } from './format.js';
import { openInputBytes } from './input-bytes.js';
import { jsonlSource } from './jsonl-source.js';
import type { Source, SourceItem } from './source.js';

export type OpenSourceOptions = {
  /** Longest JSONL line or CSV row, in bytes; longer ones are rejected without being held. */
  maxRecordBytes: number;
  /** Items already consumed by an interrupted run: read past (Parquet seeks) and not yielded. */
  skipItems?: number;
};

/**
 * Opens an input of any format as a stream of items in input order. The CSV and Parquet readers load
 * only when needed: Parquet's libraries alone are ~7 MiB of a JSONL run's memory.
 */
export async function openSource(path: string, format: DatasetFormat, options: OpenSourceOptions): Promise<Source> {
  const skip = options.skipItems ?? 0;
  if (format.kind === 'parquet') return (await import('./parquet-source.js')).parquetSource(path, skip);
  const bytes = await openInputBytes(path);
  try {
    const source =
      format.kind === 'csv'
        ? await (await import('./csv-source.js')).csvSource(bytes, path === '-' ? 'stdin' : path, options.maxRecordBytes)
        : jsonlSource(bytes, options.maxRecordBytes);
    return skip === 0 ? source : { ...source, items: skipping(source.items, skip) };
  } catch (error) {
    bytes.close();
    throw error;
  }
}

async function* skipping(items: AsyncIterable<SourceItem>, count: number): AsyncGenerator<SourceItem> {
  let skipped = 0;
  for await (const item of items) {
    if (skipped < count) skipped++;
    else yield item;
  }
}
