import { addedColumns, type CleanSettings } from './clean-record.js';
import type { CsvSinkState } from './csv-sink.js';
import type { TextField } from './fields.js';
import type { DatasetFormat } from './format.js';
import { jsonlSink } from './jsonl-sink.js';
import type { OutputFile } from './output-file.js';
import { schemaFromInput, textOnlySchema } from './parquet-schema.js';
import type { ParquetSinkState } from './parquet-sink.js';
import type { Sink } from './sink.js';
import type { Source } from './source.js';

export type OpenSinkOptions = {
  format: DatasetFormat;
  settings: CleanSettings;
  fields: readonly TextField[];
  source: Pick<Source, 'columns' | 'parquetSchema'>;
  rowGroupSize: number;
  /** A resumed run: the sink's state from the checkpoint and the size the file was cut to. */
  resumed?: { state: unknown; bytes: number };
};

/** The sink for the output format, with the columns the input and the settings imply; as openSource, CSV and Parquet writers load only when needed. */
export async function openSink(file: OutputFile, options: OpenSinkOptions): Promise<Sink> {
  const { settings, source } = options;
  const added = addedColumns(settings);
  const inputColumns = source.columns?.filter((column) => !added.includes(column));
  if (options.format.kind === 'jsonl') return jsonlSink(file);
  if (options.format.kind === 'csv') {
    const columns = settings.textOnly ? options.fields.map((field) => field.path) : inputColumns && [...inputColumns, ...added];
    return (await import('./csv-sink.js')).csvSink(file, columns, options.resumed?.state as CsvSinkState | undefined);
  }
  const schema = settings.textOnly ? textOnlySchema(options.fields) : source.parquetSchema ? schemaFromInput(source.parquetSchema, options.fields, added) : undefined;
  return (await import('./parquet-sink.js')).parquetSink(file, {
    ...(schema ? { schema } : {}),
    ...(inputColumns && !settings.textOnly ? { knownColumns: [...inputColumns, ...added] } : {}),
    rowGroupSize: options.rowGroupSize,
    ...(options.resumed?.state === undefined ? {} : { resumed: options.resumed.state as ParquetSinkState, resumeAt: options.resumed.bytes }),
  });
}
