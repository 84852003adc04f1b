import { parse, type CsvError, type Info } from 'csv-parse';
import { Readable } from 'node:stream';
import { SieveError } from '../errors.js';
import type { InputBytes } from './input-bytes.js';
import type { Source, SourceItem } from './source.js';

type Parsed = { record: string[]; raw: string; info: Info } | { skipped: CsvError };

// What each csv-parse error means, in words that never quote the row (the reject carries the row itself).
const CSV_ERRORS: Record<string, string> = {
  CSV_INVALID_CLOSING_QUOTE: 'broken CSV quoting: a quoted field is followed by other characters',
  CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE: 'broken CSV quoting: a quoted field is followed by other characters',
  CSV_QUOTE_NOT_CLOSED: 'broken CSV quoting: a quoted field is never closed (the rest of the file is in raw)',
};

/**
 * CSV with a header row (csv-parse): quoted fields, embedded newlines and CRLF are handled by the
 * parser; each data row becomes an object keyed by the header. A row with the wrong number of fields
 * or broken quoting is an `unreadable` item carrying its text. Invalid UTF-8 stops the run: a CSV
 * parser cannot tell where the broken row ends, and replacing bytes would change data silently.
 */
export async function csvSource(input: InputBytes, path: string, maxRecordBytes: number): Promise<Source> {
  const parser = parse({
    bom: true,
    raw: true,
    info: true,
    relax_column_count: true,
    skip_empty_lines: true,
    skip_records_with_error: true,
    max_record_size: maxRecordBytes,
  });
  // A skipped row is pushed into the parser's own output, so it keeps its place between the rows.
  parser.on('skip', (error: CsvError) => parser.push({ skipped: error }));
  const bytes = Readable.from(utf8Text(input.chunks, path));
  bytes.on('error', (error) => parser.destroy(error));
  bytes.pipe(parser);
  const rows = parser[Symbol.asyncIterator]() as AsyncIterator<Parsed>;

  const first = await next(rows, path);
  const header = first === undefined || 'skipped' in first ? undefined : first.record;
  if (first !== undefined && header === undefined) {
    throw new SieveError('ERR_SIEVE_INPUT', `${path}: the header row is not valid CSV.`, { help: 'The first row of a CSV input names its columns.' });
  }
  if (header !== undefined) checkHeader(header, path);
  const columns = header ?? [];
  let lastLine = first && 'info' in first ? first.info.lines : 0;
  let lastEmpty = first && 'info' in first ? first.info.empty_lines : 0;

  async function* items(): AsyncGenerator<SourceItem> {
    for (;;) {
      const item = await next(rows, path);
      if (item === undefined) return;
      if ('skipped' in item) {
        const line = lastLine + 1;
        const at = (item.skipped as unknown as { lines?: unknown }).lines;
        lastLine = typeof at === 'number' ? at : lastLine + 1;
        const message = CSV_ERRORS[item.skipped.code] ?? (item.skipped.code === 'CSV_MAX_RECORD_SIZE' ? `row is longer than ${maxRecordBytes} bytes` : `not valid CSV (${item.skipped.code})`);
        yield { kind: 'unreadable', at: { line }, error: message, raw: typeof item.skipped.raw === 'string' ? trimBreaks(item.skipped.raw) : null };
        continue;
      }
      const { info } = item;
      for (let blank = lastEmpty; blank < info.empty_lines; blank++) yield { kind: 'blank' };
      const line = lastLine + 1 + (info.empty_lines - lastEmpty);
      lastLine = info.lines;
      lastEmpty = info.empty_lines;
      const raw = trimBreaks(item.raw);
      if (item.record.length !== columns.length) {
        yield { kind: 'unreadable', at: { line }, error: `row has ${item.record.length} field${item.record.length === 1 ? '' : 's'}; the header has ${columns.length}`, raw };
        continue;
      }
      const value: Record<string, unknown> = {};
      columns.forEach((name, index) => Object.defineProperty(value, name, { value: item.record[index], enumerable: true, writable: true, configurable: true }));
      yield { kind: 'row', at: { line }, value, raw };
    }
  }

  return {
    items: items(),
    columns,
    progress: () => ({ done: input.bytesRead(), ...(input.size === undefined ? {} : { total: input.size }), unit: 'bytes' }),
    close: () => {
      parser.destroy();
      input.close();
    },
  };
}

async function next(rows: AsyncIterator<Parsed>, path: string): Promise<Parsed | undefined> {
  try {
    const result = await rows.next();
    return result.done ? undefined : result.value;
  } catch (cause) {
    if (cause instanceof SieveError) throw cause;
    const code = (cause as CsvError).code ?? (cause as NodeJS.ErrnoException).code ?? 'error';
    throw new SieveError('ERR_SIEVE_INPUT', `cannot read ${path} as CSV (${code})`, { cause });
  }
}

function checkHeader(header: string[], path: string): void {
  const seen = new Set<string>();
  header.forEach((name, index) => {
    if (name.trim() === '') throw new SieveError('ERR_SIEVE_INPUT', `${path}: column ${index + 1} of the header has no name.`, { help: 'The first row of a CSV input names its columns.' });
    if (seen.has(name)) throw new SieveError('ERR_SIEVE_INPUT', `${path}: the header names column "${name}" twice.`, { help: 'Give every column its own name.' });
    seen.add(name);
  });
}

/** Decodes strictly: the first invalid UTF-8 byte stops the run with its offset. */
async function* utf8Text(chunks: AsyncIterable<Buffer>, path: string): AsyncGenerator<string> {
  const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
  let offset = 0;
  for await (const chunk of chunks) {
    yield decode(decoder, chunk, true, offset, path);
    offset += chunk.length;
  }
  yield decode(decoder, undefined, false, offset, path);
}

function decode(decoder: TextDecoder, chunk: Buffer | undefined, stream: boolean, offset: number, path: string): string {
  try {
    return decoder.decode(chunk, { stream });
  } catch (cause) {
    throw new SieveError('ERR_SIEVE_INPUT', `${path} is not valid UTF-8 (in the ${stream ? 'block' : 'end'} read at byte ${offset}).`, {
      cause,
      help: 'Convert the file to UTF-8 (e.g. iconv -f latin1 -t utf-8), or export it as JSONL, where a bad line is only a reject.',
    });
  }
}

/** The row without the line breaks around it (a loop, not a regex: a trailing-class regex backtracks on long runs). */
function trimBreaks(raw: string): string {
  const isBreak = (code: number) => code === 0x0a || code === 0x0d;
  let start = 0;
  let end = raw.length;
  while (start < end && isBreak(raw.charCodeAt(start))) start++;
  while (end > start && isBreak(raw.charCodeAt(end - 1))) end--;
  return raw.slice(start, end);
}
