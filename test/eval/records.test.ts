import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { parseRecordPath } from '../../src/eval/record-path.js';
import { parseLabelMap } from '../../src/eval/labels.js';
import { labelRecords, readJsonlRows, type RecordFields, type Row } from '../../src/eval/records.js';
import type { EvalInput } from '../../src/eval/types.js';

async function all<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}
async function* rowsOf(values: unknown[]): AsyncGenerator<Row> {
  for (const [i, value] of values.entries()) yield { where: `mem:${i + 1}`, value };
}
const fields = (extra: Partial<RecordFields> = {}): RecordFields => ({
  text: parseRecordPath('--field', 'text'),
  label: parseRecordPath('--field', 'label'),
  labels: parseLabelMap(['injection=1', 'benign=0']),
  category: parseRecordPath('--field', 'category'),
  ...extra,
});

describe('labelRecords', () => {
  it('turns rows into labelled records, with the default source and the category when present', async () => {
    const records = await all(labelRecords(rowsOf([{ text: 'a', label: 1, category: 'direct' }, { text: 'b', label: 'benign' }]), fields(), 'mine.jsonl'));
    expect(records).toEqual([
      { text: 'a', label: 'injection', category: 'direct', source: 'mine.jsonl', where: 'mem:1' },
      { text: 'b', label: 'benign', source: 'mine.jsonl', where: 'mem:2' },
    ]);
  });

  it('reads text, label and source at nested paths', async () => {
    const nested = fields({ text: parseRecordPath('--field', 'input.prompt'), label: parseRecordPath('--field', 'meta.y'), source: parseRecordPath('--field', 'meta.origin') });
    const [record] = await all(labelRecords(rowsOf([{ input: { prompt: 'p' }, meta: { y: 0, origin: 'crawl' } }]), nested, 'file'));
    expect(record).toEqual({ text: 'p', label: 'benign', source: 'crawl', where: 'mem:1' });
  });

  it('counts records without a text, with an unknown or missing label, as skipped with the reason', async () => {
    const records = await all(
      labelRecords(
        rowsOf([{ text: 5, label: 1 }, { text: 'x', label: 'spam' }, { text: 'x' }, { text: 'x', label: 'z'.repeat(80) }, 'not an object']),
        fields(),
        'f',
      ),
    );
    expect(records).toEqual<EvalInput[]>([
      { skipped: 'missing_text', where: 'mem:1', detail: 'no string at "text"' },
      { skipped: 'unknown_label', where: 'mem:2', detail: 'unknown label "spam"; map it with --label-map' },
      { skipped: 'unknown_label', where: 'mem:3', detail: 'no label at "label"' },
      // A long label is more likely a wrongly chosen text field: described, never quoted.
      { skipped: 'unknown_label', where: 'mem:4', detail: 'unknown label (a string of 80 characters)' },
      { skipped: 'missing_text', where: 'mem:5', detail: 'no string at "text"' },
    ]);
  });

  it('passes unreadable rows on as skipped', async () => {
    async function* broken(): AsyncGenerator<Row> {
      yield { where: 'f:1', error: 'not valid JSON' };
    }
    expect(await all(labelRecords(broken(), fields(), 'f'))).toEqual([{ skipped: 'unreadable', where: 'f:1', detail: 'not valid JSON' }]);
  });
});

describe('readJsonlRows', () => {
  const dir = mkdtempSync(join(tmpdir(), 'promptsieve-eval-'));
  const lines = '{"text":"a","label":"benign"}\r\n\n{"text": oops\n{"text":"' + 'x'.repeat(100) + '"}\n';

  it('parses each line, skips blank lines, and names bad lines by file and number without quoting them', async () => {
    writeFileSync(join(dir, 'plain.jsonl'), lines);
    expect(await all(readJsonlRows(join(dir, 'plain.jsonl'), 64))).toEqual([
      { where: 'plain.jsonl:1', value: { text: 'a', label: 'benign' } },
      { where: 'plain.jsonl:3', error: 'not valid JSON' },
      { where: 'plain.jsonl:4', error: 'line is longer than 64 bytes' },
    ]);
  });

  it('reads gzip-compressed JSONL', async () => {
    writeFileSync(join(dir, 'packed.jsonl.gz'), gzipSync(lines));
    const rows = await all(readJsonlRows(join(dir, 'packed.jsonl.gz'), 1024));
    expect(rows.map((row) => row.where)).toEqual(['packed.jsonl.gz:1', 'packed.jsonl.gz:3', 'packed.jsonl.gz:4']);
  });

  it('fails with ERR_SIEVE_INPUT on a missing file or a broken gzip stream', async () => {
    await expect(all(readJsonlRows(join(dir, 'absent.jsonl'), 64))).rejects.toMatchObject({ code: 'ERR_SIEVE_INPUT', message: expect.stringContaining('ENOENT') });
    writeFileSync(join(dir, 'broken.jsonl.gz'), gzipSync(lines).subarray(0, 20));
    await expect(all(readJsonlRows(join(dir, 'broken.jsonl.gz'), 1024))).rejects.toMatchObject({ code: 'ERR_SIEVE_INPUT' });
  });
});
