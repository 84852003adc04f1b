import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readJsonl } from '../../../src/classifiers/train/dataset.js';
import { isSieveError } from '../../../src/errors.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'promptsieve-dataset-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const write = async (name: string, content: string) => {
  const path = join(dir, name);
  await writeFile(path, content);
  return path;
};

describe('readJsonl', () => {
  it('reads text, label, category and source, skips blank lines, and records the file name', async () => {
    const path = await write('mixed.jsonl', '{"text":"a","label":"benign"}\n\n{"text":"b","label":"injection","category":"direct","source":"x"}\n');
    expect(readJsonl(path)).toEqual([
      { text: 'a', label: 'benign', file: 'mixed.jsonl' },
      { text: 'b', label: 'injection', category: 'direct', source: 'x', file: 'mixed.jsonl' },
    ]);
  });

  it('names the file, line and field of a bad row without quoting its text', async () => {
    const path = await write('bad.jsonl', '{"text":"fine","label":"benign"}\n{"text":"SECRET PROMPT","label":"malicious"}\n');
    try {
      readJsonl(path);
      expect.unreachable();
    } catch (error) {
      expect(isSieveError(error, 'ERR_SIEVE_INPUT')).toBe(true);
      expect((error as Error).message).toBe(`${path}:2: invalid field(s) label; expected text and label (injection|benign)`);
      expect((error as Error).message).not.toContain('SECRET');
    }
  });

  it('refuses a line that is not JSON, by line number', async () => {
    const path = await write('broken.jsonl', '{"text":"x","label":"benign"}\n{oops SECRET\n');
    expect(() => readJsonl(path)).toThrow(`${path}:2: not valid JSON`);
  });

  it('reads a file saved with a byte order mark and CRLF line ends (Windows editors) like any other', async () => {
    const path = await write('windows.jsonl', '\uFEFF{"text":"a","label":"benign"}\r\n{"text":"b","label":"injection"}\r\n');
    expect(readJsonl(path).map((row) => row.text)).toEqual(['a', 'b']);
  });

  it('reports a missing file as an input error', () => {
    expect(() => readJsonl(join(dir, 'missing.jsonl'))).toThrow(/Cannot read training data/);
  });
});
