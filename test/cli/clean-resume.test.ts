import { spawn } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MAIN, runCli, scratch, TSX } from './run-cli.js';

// Deterministic stages only: the output of two runs can then be compared byte for byte.
const CONFIG = JSON.stringify({ stages: [{ use: 'characters' }, { use: 'length', maxChars: 150 }], cacheSize: 0 });

/** 60,000 records: some modified, some blocked, some broken, some blank — enough to be killed midway. */
function input(): string {
  const lines: string[] = [];
  for (let i = 0; i < 60_000; i++) {
    if (i % 997 === 0) lines.push('{"id":' + i + ',"text":');
    else if (i % 1013 === 0) lines.push('');
    else lines.push(JSON.stringify({ id: i, text: `${i % 11 === 0 ? 'bell\u0007 ' : ''}record ${i} ${'lorem ipsum '.repeat(i % 13)}` }));
  }
  return `${lines.join('\n')}\n`;
}

/** Starts clean, waits for its first checkpoint, lets it run a random while more, and kills it with SIGKILL. */
async function killMidway(dir: string, args: string[]): Promise<void> {
  const child = spawn(process.execPath, ['--import', TSX, MAIN, ...args], { cwd: dir, stdio: 'ignore' });
  const exited = new Promise<NodeJS.Signals | null>((done) => child.on('exit', (_code, signal) => done(signal)));
  const checkpoint = join(dir, `${args[args.indexOf('-o') + 1]}.checkpoint`);
  while (!existsSync(checkpoint) && child.exitCode === null) await new Promise((resolve) => setTimeout(resolve, 20));
  await new Promise((resolve) => setTimeout(resolve, Math.random() * 400));
  child.kill('SIGKILL');
  // Killed before it could finish: the test would prove nothing otherwise.
  expect(await exited).toBe('SIGKILL');
  expect(existsSync(checkpoint)).toBe(true);
}

describe('promptsieve clean --resume', () => {
  it.each([
    ['out.jsonl', ['--workers', '0']],
    ['out.jsonl.gz', ['--workers', '2']],
    ['out.csv', ['--workers', '1']],
    ['out.parquet', ['--workers', '0', '--row-group-size', '2000']],
  ])('continues %s after SIGKILL and writes the same bytes as an uninterrupted run', { timeout: 180_000 }, async (output, extra) => {
    const dir = scratch({ 'in.jsonl': input(), 'config.json': CONFIG });
    const args = (out: string) => ['clean', 'in.jsonl', '-o', out, '-c', 'config.json', '--checkpoint-every', '1000', '--progress-every', '0', ...extra];
    const whole = await runCli(args(`whole-${output}`), { cwd: dir });
    expect(whole.code).toBe(0);

    await killMidway(dir, args(output));
    expect(existsSync(join(dir, output))).toBe(false);
    const resumed = await runCli([...args(output), '--resume'], { cwd: dir });
    expect(resumed.code).toBe(0);
    expect(resumed.stderr).toMatch(/resumed after [\d,]+ input items of an interrupted run/);

    expect(readFileSync(join(dir, output)).equals(readFileSync(join(dir, `whole-${output}`)))).toBe(true);
    expect(readFileSync(join(dir, `${output}.rejects.jsonl`)).equals(readFileSync(join(dir, `whole-${output}.rejects.jsonl`)))).toBe(true);
    // The summary counts the whole input, before and after the interruption.
    const counts = (stderr: string) => stderr.split('\n').slice(0, 3).join('\n').replace(/ in [\d.]+ s \([\d,]+ records\/s\)/, '');
    expect(counts(resumed.stderr)).toBe(counts(whole.stderr));
    // Nothing of the interrupted run is left behind.
    expect(readdirSync(dir).filter((name) => name.includes('.partial') || name.includes('.checkpoint'))).toEqual([]);
  });

  it('refuses to start over a checkpoint without --resume, and to resume with other options', { timeout: 120_000 }, async () => {
    const dir = scratch({ 'in.jsonl': input(), 'config.json': CONFIG });
    const args = ['clean', 'in.jsonl', '-o', 'out.jsonl', '-c', 'config.json', '--checkpoint-every', '1000', '--workers', '0'];
    await killMidway(dir, args);
    const again = await runCli(args, { cwd: dir });
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/out\.jsonl has an interrupted run \(out\.jsonl\.checkpoint: [\d,]+ input items done\)/);
    expect(again.stderr).toContain('Run the same command with --resume to continue it, or delete out.jsonl.checkpoint to start over.');
    const other = await runCli([...args, '--resume', '--keep-report'], { cwd: dir });
    expect(other.code).toBe(1);
    expect(other.stderr).toContain('out.jsonl.checkpoint was made from another input or with other options (differs: --keep-report)');
    writeFileSync(join(dir, 'in.jsonl'), `${input()}{"text":"one more"}\n`);
    const changed = await runCli([...args, '--resume'], { cwd: dir });
    expect(changed.code).toBe(1);
    expect(changed.stderr).toContain('was made from another input or with other options (differs: the input file (path, size or modification time))');
    // Both refusals left the interrupted run as it was.
    expect(existsSync(join(dir, 'out.jsonl.partial'))).toBe(true);
  });

  it('stops on Ctrl-C (SIGINT) with exit code 130, keeping the checkpoint and saying how to continue', { timeout: 120_000 }, async () => {
    const dir = scratch({ 'in.jsonl': input(), 'config.json': CONFIG });
    const child = spawn(process.execPath, ['--import', TSX, MAIN, 'clean', 'in.jsonl', '-o', 'out.jsonl', '-c', 'config.json', '--checkpoint-every', '1000', '--workers', '0'], { cwd: dir });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
    while (!existsSync(join(dir, 'out.jsonl.checkpoint')) && child.exitCode === null) await new Promise((resolve) => setTimeout(resolve, 20));
    child.kill('SIGINT');
    expect(await exited).toBe(130);
    expect(stderr).toContain('promptsieve clean: SIGINT; stopped. Run the same command with --resume to continue from the last checkpoint (out.jsonl.checkpoint).');
    expect(existsSync(join(dir, 'out.jsonl.partial'))).toBe(true);
  });

  it('starts from the beginning when --resume finds no checkpoint', async () => {
    const dir = scratch({ 'in.jsonl': '{"text":"a"}\n', 'config.json': CONFIG });
    const result = await runCli(['clean', 'in.jsonl', '-o', 'out.jsonl', '-c', 'config.json', '--resume'], { cwd: dir });
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('no checkpoint of an interrupted run at out.jsonl.checkpoint; starting from the beginning.');
    expect(readFileSync(join(dir, 'out.jsonl'), 'utf8')).toBe('{"text":"a","promptsieve":{"decision":"allow"}}\n');
  });
});
