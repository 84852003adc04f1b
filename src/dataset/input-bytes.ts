import { open, type FileHandle } from 'node:fs/promises';
import { pipeline, Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { SieveError } from '../errors.js';

/** The bytes of one input, decompressed when they are gzip, with how far the reading has got. */
export type InputBytes = {
  chunks: AsyncIterable<Buffer>;
  /** Bytes read from the file so far (compressed bytes for a gzip file), for progress. */
  bytesRead(): number;
  /** The file's size; unknown for stdin. */
  size?: number;
  close(): void;
};

const READ_CHUNK = 256 * 1024;

/**
 * Opens a file (or stdin for `-`) for streaming. gzip is recognised by its magic bytes whatever the
 * file is called, and concatenated gzip members are read one after another (as gzip(1) does).
 */
export async function openInputBytes(path: string): Promise<InputBytes> {
  let handle: FileHandle | undefined;
  let size: number | undefined;
  let raw: Readable;
  if (path === '-') {
    raw = process.stdin;
  } else {
    try {
      handle = await open(path, 'r');
      const stat = await handle.stat();
      if (stat.isDirectory()) throw Object.assign(new Error('is a directory'), { code: 'EISDIR' });
      size = stat.size;
    } catch (cause) {
      await handle?.close();
      throw cannotRead(path, cause);
    }
    raw = handle.createReadStream({ highWaterMark: READ_CHUNK });
  }
  let read = 0;
  const counted = (async function* () {
    for await (const chunk of raw as AsyncIterable<Buffer>) {
      read += chunk.length;
      yield chunk;
    }
  })();
  return {
    chunks: decompressed(counted, path),
    bytesRead: () => read,
    ...(size === undefined ? {} : { size }),
    close: () => {
      if (raw !== process.stdin) raw.destroy();
    },
  };
}

async function* decompressed(chunks: AsyncGenerator<Buffer>, path: string): AsyncGenerator<Buffer> {
  try {
    const first = await chunks.next();
    if (first.done) return;
    const head = first.value;
    if (head[0] !== 0x1f || head[1] !== 0x8b) {
      yield head;
      yield* chunks;
      return;
    }
    const rest = (async function* () {
      yield head;
      yield* chunks;
    })();
    // `pipeline` destroys the gunzip stream with the error of a broken file, which ends the loop below.
    yield* pipeline(Readable.from(rest), createGunzip(), () => undefined) as AsyncIterable<Buffer>;
  } catch (cause) {
    if (cause instanceof SieveError) throw cause;
    throw cannotRead(path, cause);
  }
}

export function cannotRead(path: string, cause: unknown): SieveError {
  const code = (cause as NodeJS.ErrnoException).code ?? 'error';
  const detail = code.startsWith('Z_') ? `${code}: not a complete gzip stream` : code;
  return new SieveError('ERR_SIEVE_INPUT', `cannot read ${path === '-' ? 'stdin' : path} (${detail})`, { cause });
}
