/**
 * Where cleaned records go, in one format. A sink may refuse a record that its format cannot hold
 * (a JSONL record with a field that a CSV header lacks): `write` returns why, and the caller sends
 * the record to the rejects file instead, so nothing is lost.
 */
export type Sink = {
  write(record: string | Record<string, unknown>): Promise<string | undefined>;
  /** Records written but not yet in the file (a Parquet row group being gathered); 0 for line formats. */
  pending(): number;
  /** Makes everything written durable; returns the output's size and what a resumed sink needs. */
  commit(): Promise<{ bytes: number; state?: unknown }>;
  /** Writes the end of the output (a Parquet footer) and closes it. */
  finish(): Promise<void>;
  /** Closes without finishing (a failed run; the partial file and checkpoint stay for --resume). */
  abandon(): Promise<void>;
};
