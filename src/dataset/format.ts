import { SieveError } from '../errors.js';

/** What `--format` and `--output-format` accept. gzip applies to the line formats; Parquet compresses itself. */
export const FORMAT_NAMES = ['jsonl', 'jsonl.gz', 'csv', 'csv.gz', 'parquet'] as const;
export type FormatName = (typeof FORMAT_NAMES)[number];

export type DatasetFormat = { kind: 'jsonl' | 'csv' | 'parquet'; gzip: boolean };

const EXTENSIONS: ReadonlyArray<[RegExp, FormatName]> = [
  [/\.(?:jsonl|ndjson)$/i, 'jsonl'],
  [/\.(?:jsonl|ndjson)\.gz$/i, 'jsonl.gz'],
  [/\.csv$/i, 'csv'],
  [/\.csv\.gz$/i, 'csv.gz'],
  [/\.(?:parquet|pq)$/i, 'parquet'],
];

export function parseFormatName(name: FormatName): DatasetFormat {
  const [kind, gz] = name.split('.') as [DatasetFormat['kind'], string | undefined];
  return { kind, gzip: gz === 'gz' };
}

export const formatName = (format: DatasetFormat): FormatName => `${format.kind}${format.gzip ? '.gz' : ''}` as FormatName;

/**
 * The format of a file: `--format` when given, else its extension. `-` (stdin, stdout) is JSONL
 * unless told otherwise. Input gzip is also recognised by its magic bytes, so this is only the
 * declared format.
 */
export function formatOf(path: string, given: FormatName | undefined, what: 'input' | 'output'): DatasetFormat {
  if (given !== undefined) return parseFormatName(given);
  if (path === '-') return { kind: 'jsonl', gzip: false };
  const known = EXTENSIONS.find(([pattern]) => pattern.test(path));
  if (known) return parseFormatName(known[1]);
  const flag = what === 'input' ? '--format' : '--output-format';
  if (/\.parquet\.gz$/i.test(path)) {
    throw new SieveError('ERR_SIEVE_INPUT', `${path}: a gzipped Parquet file is not read or written; Parquet compresses its own pages.`, {
      help: 'Use a plain .parquet file.',
    });
  }
  if (/\.json$/i.test(path)) {
    throw new SieveError('ERR_SIEVE_INPUT', `${path}: a .json file is one JSON document, not one record per line.`, {
      help: `If it holds one JSON object per line, pass ${flag} jsonl.`,
    });
  }
  throw new SieveError('ERR_SIEVE_INPUT', `${path}: cannot tell the ${what} format from the file name.`, {
    help: `Name it .jsonl, .csv or .parquet (with .gz for gzip on JSONL and CSV), or pass ${flag} ${FORMAT_NAMES.join('|')}.`,
  });
}
