import { once } from 'node:events';
import { open, type FileHandle } from 'node:fs/promises';
import { promisify } from 'node:util';
import { gzip as gzipCallback } from 'node:zlib';
import { SieveError } from '../errors.js';

const gzip = promisify(gzipCallback);

/** Bytes gathered before one write (and, with gzip, one gzip member). */
const BLOCK_BYTES = 256 * 1024;

/**
 * An append-only output (a file or stdout) that can say how much of it is durable. Writes are
 * gathered into blocks of 256 KiB; with gzip each block becomes one gzip member, compressed on
 * libuv's thread pool. Members end only at block sizes and at commits, so the bytes written depend
 * only on the data and the commit points: a resumed run writes what an uninterrupted one would.
 * (gzip(1), zlib and Python's gzip read concatenated members as one stream.)
 */
export type OutputFile = {
  write(data: string | Uint8Array): Promise<void>;
  /** Writes what is gathered, fsyncs a file, and returns its size: what a checkpoint may count on. */
  commit(): Promise<number>;
  /** Writes what is gathered and closes (stdout is left open). */
  close(): Promise<void>;
  /** Closes without writing what is gathered (a failed run). */
  abandon(): Promise<void>;
};

export type OutputFileOptions = {
  gzip: boolean;
  /** Continue a file at this size (what the last checkpoint committed), cutting off anything after it. */
  resumeAt?: number;
  /** How the file is named in errors. */
  shownAs: string;
};

export async function openOutputFile(path: string | 'stdout' | 'stderr', options: OutputFileOptions): Promise<OutputFile> {
  let handle: FileHandle | undefined;
  let position = options.resumeAt ?? 0;
  const stream = path === 'stdout' ? process.stdout : path === 'stderr' ? process.stderr : undefined;
  if (stream === undefined) {
    try {
      handle = await open(path, options.resumeAt === undefined ? 'w' : 'r+');
      if (options.resumeAt !== undefined) {
        const { size } = await handle.stat();
        if (size < options.resumeAt) throw Object.assign(new Error('shorter than its checkpoint'), { code: 'ESHORT' });
        await handle.truncate(options.resumeAt);
      }
    } catch (cause) {
      await handle?.close();
      const code = (cause as NodeJS.ErrnoException).code ?? 'error';
      throw new SieveError('ERR_SIEVE_INPUT', `cannot ${options.resumeAt === undefined ? 'write' : 'resume'} ${options.shownAs} (${code})`, {
        cause,
        help:
          options.resumeAt === undefined
            ? 'Check that the output directory exists and is writable.'
            : `The interrupted run's partial file is ${code === 'ESHORT' ? 'shorter than its checkpoint says' : 'missing or unreadable'}; delete the checkpoint to start over.`,
      });
    }
  }

  let parts: (string | Uint8Array)[] = [];
  let gathered = 0;

  const put = async (bytes: Uint8Array) => {
    if (bytes.length === 0) return;
    if (handle) {
      let done = 0;
      while (done < bytes.length) {
        const { bytesWritten } = await handle.write(bytes, done, bytes.length - done, position);
        done += bytesWritten;
        position += bytesWritten;
      }
    } else if (!stream!.write(bytes)) {
      await Promise.race([once(stream!, 'drain'), once(stream!, 'close')]);
    }
  };

  const flush = async () => {
    if (gathered === 0) return;
    const block = Buffer.concat(parts.map((part) => (typeof part === 'string' ? Buffer.from(part) : part)));
    parts = [];
    gathered = 0;
    await put(options.gzip ? await gzip(block) : block);
  };

  return {
    async write(data) {
      parts.push(data);
      // Characters, not bytes, for strings: cheap, and the block size only has to be deterministic.
      gathered += data.length;
      if (gathered >= BLOCK_BYTES) await flush();
    },
    async commit() {
      await flush();
      await handle?.datasync();
      return position;
    },
    async close() {
      await flush();
      if (handle) {
        await handle.datasync();
        await handle.close();
      }
    },
    async abandon() {
      parts = [];
      gathered = 0;
      await handle?.close();
    },
  };
}
