import { describe, expect, it } from 'vitest';
import { readLines, type Line } from '../../src/cli/read-lines.js';

async function collect(chunks: (string | Buffer)[], maxBytes = 1024): Promise<Line[]> {
  const lines: Line[] = [];
  for await (const line of readLines((async function* () { yield* chunks; })(), maxBytes)) lines.push(line);
  return lines;
}

describe('readLines', () => {
  it('splits LF and CRLF lines and numbers them; a final newline adds no empty line', async () => {
    expect(await collect(['a\nb\r\n\nc\n'])).toEqual([
      { number: 1, text: 'a' },
      { number: 2, text: 'b' },
      { number: 3, text: '' },
      { number: 4, text: 'c' },
    ]);
    expect(await collect(['a\nlast'])).toEqual([{ number: 1, text: 'a' }, { number: 2, text: 'last' }]);
    expect(await collect([])).toEqual([]);
  });

  it('joins a line, a CRLF and a multi-byte character split across chunks', async () => {
    const bytes = Buffer.from('héllo 😀\r\nnext\n');
    const chunks = [...bytes].map((byte) => Buffer.from([byte]));
    expect(await collect(chunks)).toEqual([{ number: 1, text: 'héllo 😀' }, { number: 2, text: 'next' }]);
  });

  it('skips a byte-order mark at the start of the input only', async () => {
    expect(await collect(['\uFEFFfirst\n\uFEFFsecond'])).toEqual([{ number: 1, text: 'first' }, { number: 2, text: '\uFEFFsecond' }]);
  });

  it('reports a line that is not valid UTF-8, with its lossy text', async () => {
    expect(await collect([Buffer.from([0x61, 0xff, 0x62, 0x0a, 0x63])])).toEqual([
      { number: 1, error: 'line is not valid UTF-8', raw: 'a\uFFFDb' },
      { number: 2, text: 'c' },
    ]);
  });

  it('reports an over-long line without holding it, and carries on with the next line', async () => {
    const lines = await collect(['ok\n', 'x'.repeat(6), 'x'.repeat(6), '\nafter\n', 'y'.repeat(20)], 10);
    expect(lines).toEqual([
      { number: 1, text: 'ok' },
      { number: 2, error: 'line is longer than 10 bytes', raw: null },
      { number: 3, text: 'after' },
      { number: 4, error: 'line is longer than 10 bytes', raw: null },
    ]);
  });

  it('pulls input only as lines are consumed', async () => {
    let pulled = 0;
    const source = (async function* () {
      for (let i = 0; i < 1000; i++) {
        pulled++;
        yield `line ${i}\n`;
      }
    })();
    const lines = readLines(source, 100);
    await lines.next();
    await lines.next();
    expect(pulled).toBeLessThanOrEqual(3);
    await lines.return(undefined);
  });
});
