import { open, readFile, rename, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { SieveError } from '../errors.js';
import type { CleanCounts } from './counts.js';
import { fromTaggedJson, toTaggedJson } from './tagged-json.js';

/**
 * A sidecar file that lets `--resume` continue an interrupted run: how many input items were
 * consumed, how many output and rejects bytes hold their results (fsynced before the checkpoint is
 * written), the counts so far and the sink's state. `key` describes the input and every option that
 * changes the output; a checkpoint made with other ones is refused.
 */
export type Checkpoint = {
  version: 1;
  key: string;
  /** Input items consumed (lines, blank ones included; rows). */
  consumed: number;
  /** Records seen (their ordinals decide the shard). */
  ordinal: number;
  outputBytes: number;
  rejectsBytes: number;
  counts: CleanCounts;
  sink?: unknown;
};

export async function readCheckpoint(path: string): Promise<Checkpoint | undefined> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (cause) {
    if ((cause as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new SieveError('ERR_SIEVE_INPUT', `cannot read the checkpoint ${path} (${(cause as NodeJS.ErrnoException).code ?? 'error'})`, { cause });
  }
  try {
    const checkpoint = fromTaggedJson(text) as Checkpoint;
    if (checkpoint.version !== 1 || typeof checkpoint.consumed !== 'number') throw new Error('unknown version');
    return checkpoint;
  } catch (cause) {
    throw new SieveError('ERR_SIEVE_INPUT', `the checkpoint ${path} is damaged.`, { cause, help: `Delete ${path} to start over.` });
  }
}

/** Writes the checkpoint atomically and durably: a temporary file, fsync, rename, fsync of the directory. */
export async function writeCheckpoint(path: string, checkpoint: Checkpoint): Promise<void> {
  const temporary = `${path}.tmp`;
  const handle = await open(temporary, 'w');
  try {
    await handle.writeFile(toTaggedJson(checkpoint));
    await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(temporary, path);
  await syncDirectory(dirname(path));
}

export async function removeCheckpoint(path: string): Promise<void> {
  await rm(path, { force: true });
  await rm(`${path}.tmp`, { force: true });
}

async function syncDirectory(path: string): Promise<void> {
  const handle = await open(path, 'r');
  try {
    await handle.sync();
  } catch {
    // Some file systems cannot fsync a directory; the rename is then as durable as they make it.
  } finally {
    await handle.close();
  }
}
