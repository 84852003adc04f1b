import type { RowGroup } from 'hyparquet';
import { ByteWriter, ParquetWriter } from 'hyparquet-writer';
import { SieveError } from '../errors.js';
import { columnValue, inferSchema, type OutputSchema } from './parquet-schema.js';
import type { OutputFile } from './output-file.js';
import type { Sink } from './sink.js';

export type ParquetSinkState = { schema: OutputSchema; rowGroups: RowGroup[]; numRows: bigint };

export type ParquetSinkOptions = {
  /** The schema when it is known up front (Parquet input, --text-only); else inferred from the first row group. */
  schema?: OutputSchema;
  /** Columns known up front (a CSV header) whose order and string type the inferred schema keeps. */
  knownColumns?: string[];
  rowGroupSize: number;
  /** The state of an interrupted run, from its checkpoint (its file already cut to the committed size). */
  resumed?: ParquetSinkState;
  resumeAt?: number;
};

/**
 * Parquet (hyparquet-writer): rows are gathered into row groups of `rowGroupSize` and each group is
 * written and handed to the file as soon as it is full, so memory holds one row group. The file can
 * only be committed between row groups, so a checkpoint falls right after each one, and its state
 * carries the written groups' metadata: a resumed writer then ends with the same footer. Page
 * indexes are not written (their offsets would have to survive a resume too); statistics are.
 */
export function parquetSink(file: OutputFile, options: ParquetSinkOptions): Sink {
  let schema = options.resumed?.schema ?? options.schema;
  let writer: ParquetWriter | undefined;
  let bytes: ByteWriter | undefined;
  let rows: Record<string, unknown>[] = [];

  const handOver = async () => {
    if (!bytes || bytes.index === 0) return;
    const chunk = new Uint8Array(bytes.buffer.slice(0, bytes.index));
    bytes.index = 0;
    await file.write(chunk);
  };

  const start = (known: OutputSchema) => {
    bytes = new ByteWriter();
    writer = new ParquetWriter({ writer: bytes, schema: known.schema, createdBy: 'promptsieve' });
    if (options.resumed) {
      // The file already holds the header and the committed row groups: carry on after them.
      bytes.index = 0;
      bytes.offset = options.resumeAt ?? 0;
      writer.row_groups = options.resumed.rowGroups;
      writer.num_rows = options.resumed.numRows;
    }
  };
  if (schema) start(schema);

  const writeGroup = async () => {
    if (rows.length === 0) return;
    if (!schema) {
      schema = inferSchema(rows, options.knownColumns);
      start(schema);
      // The first rows were gathered untyped; they fit the schema made from them (integers become BigInt).
      const kinds = Object.entries(schema.kinds);
      rows = rows.map((record) => Object.fromEntries(kinds.map(([name, kind]) => [name, (columnValue(kind, record[name], name) as { value: unknown }).value])));
    }
    const names = Object.keys(schema.kinds);
    const columnData = names.map((name) => ({ name, data: rows.map((row) => row[name] ?? null), offsetIndex: false }));
    rows = [];
    try {
      await writer!.write({ columnData, rowGroupSize: columnData[0]?.data.length ?? 0 });
    } catch (cause) {
      // A column type the writer cannot encode.
      throw new SieveError('ERR_SIEVE_INPUT', `cannot write a Parquet row group (${(cause as Error).message})`, {
        cause,
        help: 'Write this dataset as JSONL or CSV instead (-o out.jsonl).',
      });
    }
    await handOver();
  };

  return {
    async write(value) {
      const record = value as Record<string, unknown>;
      let row = record;
      if (schema) {
        const known = schema.kinds;
        const extra = Object.keys(record).filter((key) => !(key in known));
        if (extra.length > 0) return `has field${extra.length === 1 ? '' : 's'} ${extra.slice(0, 5).map((key) => JSON.stringify(key)).join(', ')} that the Parquet schema (from the first rows) lacks`;
        row = {};
        for (const [name, kind] of Object.entries(known)) {
          const checked = columnValue(kind, record[name], name);
          if ('error' in checked) return checked.error;
          row[name] = checked.value;
        }
      }
      rows.push(row);
      if (rows.length >= options.rowGroupSize) await writeGroup();
      return undefined;
    },
    pending: () => rows.length,
    async commit() {
      const bytesCommitted = await file.commit();
      if (!writer || !schema) return { bytes: bytesCommitted };
      return { bytes: bytesCommitted, state: { schema, rowGroups: writer.row_groups, numRows: writer.num_rows } satisfies ParquetSinkState };
    },
    async finish() {
      // Rows inferred before the schema existed are typed here, like any first row group.
      await writeGroup();
      if (!writer) start(schema ?? inferSchema([], options.knownColumns));
      await writer!.finish();
      await handOver();
      await file.close();
    },
    abandon: () => file.abandon(),
  };
}
