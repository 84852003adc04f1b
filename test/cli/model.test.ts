/** `promptsieve model verify|pull` as a user runs them: exit codes, and a refusal that names the file without a stack trace. */
import { appendFileSync, cpSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BUNDLED_MODEL_DIR } from '../../src/classifiers/model.js';
import { runCli, scratch } from './run-cli.js';

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});
function copyOfBundled(): string {
  const dir = scratch();
  dirs.push(dir);
  cpSync(BUNDLED_MODEL_DIR, dir, { recursive: true });
  return dir;
}
/** A refusal is the message line and the code's help line: nothing a stack trace would add. */
function expectRefusal(stderr: string, named: string): void {
  expect(stderr).toContain(named);
  expect(stderr).not.toMatch(/\n\s+at /);
  expect(stderr.trim().split('\n')).toHaveLength(2);
}

describe('promptsieve model verify', () => {
  it('accepts the bundled model, counting every file', async () => {
    const result = await runCli(['model', 'verify', BUNDLED_MODEL_DIR]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^OK: 6 files of .* match their pinned SHA-256 \(manifest digest [0-9a-f]{64}\)\.\n$/);
  });

  it('refuses a changed byte with exit 1, naming the file', async () => {
    const dir = copyOfBundled();
    appendFileSync(join(dir, 'tokenizer_config.json'), ' ');
    const result = await runCli(['model', 'verify', dir]);
    expect(result.code).toBe(1);
    expectRefusal(result.stderr, '"tokenizer_config.json" does not match its pinned SHA-256');
  });

  it('refuses a --sha256 pin for a file that does not exist, naming the pin', async () => {
    const result = await runCli(['model', 'verify', BUNDLED_MODEL_DIR, '--sha256', `absent.json=${'0'.repeat(64)}`]);
    expect(result.code).toBe(1);
    expectRefusal(result.stderr, '"absent.json" is pinned by the sha256 option but missing');
  });
});

describe('promptsieve model pull', () => {
  it('names the host and the reason when the hub cannot be reached', async () => {
    const cache = scratch();
    dirs.push(cache);
    const result = await runCli(['model', 'pull', 'org/m', '--revision', 'a'.repeat(40), '--hub', 'http://127.0.0.1:1/', '--cache', cache]);
    expect(result.code).toBe(1);
    expectRefusal(result.stderr, 'Cannot reach http://127.0.0.1:1');
  });
});
