import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { openOutputFile } from '../../src/dataset/output-file.js';

const dir = () => mkdtempSync(join(tmpdir(), 'promptsieve-output-'));
const lines = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => `{"n":${from + i},"pad":"${'x'.repeat(200)}"}\n`);

describe('openOutputFile', () => {
  it('reports the committed size, and a resumed file is cut back to it before writing on', async () => {
    const path = join(dir(), 'out.jsonl');
    const first = await openOutputFile(path, { gzip: false, shownAs: 'out.jsonl' });
    await first.write('a\n');
    const committed = await first.commit();
    await first.write('written after the checkpoint, lost in the crash\n');
    await first.commit();
    await first.abandon();
    expect(committed).toBe(2);

    const resumed = await openOutputFile(path, { gzip: false, shownAs: 'out.jsonl', resumeAt: committed });
    await resumed.write('b\n');
    await resumed.close();
    expect(readFileSync(path, 'utf8')).toBe('a\nb\n');
  });

  it('writes gzip as members that end at commits and block sizes, so a resumed run writes the same bytes', async () => {
    const at = dir();
    const whole = await openOutputFile(join(at, 'whole.gz'), { gzip: true, shownAs: 'whole.gz' });
    const split = await openOutputFile(join(at, 'split.gz'), { gzip: true, shownAs: 'split.gz' });
    let committed = 0;
    for (const [index, line] of lines(0, 3000).entries()) {
      await whole.write(line);
      await split.write(line);
      if ((index + 1) % 1000 === 0) {
        await whole.commit();
        committed = await split.commit();
        if (index + 1 === 2000) break;
      }
    }
    await split.abandon();
    const resumed = await openOutputFile(join(at, 'split.gz'), { gzip: true, shownAs: 'split.gz', resumeAt: committed });
    for (const line of lines(2000, 3000)) {
      await whole.write(line);
      await resumed.write(line);
    }
    await whole.close();
    await resumed.close();
    const bytes = readFileSync(join(at, 'whole.gz'));
    expect(readFileSync(join(at, 'split.gz')).equals(bytes)).toBe(true);
    expect(gunzipSync(bytes).toString('utf8')).toBe(lines(0, 3000).join(''));
  });

  it('refuses to resume a file shorter than its checkpoint, and names a directory it cannot write', async () => {
    const path = join(dir(), 'short.jsonl');
    writeFileSync(path, 'ab');
    await expect(openOutputFile(path, { gzip: false, shownAs: 'short.jsonl', resumeAt: 10 })).rejects.toThrow('cannot resume short.jsonl (ESHORT)');
    await expect(openOutputFile(join(dir(), 'missing', 'x.jsonl'), { gzip: false, shownAs: 'missing/x.jsonl' })).rejects.toThrow('cannot write missing/x.jsonl (ENOENT)');
  });
});
