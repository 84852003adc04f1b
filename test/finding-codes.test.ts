import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SIGNATURES } from '../src/classifiers/signatures.js';

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
const srcDir = new URL('../src/', import.meta.url).pathname;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sourceFiles(path) : path.endsWith('.ts') ? [path] : [];
  });
}

// Finding codes written as literals (`code: 'html_comment_removed'`); zod's own issue codes are not findings.
const ZOD_ISSUE_CODES = new Set(['custom', 'unrecognized_keys', 'invalid_type']);
const literalCodes = new Set(
  sourceFiles(srcDir).flatMap((file) =>
    [...readFileSync(file, 'utf8').matchAll(/\bcode: '([a-z][a-z0-9_]*)'/g)].map((match) => match[1]!).filter((code) => !ZOD_ISSUE_CODES.has(code)),
  ),
);
const heuristicCodes = new Set(SIGNATURES.map((signature) => `heuristic_${signature.category}`));

describe('finding codes', () => {
  it('finds the codes it checks (the scan itself works)', () => {
    expect(literalCodes.size).toBeGreaterThan(25);
    expect(literalCodes).toContain('html_comment_removed');
  });

  it.each([...literalCodes, ...heuristicCodes].sort())('documents %s in README.md', (code) => {
    expect(readme).toContain(`\`${code}\``);
  });
});
