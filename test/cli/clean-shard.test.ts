import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parquetReadObjects } from 'hyparquet';
import { describe, expect, it } from 'vitest';
import { runCli, scratch } from './run-cli.js';

const CONFIG = JSON.stringify({ stages: [{ use: 'characters' }, { use: 'length', maxChars: 30 }], cacheSize: 0 });
const readJsonl = (path: string) => readFileSync(path, 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line) as Record<string, unknown>);

describe('promptsieve clean --shard', () => {
  it('splits one input into N slices whose outputs and rejects hold every record exactly once', { timeout: 120_000 }, async () => {
    const lines: string[] = [];
    for (let i = 0; i < 1000; i++) {
      if (i % 50 === 7) lines.push(`{"id":${i},"broken`);
      else if (i % 90 === 3) lines.push('   ');
      else lines.push(JSON.stringify({ id: i, text: i % 9 === 0 ? `a text of record ${i} that is over the limit` : `record ${i}` }));
    }
    const dir = scratch({ 'in.jsonl': `${lines.join('\n')}\n`, 'config.json': CONFIG });
    const N = 3;
    const written: number[] = [];
    const rejected: number[] = [];
    for (let shard = 1; shard <= N; shard++) {
      const result = await runCli(['clean', 'in.jsonl', '-o', `part-${shard}.jsonl`, '-c', 'config.json', '--shard', `${shard}/${N}`, '--workers', shard === 2 ? '2' : '0'], { cwd: dir });
      expect(result.code).toBe(0);
      expect(result.stderr).toMatch(new RegExp(`shard ${shard}/${N}: [\\d,]+ records of other shards left out`));
      written.push(...readJsonl(join(dir, `part-${shard}.jsonl`)).map((record) => record.id as number));
      rejected.push(...readJsonl(join(dir, `part-${shard}.jsonl.rejects.jsonl`)).map((reject) => reject.line as number));
    }
    const blank = lines.map((line, index) => (line.trim() === '' ? index : -1)).filter((index) => index >= 0);
    const broken = lines.map((line, index) => (line.includes('broken') ? index : -1)).filter((index) => index >= 0);
    // Every id once, across the shards; every broken line once, as a reject with its line number.
    expect([...written].sort((a, b) => a - b)).toEqual(Array.from({ length: 1000 }, (_, i) => i).filter((i) => !blank.includes(i) && !broken.includes(i)));
    expect([...rejected].sort((a, b) => a - b)).toEqual(broken.map((index) => index + 1));
    // Even slices: records are dealt out by their position, not their content.
    const sizes = [1, 2, 3].map((shard) => readJsonl(join(dir, `part-${shard}.jsonl`)).length + readJsonl(join(dir, `part-${shard}.jsonl.rejects.jsonl`)).length);
    expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
  });

  it('shards a Parquet input by row the same way', { timeout: 120_000 }, async () => {
    const dir = scratch({ 'in.jsonl': Array.from({ length: 100 }, (_, i) => JSON.stringify({ id: i, text: `t${i}` })).join('\n'), 'config.json': CONFIG });
    await runCli(['clean', 'in.jsonl', '-o', 'in.parquet', '-c', 'config.json', '--text-only', '--field', 'text', '--row-group-size', '16'], { cwd: dir });
    const ids: string[] = [];
    for (const shard of ['1/2', '2/2']) {
      const out = `part-${shard[0]}.parquet`;
      expect((await runCli(['clean', 'in.parquet', '-o', out, '-c', 'config.json', '--shard', shard], { cwd: dir })).code).toBe(0);
      const rows = (await parquetReadObjects({ file: new Uint8Array(readFileSync(join(dir, out))).buffer })) as { text: string }[];
      ids.push(...rows.map((row) => row.text));
    }
    expect(ids.sort()).toEqual(Array.from({ length: 100 }, (_, i) => `t${i}`).sort());
  });
});
