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
  CSV_INVALID_OPENING_QUOTE: 'broken CSV quoting: a quote in the middle of a field',
};

/**
 * CSV with a header row (csv-parse): quoted fields, embedded newlines and CRLF are handled by the
 * parser; each data row becomes an object keyed by the header. A row with the wrong number of fields
 * is an `unreadable` item carrying its text; a quote inside an unquoted field is kept as written (as
 * Python's csv and pandas do), and a quoted field that never closes makes the rest of the file one
 * unreadable item. What stops the run, with a clear error: invalid UTF-8 (a CSV parser cannot tell
 * where the broken row ends, and replacing bytes would change data silently) and a row longer than
 * `maxRecordBytes` (the parser cannot find the next row without reading this one whole).
 */
export async function csvSource(input: InputBytes, path: string, maxRecordBytes: number): Promise<Source> {
  const parser = parse({
    raw: true,
    info: true,
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: true,
    skip_records_with_error: true,
    max_record_size: maxRecordBytes,
  });
  // A skipped row is pushed into the parser's own output, so it keeps its place between the rows.
  parser.on('skip', (error: CsvError) => parser.push({ skipped: error }));
  const lines = newlineIndex();
  const bytes = Readable.from(checkedBytes(input.chunks, path, lines));
  bytes.on('error', (error) => parser.destroy(error));
  bytes.pipe(parser);
  const rows = parser[Symbol.asyncIterator]() as AsyncIterator<Parsed>;

  const first = await next(rows, path, maxRecordBytes);
  const header = first === undefined || 'skipped' in first ? undefined : first.record;
  if (first !== undefined && header === undefined) {
    throw new SieveError('ERR_SIEVE_INPUT', `${path}: the header row is not valid CSV.`, { help: 'The first row of a CSV input names its columns.' });
  }
  if (header !== undefined) checkHeader(header, path);
  const columns = header ?? [];
  // Where the last row ended (a byte offset) and how many empty lines the parser had skipped by then:
  // a row starts on the line after the last one's end, past the empty lines skipped since.
  let lastEnd = first && 'info' in first ? first.info.bytes : 0;
  let lastEmpty = first && 'info' in first ? first.info.empty_lines : 0;

  async function* items(): AsyncGenerator<SourceItem> {
    for (;;) {
      const item = await next(rows, path, maxRecordBytes);
      if (item === undefined) return;
      const info = 'skipped' in item ? (item.skipped as unknown as Info) : item.info;
      const empty = typeof info.empty_lines === 'number' ? info.empty_lines : lastEmpty;
      for (let blank = lastEmpty; blank < empty; blank++) yield { kind: 'blank' };
      const line = 1 + lines.before(lastEnd) + (empty - lastEmpty);
      lastEmpty = empty;
      if (typeof info.bytes === 'number') lastEnd = Math.max(lastEnd, info.bytes);
      if ('skipped' in item) {
        const message = CSV_ERRORS[item.skipped.code] ?? `not valid CSV (${item.skipped.code})`;
        yield { kind: 'unreadable', at: { line }, error: message, raw: typeof item.skipped.raw === 'string' ? trimBreaks(item.skipped.raw) : null };
        continue;
      }
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

/** Byte offsets of the line feeds seen so far, to turn the parser's byte offsets into line numbers. */
function newlineIndex() {
  let offsets: number[] = [];
  let dropped = 0;
  let cursor = 0;
  return {
    add(chunk: Buffer, at: number) {
      for (let found = chunk.indexOf(0x0a); found !== -1; found = chunk.indexOf(0x0a, found + 1)) offsets.push(at + found);
    },
    /** Line feeds before `offset`; offsets are asked in increasing order, so older ones are let go. */
    before(offset: number): number {
      while (cursor < offsets.length && offsets[cursor]! < offset) cursor++;
      if (cursor > 4096) {
        offsets = offsets.slice(cursor);
        dropped += cursor;
        cursor = 0;
      }
      return dropped + cursor;
    },
  };
}

/**
 * Hands the bytes on unchanged (the parser's offsets are byte offsets) after a byte-order mark, while
 * checking that they are UTF-8 and indexing their line feeds.
 */
async function* checkedBytes(chunks: AsyncIterable<Buffer>, path: string, lines: ReturnType<typeof newlineIndex>): AsyncGenerator<Buffer> {
  const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
  let offset = 0;
  let first = true;
  for await (let chunk of chunks) {
    if (first && chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf) chunk = chunk.subarray(3);
    first = false;
    check(decoder, chunk, true, offset, path);
    lines.add(chunk, offset);
    offset += chunk.length;
    yield chunk;
  }
  check(decoder, undefined, false, offset, path);
}

function check(decoder: TextDecoder, chunk: Buffer | undefined, stream: boolean, offset: number, path: string): void {
  try {
    decoder.decode(chunk, { stream });
  } catch (cause) {
    throw new SieveError('ERR_SIEVE_INPUT', `${path} is not valid UTF-8 (in the ${stream ? 'block' : 'end'} read at byte ${offset}).`, {
      cause,
      help: 'Convert the file to UTF-8 (e.g. iconv -f latin1 -t utf-8), or export it as JSONL, where a bad line is only a reject.',
    });
  }
}

async function next(rows: AsyncIterator<Parsed>, path: string, maxRecordBytes: number): Promise<Parsed | undefined> {
  let result: IteratorResult<Parsed>;
  try {
    result = await rows.next();
  } catch (cause) {
    if (cause instanceof SieveError) throw cause;
    const code = (cause as CsvError).code ?? (cause as NodeJS.ErrnoException).code ?? 'error';
    throw new SieveError('ERR_SIEVE_INPUT', `cannot read ${path} as CSV (${code})`, { cause });
  }
  if (result.done) return undefined;
  const skipped = 'skipped' in result.value ? result.value.skipped : undefined;
  if (skipped?.code === 'CSV_MAX_RECORD_SIZE') {
    const line = (skipped as unknown as { lines?: number }).lines;
    throw new SieveError('ERR_SIEVE_INPUT', `${path}: a row${line === undefined ? '' : ` near line ${line}`} is longer than ${maxRecordBytes} bytes.`, {
      help: 'Raise --max-line-bytes if the row is real; a quote that never closes also makes the rest of a file one row.',
    });
  }
  return result.value;
}

function checkHeader(header: string[], path: string): void {
  const seen = new Set<string>();
  header.forEach((name, index) => {
    if (name.trim() === '') throw new SieveError('ERR_SIEVE_INPUT', `${path}: column ${index + 1} of the header has no name.`, { help: 'The first row of a CSV input names its columns.' });
    if (seen.has(name)) throw new SieveError('ERR_SIEVE_INPUT', `${path}: the header names column "${name}" twice.`, { help: 'Give every column its own name.' });
    seen.add(name);
  });
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
