import type { SchemaElement } from 'hyparquet';

/** Where a record sits in its input: a line (JSONL, CSV; 1-based) or a row (Parquet; 1-based). */
export type Location = { line: number } | { row: number };

/**
 * One item of an input, in input order. Every item counts toward the input consumed (what a
 * checkpoint records); blank lines are items but not records.
 */
export type SourceItem =
  /** A JSONL line, parsed by a worker (parsing is part of the work spread over the cores). */
  | { kind: 'line'; at: Location; text: string }
  /** A CSV or Parquet row, already an object; `raw` is the CSV text of the row, for the rejects file. */
  | { kind: 'row'; at: Location; value: Record<string, unknown>; raw?: string }
  /** Something that cannot be a record (bad UTF-8, a line too long, broken CSV quoting). */
  | { kind: 'unreadable'; at: Location; error: string; raw: string | null }
  | { kind: 'blank' };

export type Source = {
  items: AsyncIterable<SourceItem>;
  /** The columns, when the format declares them (a CSV header, a Parquet schema). */
  columns?: string[];
  /** A Parquet input's schema, so that a Parquet output keeps its column types. */
  parquetSchema?: SchemaElement[];
  /** How much is read, and of how much when it is known: bytes of a file, or rows of a Parquet file. */
  progress(): { done: number; total?: number; unit: 'bytes' | 'rows' };
  close(): void;
};
