import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { childFlags } from '../../src/cli/clean-process.js';
import { userOldSpaceMb } from '../../src/dataset/heap-limits.js';
import { MAIN, runCli, scratch, TSX, VALIDATION_CONFIG } from './run-cli.js';

// A worker on every core: the setup in which `clean` runs in a child process started with --single-threaded-gc.
const EVERY_CORE = String(availableParallelism());
const linux = existsSync('/proc/self/task');

function input(records: number): string {
  return Array.from({ length: records }, (_, i) => JSON.stringify({ id: i, text: `record ${i} ${'lorem ipsum '.repeat(i % 7)}` })).join('\n') + '\n';
}

const childrenOf = (pid: number): number[] => readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').split(' ').filter(Boolean).map(Number);
/** Gone, or a zombie waiting for whoever adopted it. */
const ended = (pid: number): boolean => !existsSync(`/proc/${pid}`) || /\) Z /.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));

function startClean(dir: string, extra: string[] = []) {
  const child = spawn(process.execPath, ['--import', TSX, MAIN, 'clean', 'in.jsonl', '-o', 'out.jsonl', '-c', 'config.json', '--checkpoint-every', '1000', '--progress-every', '0', '--workers', EVERY_CORE, ...extra], { cwd: dir });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) => child.on('exit', (code, signal) => done({ code, signal })));
  const checkpointed = async () => {
    while (!existsSync(join(dir, 'out.jsonl.checkpoint')) && child.exitCode === null) await new Promise((resolve) => setTimeout(resolve, 20));
  };
  return { child, exited, checkpointed, stderr: () => stderr };
}

describe('childFlags', () => {
  it('limits the heap of the child\'s main thread as its workers\' unless node was given a limit', () => {
    expect(childFlags([], undefined)).toEqual(['--single-threaded-gc', '--max-old-space-size=160']);
    expect(childFlags(['--max-old-space-size=4096'], undefined)).toEqual(['--single-threaded-gc']);
    expect(childFlags([], '--enable-source-maps --max_old_space_size=2048')).toEqual(['--single-threaded-gc']);
  });

  it('reads the limit node runs with (what a worker out of memory reports): the command line over NODE_OPTIONS', () => {
    expect(userOldSpaceMb([], undefined)).toBeUndefined();
    expect(userOldSpaceMb([], '--max_old_space_size=2048')).toBe(2048);
    expect(userOldSpaceMb(['--max-old-space-size=512'], '--max-old-space-size=2048')).toBe(512);
  });
});

describe('promptsieve clean with a worker on every core', () => {
  it('writes what one process writes', { timeout: 60_000 }, async () => {
    const dir = scratch({ 'in.jsonl': input(5000), 'config.json': VALIDATION_CONFIG });
    const args = (workers: string, out: string) => ['clean', 'in.jsonl', '-o', out, '-c', 'config.json', '--workers', workers];
    const [split, single] = await Promise.all([runCli(args(EVERY_CORE, 'split.jsonl'), { cwd: dir }), runCli(args('0', 'single.jsonl'), { cwd: dir })]);
    expect(split.code).toBe(0);
    expect(single.code).toBe(0);
    expect(readFileSync(join(dir, 'split.jsonl'), 'utf8')).toBe(readFileSync(join(dir, 'single.jsonl'), 'utf8'));
    // The summary is printed once, by the process that cleaned.
    expect(split.stderr.match(/promptsieve clean: 5,000 records in/g)).toHaveLength(1);
  });

  it('exits with the code of the run, its error printed once', { timeout: 60_000 }, async () => {
    const dir = scratch({ 'in.jsonl': input(10), 'config.json': '{"stages":[{"use":"no-such-stage"}]}' });
    const result = await runCli(['clean', 'in.jsonl', '-o', 'out.jsonl', '-c', 'config.json', '--workers', EVERY_CORE], { cwd: dir });
    expect(result.code).toBe(1);
    expect(result.stderr.match(/stages\[0\]\.use: unknown stage "no-such-stage"/g)).toHaveLength(1);
  });

  it.runIf(linux)('runs in a child process with single-threaded garbage collection, which dies when the command is killed with SIGKILL', { timeout: 120_000 }, async () => {
    const dir = scratch({ 'in.jsonl': input(200_000), 'config.json': VALIDATION_CONFIG });
    const run = startClean(dir);
    await run.checkpointed();
    const [worker] = childrenOf(run.child.pid!);
    expect(worker).toBeDefined();
    const flags = readFileSync(`/proc/${worker}/cmdline`, 'utf8').split('\0');
    expect(flags).toContain('--single-threaded-gc');
    expect(flags).toContain('--max-old-space-size=160');
    run.child.kill('SIGKILL');
    expect((await run.exited).signal).toBe('SIGKILL');
    // Left running, it would go on writing the files a --resume is about to continue.
    const deadline = Date.now() + 5000;
    while (!ended(worker!) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(ended(worker!)).toBe(true);
    // It stopped where the command was killed: the run never finished, its checkpoint is there to resume.
    expect(existsSync(join(dir, 'out.jsonl'))).toBe(false);
    expect(existsSync(join(dir, 'out.jsonl.partial'))).toBe(true);
  });

  it.runIf(linux)('says how to continue when the cleaning process crashes (a heap limit reached aborts it)', { timeout: 120_000 }, async () => {
    const dir = scratch({ 'in.jsonl': input(200_000), 'config.json': VALIDATION_CONFIG });
    const run = startClean(dir);
    await run.checkpointed();
    const [worker] = childrenOf(run.child.pid!);
    process.kill(worker!, 'SIGABRT');
    expect((await run.exited).code).toBe(134);
    expect(run.stderr()).toMatch(/the cleaning process crashed \(SIGABRT\).*--resume/);
    expect(existsSync(join(dir, 'out.jsonl.checkpoint'))).toBe(true);
  });

  it('passes Ctrl-C on: exit code 130, the checkpoint kept, how to continue said once', { timeout: 120_000 }, async () => {
    const dir = scratch({ 'in.jsonl': input(200_000), 'config.json': VALIDATION_CONFIG });
    const run = startClean(dir);
    await run.checkpointed();
    run.child.kill('SIGINT');
    expect((await run.exited).code).toBe(130);
    expect(run.stderr().match(/promptsieve clean: SIGINT; stopped\. Run the same command with --resume/g)).toHaveLength(1);
    expect(existsSync(join(dir, 'out.jsonl.partial'))).toBe(true);
    const resumed = await runCli(['clean', 'in.jsonl', '-o', 'out.jsonl', '-c', 'config.json', '--checkpoint-every', '1000', '--progress-every', '0', '--workers', EVERY_CORE, '--resume'], { cwd: dir });
    expect(resumed.code).toBe(0);
    expect(readFileSync(join(dir, 'out.jsonl'), 'utf8').split('\n')).toHaveLength(200_001);
  });
});
