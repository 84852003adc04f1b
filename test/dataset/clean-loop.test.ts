import { describe, expect, it } from 'vitest';
import { cleanBatch } from '../../src/dataset/clean-batch.js';
import { charsOf, cleanLoop } from '../../src/dataset/clean-loop.js';
import type { Outcome, WorkItem } from '../../src/dataset/clean-record.js';
import { emptyCounts } from '../../src/dataset/counts.js';
import type { OutputFile } from '../../src/dataset/output-file.js';
import type { RecordPool } from '../../src/dataset/record-pool.js';
import type { Sink } from '../../src/dataset/sink.js';
import type { Source, SourceItem } from '../../src/dataset/source.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function source(items: SourceItem[]): Source {
  return {
    items: (async function* () {
      yield* items;
    })(),
    progress: () => ({ done: 0, unit: 'bytes' }),
    close: () => undefined,
  };
}

/** A pool that answers each batch after a random delay, upper-casing lines and rejecting "bad". */
function slowPool() {
  let out = 0;
  let most = 0;
  const pool: RecordPool = {
    workers: 2,
    async run(items: WorkItem[]): Promise<Outcome[]> {
      most = Math.max(most, ++out);
      await sleep(Math.random() * 15);
      out--;
      return items.map((item) => {
        const line = (item as { line: string }).line;
        return line === 'bad' ? { kind: 'rejected', error: 'bad line' } : { kind: 'written', out: `${line.toUpperCase()}\n`, decision: 'allow', wouldBlock: false, findings: ['stage\tcode'] };
      });
    },
    close: async () => undefined,
  };
  return { pool, most: () => most };
}

function collector() {
  let text = '';
  const file: OutputFile = { write: async (data) => void (text += String(data)), commit: async () => text.length, close: async () => undefined, abandon: async () => undefined };
  const sink: Sink = { write: async (record) => void (text += String(record)), pending: () => 0, commit: async () => ({ bytes: text.length }), finish: async () => undefined, abandon: async () => undefined };
  return { file, sink, text: () => text };
}

