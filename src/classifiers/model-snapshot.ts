import { createHash } from 'node:crypto';
import { constants, createWriteStream, rmSync } from 'node:fs';
import { mkdir, mkdtemp, open, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { SieveError } from '../errors.js';
import type { VerifiedModel } from './model-store.js';

/**
 * The bytes that are loaded must be the bytes that were verified. A model directory can change after
 * `verifyModelDir` read it and before the loader reads it again (time of check to time of use), so the
 * files a load needs are copied into a fresh private directory, hashed as they are copied, and loaded
 * from there: what is written is exactly what was hashed, and nobody else can write there.
 */
export type ModelSnapshot = {
  /** The private directory (mode 0700, created by mkdtemp): load from here. */
  dir: string;
  /**
   * A `cache_dir` for transformers.js that never exists. Its file cache is consulted before the directory,
   * at `<cache_dir>/<absolute path of the file>`; the default one (`env.cacheDir`) could shadow any file.
   */
  noCache: string;
  /** Whether `path` is one of the verified files (only those can be copied). */
  has(path: string): boolean;
  /** Copies one verified file, refusing it when its bytes no longer match the verified SHA-256. */
  copy(path: string): Promise<void>;
  /**
   * Removes the snapshot; the loader has read what it needs by then. Never rejects: it runs in a `finally`,
   * where a rejection would replace the load's own error. A directory it could not remove is retried at exit.
   */
  remove(): Promise<void>;
};

/**
 * Test seams, not exported by the package: code a test runs between the steps of a load, to change the
 * model directory where an attacker could.
 */
export const snapshotSeams: {
  /** Runs after `verifyModelDir`, before the snapshot is copied. */
  afterVerify?: () => Promise<void>;
  /** Runs once the snapshot is written, before transformers.js reads it. */
  beforeLoad?: (snapshotDir: string) => Promise<void>;
  /** Runs right after mkdtemp, before the snapshot is handed out: where a failure must not leave the directory. */
  afterMkdtemp?: (snapshotDir: string) => Promise<void>;
  /** The parent of the snapshot directories instead of `os.tmpdir()`, so that a test can see only its own. */
  tmpdir?: string;
} = {};

// Snapshots not yet removed. A process that exits mid-load (process.exit, the CLI's fatal path) skips the
// loader's `finally`, so what is left here is removed synchronously on `exit`, the last chance there is.
const live = new Set<string>();
let exitHook = false;

function track(dir: string): void {
  live.add(dir);
  if (exitHook) return;
  exitHook = true;
  process.once('exit', () => {
    for (const left of live) {
      try {
        rmSync(left, { recursive: true, force: true });
      } catch {
        // Nothing can be reported while the process exits.
      }
    }
  });
}

/** Removes `dir`; returns whether it is gone. Retries the transient EBUSY / ENOTEMPTY of a busy file system. */
async function removeDir(dir: string): Promise<boolean> {
  try {
    await rm(dir, { recursive: true, force: true, maxRetries: 3 });
    live.delete(dir);
    return true;
  } catch {
    return false;
  }
}

// A link swapped in after verification is not followed (0 where the platform has no O_NOFOLLOW).
const READ_FLAGS = constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0);

export async function createModelSnapshot(verified: VerifiedModel): Promise<ModelSnapshot> {
  const dir = await mkdtemp(join(snapshotSeams.tmpdir ?? tmpdir(), 'promptsieve-model-'));
  track(dir);
  try {
    await snapshotSeams.afterMkdtemp?.(dir);
    return snapshotOf(verified, dir);
  } catch (error) {
    // The caller never gets the directory, so nobody else would remove it; its own error is what it sees.
    await removeDir(dir);
    throw error;
  }
}

function snapshotOf(verified: VerifiedModel, dir: string): ModelSnapshot {
  const expected = new Map(verified.files.map((file) => [file.path, file.sha256]));
  return {
    dir,
    noCache: join(dir, 'no-cache'),
    has: (path) => expected.has(path),
    async copy(path) {
      const sha256 = expected.get(path);
      if (sha256 === undefined) throw new SieveError('ERR_SIEVE_MODEL_VERIFY', `"${path}" was not verified, so it is not loaded.`);
      const found = await copyHashing(join(verified.dir, path), join(dir, path));
      if (found !== sha256) {
        throw new SieveError(
          'ERR_SIEVE_MODEL_VERIFY',
          `"${path}" changed after it was verified (expected ${sha256.slice(0, 12)}…, found ${found.slice(0, 12)}…); the model is not loaded.`,
        );
      }
    },
    async remove() {
      await removeDir(dir);
    },
  };
}

/** Streams `from` to a new file `to` and returns the SHA-256 of exactly the bytes written. */
async function copyHashing(from: string, to: string): Promise<string> {
  await mkdir(dirname(to), { recursive: true, mode: 0o700 });
  const hash = createHash('sha256');
  const hashing = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      hash.update(chunk);
      done(null, chunk);
    },
  });
  const source = await open(from, READ_FLAGS);
  // `wx`: the file must be new, so nothing placed there beforehand is written through. The stream closes `source`.
  await pipeline(source.createReadStream(), hashing, createWriteStream(to, { flags: 'wx', mode: 0o600 }));
  return hash.digest('hex');
}
