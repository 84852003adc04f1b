import { readdirSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { describe, expect, it } from 'vitest';
import { runCli, scratch } from './run-cli.js';

describe('promptsieve clean --workers', () => {
  it.each([['99999'], [String(4 * availableParallelism() + 1)]])('refuses %s workers (more than 4 per core) at once, exit 1, before loading anything', async (workers) => {
    const dir = scratch({ 'in.jsonl': '{"text":"fine"}\n' });
    const result = await runCli(['clean', 'in.jsonl', '-o', 'out.jsonl', '--workers', workers], { cwd: dir });
    expect(result.code).toBe(1);
    const max = 4 * availableParallelism();
    expect(result.stderr.split('\n')[0]).toBe(
      `error: option '--workers <n>' argument '${workers}' is invalid. expected at most ${max} (4 per CPU core, ${availableParallelism()} here): each worker loads its own pipeline and model.`,
    );
    expect(result.stdout).toBe('');
    expect(readdirSync(dir)).toEqual(['in.jsonl']);
  });
});