describe('cleanLoop', () => {
  it('writes outcomes in input order whatever order batches finish in, with a bounded number of batches out', async () => {
    const items: SourceItem[] = Array.from({ length: 200 }, (_, i) => (i % 50 === 9 ? { kind: 'blank' } : i % 40 === 5 ? { kind: 'line', at: { line: i + 1 }, text: 'bad' } : { kind: 'line', at: { line: i + 1 }, text: `r${i}` }));
    const { pool, most } = slowPool();
    const output = collector();
    const rejects = collector();
    const counts = emptyCounts();
    await cleanLoop({ source: source(items), pool, sink: output.sink, rejects: rejects.file, counts, startItem: 0, startOrdinal: 0, batchSize: 3, batchChars: 1e9, maxInFlight: 4 });
    const expected = items.flatMap((item) => (item.kind === 'line' && item.text !== 'bad' ? [`${item.text.toUpperCase()}\n`] : []));
    expect(output.text()).toBe(expected.join(''));
    expect(rejects.text().split('\n').filter(Boolean).map((line) => JSON.parse(line))).toEqual(
      items.flatMap((item) => (item.kind === 'line' && item.text === 'bad' ? [{ ...item.at, error: 'bad line', raw: 'bad' }] : [])),
    );
    expect(most()).toBeLessThanOrEqual(4);
    expect(counts).toMatchObject({ records: 196, written: 191, rejected: 5, blank: 4 });
    expect(counts.findings).toEqual({ 'stage\tcode': 191 });
  });

  it('closes a batch at a number of characters and holds at most maxInFlight × batchChars characters out, so long records cannot fill memory', async () => {
    // Records of 100 to 3,000 characters, a few longer than a whole batch's budget.
    const lengths = Array.from({ length: 300 }, (_, i) => (i % 37 === 0 ? 2_500 : 100 + ((i * 7919) % 900)));
    const items: SourceItem[] = lengths.map((length, i) => ({ kind: 'line', at: { line: i + 1 }, text: String(i % 10).repeat(length) }));
    const batches: number[] = [];
    let out = 0;
    let mostOut = 0;
    const pool: RecordPool = {
      workers: 2,
      async run(work) {
        const chars = work.reduce((sum, item) => sum + (item as { line: string }).line.length, 0);
        batches.push(chars);
        out += chars;
        mostOut = Math.max(mostOut, out);
        await sleep(Math.random() * 5);
        out -= chars;
        return work.map((item) => ({ kind: 'written', out: `${(item as { line: string }).line.length}\n`, decision: 'allow', wouldBlock: false, findings: [] }));
      },
      close: async () => undefined,
    };
    const output = collector();
    await cleanLoop({ source: source(items), pool, sink: output.sink, rejects: output.file, counts: emptyCounts(), startItem: 0, startOrdinal: 0, batchSize: 256, batchChars: 2_000, maxInFlight: 3 });
    expect(output.text()).toBe(lengths.map((length) => `${length}\n`).join(''));
    // A batch ends with the record that reaches the budget: under it plus one record.
    for (const chars of batches) expect(chars).toBeLessThan(2_000 + 2_500);
    expect(batches.length).toBeGreaterThan(300 * 100 / 4_500);
    expect(mostOut).toBeLessThan(3 * 2_000 + 2_500 + 2_000);
  });

  it('raises the error of a failing batch, in its turn', async () => {
    const pool: RecordPool = { workers: 1, run: async () => Promise.reject(new Error('worker died')), close: async () => undefined };
    const output = collector();
    const items: SourceItem[] = Array.from({ length: 10 }, (_, i) => ({ kind: 'line', at: { line: i + 1 }, text: 'x' }));
    await expect(cleanLoop({ source: source(items), pool, sink: output.sink, rejects: output.file, counts: emptyCounts(), startItem: 0, startOrdinal: 0, batchSize: 2, batchChars: 1e9, maxInFlight: 2 })).rejects.toThrow('worker died');
  });

  it('checkpoints after every N input items (blank lines included), with the items and records consumed', async () => {
    const items: SourceItem[] = Array.from({ length: 10 }, (_, i) => (i === 3 ? { kind: 'blank' } : { kind: 'line', at: { line: i + 1 }, text: `r${i}` }));
    const output = collector();
    const saved: [number, number][] = [];
    await cleanLoop({
      source: source(items),
      pool: slowPool().pool,
      sink: output.sink,
      rejects: output.file,
      counts: emptyCounts(),
      startItem: 0,
      startOrdinal: 0,
      batchSize: 4,
      batchChars: 1e9,
      maxInFlight: 2,
      checkpoints: { every: 4, byRowGroup: false, save: async (consumed, ordinal) => void saved.push([consumed, ordinal]) },
    });
    expect(saved).toEqual([
      [4, 3],
      [8, 7],
    ]);
  });
});

describe('cleanBatch', () => {
  it('keeps at most `concurrency` records in flight and returns outcomes in the batch order', async () => {
    let active = 0;
    let most = 0;
    const clean = async (item: WorkItem): Promise<Outcome> => {
      most = Math.max(most, ++active);
      await sleep(Math.random() * 5);
      active--;
      return { kind: 'rejected', error: (item as { line: string }).line };
    };
    const items = Array.from({ length: 30 }, (_, i) => ({ line: String(i) }));
    const outcomes = await cleanBatch(items, clean, 4);
    expect(outcomes.map((outcome) => (outcome as { error: string }).error)).toEqual(items.map((item) => item.line));
    expect(most).toBe(4);
  });
});

describe('charsOf', () => {
  it('counts a Parquet row\'s nested strings and binary values, so chat datasets are bounded in flight too', () => {
    const content = 'x'.repeat(40_000);
    const row = { id: 7n, messages: [{ role: 'user', content }, { role: 'assistant', content: [{ type: 'text', text: content }] }], blob: new Uint8Array(1_000), at: new Date(0), none: null };
    const chars = charsOf({ kind: 'row', at: { row: 1 }, value: row });
    expect(chars).toBeGreaterThanOrEqual(2 * 40_000 + 1_000);
    expect(chars).toBeLessThan(2 * 40_000 + 1_000 + 200);
  });

  it('walks deep nesting without recursion', () => {
    let deep: unknown = 'leaf';
    for (let i = 0; i < 200_000; i++) deep = [deep];
    expect(charsOf({ kind: 'row', at: { row: 1 }, value: { deep } })).toBe(4);
  });

  it('takes a line\'s length and a CSV row\'s text as they are', () => {
    expect(charsOf({ kind: 'line', at: { line: 1 }, text: 'abc' })).toBe(3);
    expect(charsOf({ kind: 'row', at: { row: 1 }, value: { a: 'a long value' }, raw: 'a,b' })).toBe(3);
  });
});
