import { readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { parse } from 'csv-parse/sync';
import { parquetReadObjects } from 'hyparquet';
import { describe, expect, it } from 'vitest';
import { runCli, scratch, VALIDATION_CONFIG } from './run-cli.js';

const fixtures = resolve(import.meta.dirname, '../fixtures/dataset');
const readJsonl = (text: string) => text.split('\n').filter(Boolean).map((line) => JSON.parse(line) as Record<string, unknown>);
const readCsv = (path: string) => parse(readFileSync(path), { columns: true }) as Record<string, string>[];
const readParquet = async (path: string) => (await parquetReadObjects({ file: new Uint8Array(readFileSync(path)).buffer })) as Record<string, unknown>[];
// Characters (control characters removed) and length (over 40 characters blocked): deterministic and quick.
const CONFIG = JSON.stringify({ stages: [{ use: 'characters' }, { use: 'length', maxChars: 40 }], cacheSize: 0 });

describe('promptsieve clean: formats', () => {
  it('cleans CSV with quoted commas, quotes and line breaks, keeps the columns, and rejects a broken row by its line', async () => {
    const dir = scratch({ 'in.csv': readFileSync(join(fixtures, 'mixed.csv')), 'config.json': CONFIG });
    const result = await runCli(['clean', 'in.csv', '-o', 'out.csv', '-c', 'config.json'], { cwd: dir });
    expect(result.code).toBe(0);
    expect(readCsv(join(dir, 'out.csv'))).toEqual([
      { id: '1', text: 'Bonjour, le monde', lang: 'fr', promptsieve_decision: 'allow', promptsieve_blocked_by: '' },
      { id: '2', text: 'A quoted "word" and a line\nbreak', lang: 'en', promptsieve_decision: 'allow', promptsieve_blocked_by: '' },
      { id: '3', text: '', lang: 'en', promptsieve_decision: 'block', promptsieve_blocked_by: 'length' },
      { id: '5', text: 'Plain text', lang: 'en', promptsieve_decision: 'allow', promptsieve_blocked_by: '' },
    ]);
    expect(readJsonl(readFileSync(join(dir, 'out.csv.rejects.jsonl'), 'utf8'))).toEqual([{ line: 6, error: 'row has 4 fields; the header has 3', raw: '4,too,many,fields' }]);
    expect(result.stderr).toContain('promptsieve clean: 5 records');
    expect(result.stderr).toContain('allow 3, modify 0, block 1, rejected 1\n  1 blank line skipped');
  });

  it('converts between formats by file name: JSONL.gz → Parquet → CSV.gz → JSONL keeps every record and field', async () => {
    const records = Array.from({ length: 300 }, (_, i) => ({ id: i, text: i % 7 === 0 ? `bell\u0007 ${i}` : `record ${i}, "quoted"\nline two`, score: i / 4, tags: ['a', String(i)] }));
    const dir = scratch({ 'in.jsonl.gz': gzipSync(records.map((record) => JSON.stringify(record)).join('\n')), 'config.json': CONFIG });
    for (const [from, to] of [
      ['in.jsonl.gz', 'a.parquet'],
      ['a.parquet', 'b.csv.gz'],
      ['b.csv.gz', 'c.jsonl'],
    ]) {
      const step = await runCli(['clean', from!, '-o', to!, '-c', 'config.json', '--workers', '2', '--row-group-size', '64'], { cwd: dir });
      expect(step.stderr).toContain('promptsieve clean: 300 records');
      expect(step.code).toBe(0);
    }
    const parquet = await readParquet(join(dir, 'a.parquet'));
    expect(parquet[0]).toEqual({ id: 0n, text: 'bell 0', score: 0, tags: ['a', '0'], promptsieve_decision: 'modify', promptsieve_blocked_by: null });
    const csv = parse(gunzipSync(readFileSync(join(dir, 'b.csv.gz'))), { columns: true }) as Record<string, string>[];
    expect(csv[1]).toMatchObject({ id: '1', text: 'record 1, "quoted"\nline two', score: '0.25', tags: '["a","1"]' });
    const back = readJsonl(readFileSync(join(dir, 'c.jsonl'), 'utf8'));
    // CSV holds text: every value comes back as the string it was written as, in input order.
    expect(back.map((record) => Number(record.id))).toEqual(records.map((record) => record.id));
    expect(back.map((record) => record.text)).toEqual(records.map((record) => record.text.replace('\u0007', '')));
    // Each pass replaces the verdict columns: the second one found record 7 already clean.
    expect(back[7]).toMatchObject({ promptsieve_decision: 'allow', promptsieve: { decision: 'allow' } });
    expect(parquet[7]).toMatchObject({ promptsieve_decision: 'modify' });
  });

  it('keeps Parquet types through Parquet → Parquet and adds the report as a JSON column with --keep-report', async () => {
    const dir = scratch({ 'in.jsonl': '{"id":1,"text":"ok","n":2.5}\n{"id":2,"text":"a text that is far too long for forty characters","n":1}\n', 'config.json': CONFIG });
    await runCli(['clean', 'in.jsonl', '-o', 'a.parquet', '-c', 'config.json', '--text-only'], { cwd: dir });
    expect(await readParquet(join(dir, 'a.parquet'))).toEqual([{ text: 'ok' }, { text: null }]);
    await runCli(['clean', 'in.jsonl', '-o', 'b.parquet', '-c', 'config.json'], { cwd: dir });
    const result = await runCli(['clean', 'b.parquet', '-o', 'c.parquet', '-c', 'config.json', '--keep-report'], { cwd: dir });
    expect(result.code).toBe(0);
    // Row 2's text was nulled by the first pass; a null text is a reject, not a record.
    expect(readJsonl(readFileSync(join(dir, 'c.parquet.rejects.jsonl'), 'utf8'))).toEqual([
      { row: 2, error: 'field "text" is null, not a string', raw: { id: 2, text: null, n: 1, promptsieve_decision: 'block', promptsieve_blocked_by: 'length' } },
    ]);
    const [row] = await readParquet(join(dir, 'c.parquet'));
    expect(row).toMatchObject({ id: 1n, text: 'ok', n: 2.5, promptsieve_decision: 'allow', promptsieve_blocked_by: null });
    expect(JSON.parse(row!.promptsieve_report as string)).toEqual({ segments: [{ path: 'text', role: 'user', decision: 'allow', stages: [expect.objectContaining({ stage: 'characters' }), expect.objectContaining({ stage: 'length' })] }] });
  });

  it('cleans chat messages with a role filter, and rejects conversations of the wrong shape', async () => {
    const dir = scratch({ 'chats.jsonl': readFileSync(join(fixtures, 'chats.jsonl')), 'config.json': CONFIG });
    const result = await runCli(['clean', 'chats.jsonl', '-o', 'out.jsonl', '-c', 'config.json', '--field', 'messages[*].content', '--roles', 'user,tool', '--drop-blocked'], { cwd: dir });
    expect(result.code).toBe(0);
    const out = readJsonl(readFileSync(join(dir, 'out.jsonl'), 'utf8'));
    expect(out.map((record) => [record.id, (record.promptsieve as { decision: string }).decision])).toEqual([
      ['c1', 'allow'],
      ['c3', 'modify'],
    ]);
    // The system prompt is over forty characters but not scanned; the image part is left alone.
    expect(out[0]!.messages).toEqual(JSON.parse(readFileSync(join(fixtures, 'chats.jsonl'), 'utf8').split('\n')[0]!).messages);
    expect((out[1]!.messages as { content: unknown }[])[0]!.content).toEqual([{ type: 'text', text: 'What is in this picture?' }, { type: 'image_url', image_url: { url: 'https://example.test/cat.png' } }]);
    const rejects = readJsonl(readFileSync(join(dir, 'out.jsonl.rejects.jsonl'), 'utf8'));
    expect(rejects.map(({ line, error }) => [line, error])).toEqual([
      [2, 'blocked by length'],
      [4, 'field "messages[*].content": messages is a string, not an array'],
      [5, 'field "messages[*].content" is missing'],
      [6, 'field "messages[*].content" is a number, not a string (at messages[0].content)'],
    ]);
    expect(rejects[0]!.report).toMatchObject({ segments: [{ path: 'messages[0].content', role: 'user', decision: 'block', blockedBy: 'length' }] });
    // Every record is somewhere: written, or in the rejects file with why.
    expect(out.length + rejects.length).toBe(6);
    expect(result.stderr).toContain('allow 1, modify 1, block 1 (1 dropped to the rejects file), rejected 3');
  });

  it('reads gzip by its bytes whatever the name, writes only the texts with --text-only, and keeps input order over workers', async () => {
    const records = Array.from({ length: 2000 }, (_, i) => JSON.stringify({ id: i, text: `t${i}\u0001` }));
    const dir = scratch({ 'in.jsonl': gzipSync(records.join('\n')), 'config.json': CONFIG });
    const result = await runCli(['clean', 'in.jsonl', '-o', 'out.csv', '-c', 'config.json', '--text-only', '--workers', '2', '--batch-size', '7'], { cwd: dir });
    expect(result.code).toBe(0);
    expect(readCsv(join(dir, 'out.csv'))).toEqual(records.map((_, i) => ({ text: `t${i}` })));
  });

  it('keeps a blocked record of a one-column CSV as a row ("") that CSV readers and clean read back, not a blank line', async () => {
    const dir = scratch({ 'in.jsonl': '{"text":"ok"}\n{"text":"a text that is far too long for forty characters"}\n{"text":"fine"}\n', 'config.json': CONFIG });
    const first = await runCli(['clean', 'in.jsonl', '-o', 'out.csv', '-c', 'config.json', '--text-only'], { cwd: dir });
    expect(first.code).toBe(0);
    expect(readFileSync(join(dir, 'out.csv'), 'utf8')).toBe('text\nok\n""\nfine\n');
    // csv-parse skips blank lines, as Python's DictReader does: a blank row would lose the record.
    expect(parse(readFileSync(join(dir, 'out.csv')), { columns: true, skip_empty_lines: true })).toHaveLength(3);
    const again = await runCli(['clean', 'out.csv', '-o', 'again.csv', '-c', 'config.json', '--text-only'], { cwd: dir });
    expect(again.stderr).toContain('promptsieve clean: 3 records');
    expect(again.stderr).not.toContain('blank line');
  });

  it('cleans an empty CSV file as no records, as it does an empty JSONL file, instead of failing on its missing columns', async () => {
    const dir = scratch({ 'empty.csv': '', 'config.json': CONFIG });
    const result = await runCli(['clean', 'empty.csv', '-o', 'out.jsonl', '-c', 'config.json'], { cwd: dir });
    expect(result.stderr).toContain('promptsieve clean: 0 records');
    expect(result.code).toBe(0);
    expect(readFileSync(join(dir, 'out.jsonl'), 'utf8')).toBe('');
  });

  it.each([
    [['clean', 'mixed.csv', '-o', 'out.jsonl', '--field', 'body'], /--field "body": mixed\.csv has no such column \(its columns: id, text, lang\)/],
    [['clean', 'mixed.csv', '-o', 'out.jsonl', '--field', 'text.inner'], /--field "text\.inner": mixed\.csv has no such column/],
    [['clean', 'data.txt', '-o', 'out.jsonl'], /data\.txt: cannot tell the input format from the file name/],
    [['clean', 'mixed.csv', '-o', 'out.jsonl', '--roles', 'user,boss'], /--roles "user,boss": unknown role "boss"/],
    [['clean', 'mixed.csv', '-o', 'out.jsonl', '--shard', '3/2'], /--shard "3\/2" is not I\/N/],
    [['clean', 'mixed.csv', '-o', 'out.jsonl', '--text-only', '--keep-report'], /option '--text-only' cannot be used with option '--keep-report'/],
    [['clean', '-', '-o', 'out.jsonl', '--resume'], /--resume needs an input file and an output file/],
  ])('exits 1 before writing anything for %j', async (args, message) => {
    const dir = scratch({ 'mixed.csv': readFileSync(join(fixtures, 'mixed.csv')), 'data.txt': 'x' });
    const result = await runCli(args, { cwd: dir });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(message);
    expect(readdirSync(dir).sort()).toEqual(['data.txt', 'mixed.csv']);
  });

  it('stops with the stage error, and leaves nothing, when the workers cannot load their pipeline', { timeout: 60_000 }, async () => {
    const dir = scratch({ 'in.jsonl': '{"text":"a"}\n'.repeat(100), 'config.json': JSON.stringify({ stages: [{ use: 'model', model: 'no-such-model' }] }) });
    const result = await runCli(['clean', 'in.jsonl', '-o', 'out.jsonl', '-c', 'config.json', '--workers', '2'], { cwd: dir });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('Stage "model" failed to initialise:');
    expect(result.stderr).toContain('ERR_SIEVE_NOT_READY');
    expect(readdirSync(dir).sort()).toEqual(['config.json', 'in.jsonl']);
  });

  it('writes a VALIDATION-config run the same with 0, 1 and 2 workers', async () => {
    const input = Array.from({ length: 500 }, (_, i) => JSON.stringify({ id: i, text: i % 5 ? `x${i}` : 'twenty-one characters' })).join('\n');
    const dir = scratch({ 'in.jsonl': input, 'config.json': VALIDATION_CONFIG });
    const outputs: string[] = [];
    for (const workers of ['0', '1', '2']) {
      await runCli(['clean', 'in.jsonl', '-o', `out-${workers}.jsonl`, '-c', 'config.json', '--workers', workers, '--batch-size', '16'], { cwd: dir });
      outputs.push(readFileSync(join(dir, `out-${workers}.jsonl`), 'utf8'));
    }
    expect(outputs[0]!.split('\n')).toHaveLength(501);
    expect(outputs[1]).toBe(outputs[0]);
    expect(outputs[2]).toBe(outputs[0]);
  });
});
