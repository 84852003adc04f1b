import { SieveError } from '../errors.js';

/** `--shard I/N`: this run takes records I, I+N, I+2N, … (1-based), so N runs split one input. */
export type Shard = { index: number; count: number };

export function parseShard(text: string): Shard {
  const match = /^(\d{1,6})\/(\d{1,6})$/.exec(text.trim());
  const index = Number(match?.[1]);
  const count = Number(match?.[2]);
  if (!match || count < 1 || index < 1 || index > count) {
    throw new SieveError('ERR_SIEVE_CONFIG', `--shard "${text}" is not I/N with 1 ≤ I ≤ N.`, { help: 'E.g. --shard 2/4 takes the second of four slices.' });
  }
  return { index, count };
}

/**
 * Whether the record with this 0-based ordinal belongs to the shard. By ordinal modulo N: every shard
 * gets an even share without knowing the input's size, and any N machines reading the same input
 * take every record exactly once between them.
 */
export const inShard = (shard: Shard | undefined, ordinal: number): boolean => shard === undefined || ordinal % shard.count === shard.index - 1;
