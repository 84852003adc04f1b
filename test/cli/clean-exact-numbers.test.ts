import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { parquetReadObjects } from 'hyparquet';
import { describe, expect, it } from 'vitest';
import { runCli, scratch, VALIDATION_CONFIG } from './run-cli.js';

// Ordinary records mixed with 64-bit ids (beyond 2^53; one beyond 2^63) and a number beyond a float's range.
const LINES = [
  '{"id":1,"text":"plain","n":0.5}',
  '{"id":12345678901234567890,"text":"snowflake","n":2}',
  '{"id":1234567890123456789,"text":"tweet\\u0007","n":3}',
  '{"id":2,"text":"overflow","n":1e400}',
  '{"id":9007199254740993,"text":"a text far longer than twenty characters","n":4}',
  '{"id":3,"text":"last","n":-12345678901234567890123e-3}',
  'not json',
];
const INPUT = `${LINES.join('\n')}\n`;
const idText = (line: string) => /"id":(-?[\d.eE+-]+)/.exec(line)?.[1];
const nText = (line: string) => /"n":(-?[\d.eE+-]+)/.exec(line)?.[1];
const lines = (path: string) => readFileSync(path, 'utf8').split('\n').filter(Boolean);

describe('promptsieve clean: numbers a float cannot hold', () => {
  it('writes 64-bit ids and 1e400 to JSONL byte for byte, in workers too: records in = records out + rejects', async () => {
    const dir = scratch({ 'in.jsonl': INPUT, 'config.json': VALIDATION_CONFIG });
    const result = await runCli(['clean', 'in.jsonl', '-o', 'out.jsonl', '-c', 'config.json', '--workers', '2', '--batch-size', '2'], { cwd: dir });
    expect(result.code).toBe(0);
    const out = lines(join(dir, 'out.jsonl'));
    const rejects = lines(join(dir, 'out.jsonl.rejects.jsonl'));
    expect(out.length + rejects.length).toBe(LINES.length);
    expect(rejects.map((line) => JSON.parse(line).line)).toEqual([7]);
    expect(out.map(idText)).toEqual(LINES.slice(0, 6).map(idText));
    expect(out.map(nText)).toEqual(LINES.slice(0, 6).map(nText));
    expect(out[2]).toBe('{"id":1234567890123456789,"text":"tweet","n":3,"promptsieve":{"decision":"modify"}}');
    expect(out[4]).toBe('{"id":9007199254740993,"text":null,"n":4,"promptsieve":{"decision":"block","blockedBy":"length"}}');
    expect(result.stderr).toContain('allow 4, modify 1, block 1, rejected 1');
  });

  it('keeps them exact with --keep-report and --drop-blocked, and leaves them out with --text-only', async () => {
    const dir = scratch({ 'in.jsonl': INPUT, 'config.json': VALIDATION_CONFIG });
    expect((await runCli(['clean', 'in.jsonl', '-o', 'a.jsonl', '-c', 'config.json', '--keep-report', '--drop-blocked'], { cwd: dir })).code).toBe(0);
    const out = lines(join(dir, 'a.jsonl'));
    const rejects = lines(join(dir, 'a.jsonl.rejects.jsonl')).map((line) => JSON.parse(line) as { line: number; raw: string });
    expect(out.length + rejects.length).toBe(LINES.length);
    expect(out.map(idText)).toEqual(['1', '12345678901234567890', '1234567890123456789', '2', '3']);
    expect(JSON.parse(out[1]!).promptsieve.report.segments[0].path).toBe('text');
    // The dropped record keeps its line as it was.
    expect(rejects.map(({ line, raw }) => [line, raw])).toEqual([[5, LINES[4]], [7, 'not json']]);

    expect((await runCli(['clean', 'in.jsonl', '-o', 'b.jsonl', '-c', 'config.json', '--text-only'], { cwd: dir })).code).toBe(0);
    expect(lines(join(dir, 'b.jsonl'))).toEqual(['{"text":"plain"}', '{"text":"snowflake"}', '{"text":"tweet"}', '{"text":"overflow"}', '{"text":null}', '{"text":"last"}']);
  });

  it('writes them to CSV as their digits', async () => {
    const dir = scratch({ 'in.jsonl': INPUT, 'config.json': VALIDATION_CONFIG });
    const result = await runCli(['clean', 'in.jsonl', '-o', 'out.csv', '-c', 'config.json', '--workers', '2'], { cwd: dir });
    expect(result.code).toBe(0);
    const rows = parse(readFileSync(join(dir, 'out.csv')), { columns: true }) as Record<string, string>[];
    expect(rows.map((row) => [row.id, row.n])).toEqual(LINES.slice(0, 6).map((line) => [idText(line), nText(line)]));
    expect(lines(join(dir, 'out.csv.rejects.jsonl'))).toHaveLength(1);
  });

  it('writes 64-bit ids to Parquet as INT64, and rejects what no Parquet column holds exactly, naming the field', async () => {
    const dir = scratch({ 'in.jsonl': INPUT, 'config.json': VALIDATION_CONFIG });
    const result = await runCli(['clean', 'in.jsonl', '-o', 'out.parquet', '-c', 'config.json', '--workers', '2'], { cwd: dir });
    expect(result.code).toBe(0);
    const rows = (await parquetReadObjects({ file: new Uint8Array(readFileSync(join(dir, 'out.parquet'))).buffer })) as Record<string, unknown>[];
    expect(rows.map((row) => row.id)).toEqual([1n, 1234567890123456789n, 9007199254740993n]);
    const rejects = lines(join(dir, 'out.parquet.rejects.jsonl')).map((line) => JSON.parse(line) as { line: number; error: string; raw: string });
    expect(rows.length + rejects.length).toBe(LINES.length);
    expect(rejects.map(({ line, error }) => [line, error])).toEqual([
      [2, expect.stringMatching(/^field "id" is 12345678901234567890, which no Parquet column holds exactly/)],
      [4, expect.stringMatching(/^field "n" is 1e400, which no Parquet column holds exactly/)],
      [6, expect.stringMatching(/^field "n" is -12345678901234567890123e-3, which no Parquet column holds exactly/)],
      [7, expect.stringMatching(/^not valid JSON/)],
    ]);
    expect(rejects[0]!.raw).toBe(LINES[1]);
  });
});
