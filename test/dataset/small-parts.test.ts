import { describe, expect, it } from 'vitest';
import { formatOf } from '../../src/dataset/format.js';
import { inShard, parseShard } from '../../src/dataset/shard.js';
import { fromTaggedJson, toTaggedJson } from '../../src/dataset/tagged-json.js';
import { toJsonSafe } from '../../src/dataset/json-safe.js';
import { duration } from '../../src/dataset/progress.js';

describe('formatOf', () => {
  it.each([
    ['a.jsonl', { kind: 'jsonl', gzip: false }],
    ['a.ndjson.gz', { kind: 'jsonl', gzip: true }],
    ['A.CSV', { kind: 'csv', gzip: false }],
    ['a.csv.gz', { kind: 'csv', gzip: true }],
    ['a.parquet', { kind: 'parquet', gzip: false }],
    ['-', { kind: 'jsonl', gzip: false }],
  ])('reads %s as %j', (path, format) => {
    expect(formatOf(path, undefined, 'input')).toEqual(format);
  });

  it('lets --format override the name, and says what to do when the name does not tell', () => {
    expect(formatOf('dump.txt', 'csv.gz', 'input')).toEqual({ kind: 'csv', gzip: true });
    expect(() => formatOf('dump.txt', undefined, 'input')).toThrow(/cannot tell the input format from the file name/);
    expect(() => formatOf('a.json', undefined, 'output')).toThrow(/a \.json file is one JSON document/);
    expect(() => formatOf('a.parquet.gz', undefined, 'input')).toThrow(/a gzipped Parquet file is not read or written/);
  });
});

describe('shards', () => {
  it('parses I/N and refuses what is not one', () => {
    expect(parseShard('2/3')).toEqual({ index: 2, count: 3 });
    for (const bad of ['0/3', '4/3', '1/0', '1-3', 'a/b', '']) expect(() => parseShard(bad)).toThrow(/is not I\/N/);
  });

  it('gives every ordinal to exactly one of N shards', () => {
    const shards = [1, 2, 3].map((index) => ({ index, count: 3 }));
    for (let ordinal = 0; ordinal < 100; ordinal++) expect(shards.filter((shard) => inShard(shard, ordinal))).toHaveLength(1);
    expect(inShard(undefined, 5)).toBe(true);
  });
});

describe('tagged JSON', () => {
  it('keeps 64-bit integers, bytes and dates through a round trip', () => {
    const value = { n: 2n ** 63n - 1n, bytes: new Uint8Array([0, 255]), at: new Date(5), list: [1n, 'x', null], plain: { $bigint: 1 } };
    expect(fromTaggedJson(toTaggedJson(value))).toEqual(value);
  });
});

describe('toJsonSafe', () => {
  it('turns Parquet values into JSON values and leaves JSON values alone', () => {
    expect(toJsonSafe({ a: 1n, b: 2n ** 60n, c: [new Date(0)], d: 'x', e: Number.NaN })).toEqual({ a: 1, b: '1152921504606846976', c: ['1970-01-01T00:00:00.000Z'], d: 'x', e: null });
  });
});

describe('duration', () => {
  it.each([
    [4.4, '4s'],
    [75, '1m15s'],
    [3 * 3600 + 125, '3h02m'],
  ])('writes %s s as %s', (seconds, text) => {
    expect(duration(seconds)).toBe(text);
  });
});
