import { asyncBufferFromFile, parquetMetadataAsync, parquetReadObjects, type FileMetaData } from 'hyparquet';
import { compressors } from 'hyparquet-compressors';
import { SieveError } from '../errors.js';
import { cannotRead } from './input-bytes.js';
import type { Source, SourceItem } from './source.js';

/**
 * Parquet (hyparquet, with hyparquet-compressors for every codec but LZO): the footer first, then one row group at a time, so memory follows the largest
 * row group, not the file. `startRow` skips rows without reading them (a resumed run). Parquet is
 * read from its end, so it must be a file, not stdin.
 */
export async function parquetSource(path: string, startRow = 0): Promise<Source> {
  if (path === '-') {
    throw new SieveError('ERR_SIEVE_INPUT', 'Parquet cannot be read from stdin: its index is at the end of the file.', {
      help: 'Save it to a file and pass the file name.',
    });
  }
  let metadata: FileMetaData;
  let file: Awaited<ReturnType<typeof asyncBufferFromFile>>;
  try {
    file = await asyncBufferFromFile(path);
  } catch (cause) {
    throw cannotRead(path, cause);
  }
  try {
    metadata = await parquetMetadataAsync(file);
  } catch (cause) {
    throw new SieveError('ERR_SIEVE_INPUT', `${path} is not a Parquet file (${(cause as Error).message})`, { cause });
  }
  const total = Number(metadata.num_rows);
  const columns = metadata.schema.length > 0 ? topLevelColumns(metadata) : [];
  let done = Math.min(startRow, total);

  async function* items(): AsyncGenerator<SourceItem> {
    let groupStart = 0;
    for (const group of metadata.row_groups) {
      const groupEnd = groupStart + Number(group.num_rows);
      const from = Math.max(groupStart, startRow);
      if (from < groupEnd) {
        let rows: Record<string, unknown>[];
        try {
          // hyparquet itself reads snappy; the compressors add gzip, zstd, brotli and lz4 (polars writes zstd).
          rows = (await parquetReadObjects({ file, metadata, rowStart: from, rowEnd: groupEnd, compressors })) as Record<string, unknown>[];
        } catch (cause) {
          throw new SieveError('ERR_SIEVE_INPUT', `cannot read rows ${from + 1}–${groupEnd} of ${path} (${(cause as Error).message})`, { cause });
        }
        for (let index = 0; index < rows.length; index++) {
          done = from + index + 1;
          yield { kind: 'row', at: { row: from + index + 1 }, value: definedNulls(rows[index]!) as Record<string, unknown> };
        }
      }
      groupStart = groupEnd;
    }
  }

  return {
    items: items(),
    columns,
    parquetSchema: metadata.schema,
    progress: () => ({ done, total, unit: 'rows' }),
    close: () => undefined,
  };
}

/** The names of the schema's top-level columns (children of the root, skipping their subtrees). */
function topLevelColumns(metadata: FileMetaData): string[] {
  const names: string[] = [];
  let index = 1;
  const skipSubtree = (at: number): number => {
    const children = metadata.schema[at]?.num_children ?? 0;
    let next = at + 1;
    for (let child = 0; child < children; child++) next = skipSubtree(next);
    return next;
  };
  const count = metadata.schema[0]?.num_children ?? 0;
  for (let column = 0; column < count; column++) {
    names.push(metadata.schema[index]!.name);
    index = skipSubtree(index);
  }
  return names;
}

/**
 * hyparquet reads some nulls (a null list) as `undefined`, which JSON would drop and a path walk
 * would call missing; they are nulls in the file, and nulls here.
 */
function definedNulls(value: unknown): unknown {
  if (value === undefined) return null;
  if (Array.isArray(value)) {
    for (let index = 0; index < value.length; index++) value[index] = definedNulls(value[index]);
  } else if (typeof value === 'object' && value !== null && !(value instanceof Date) && !(value instanceof Uint8Array)) {
    for (const key of Object.keys(value)) {
      const record = value as Record<string, unknown>;
      if (record[key] === undefined) Object.defineProperty(record, key, { value: null, writable: true, enumerable: true, configurable: true });
      else definedNulls(record[key]);
    }
  }
  return value;
}
