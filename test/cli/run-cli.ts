import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '../..');
export const MAIN = join(root, 'src/cli/main.ts');
export const TSX = join(root, 'node_modules/tsx/dist/esm/index.mjs');

export type CliResult = { code: number | null; stdout: string; stderr: string };

/** Runs the CLI as a user would, from source, in `cwd`, feeding `stdin` when given. */
export function runCli(args: string[], options: { stdin?: string | Buffer; cwd?: string } = {}): Promise<CliResult> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, ['--import', TSX, MAIN, ...args], {
      cwd: options.cwd ?? root,
      env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', fail);
    child.on('close', (code) => done({ code, stdout, stderr }));
    child.stdin.end(options.stdin ?? '');
  });
}

/** A fresh temporary directory with the given files in it. */
export function scratch(files: Record<string, string | Buffer> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'promptsieve-cli-'));
  for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), content);
  return dir;
}

/** A config with only the validation stages, so these tests do not depend on the default stage list. */
export const VALIDATION_CONFIG = JSON.stringify({
  stages: [{ use: 'characters' }, { use: 'length', maxChars: 20 }],
  cacheSize: 0,
});
