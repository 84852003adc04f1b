import { describe, expect, it } from 'vitest';
import { csvSource } from '../../src/dataset/csv-source.js';
import type { InputBytes } from '../../src/dataset/input-bytes.js';
import type { SourceItem } from '../../src/dataset/source.js';

/** Input bytes from memory, split into small chunks so that rows straddle chunk boundaries. */
function bytes(text: string | Buffer, chunk = 7): InputBytes {
  const buffer = typeof text === 'string' ? Buffer.from(text) : text;
  let read = 0;
  return {
    chunks: (async function* () {
      for (let at = 0; at < buffer.length; at += chunk) {
        read = Math.min(at + chunk, buffer.length);
        yield buffer.subarray(at, at + chunk);
      }
    })(),
    bytesRead: () => read,
    size: buffer.length,
    close: () => undefined,
  };
}

async function items(text: string | Buffer): Promise<{ columns: string[] | undefined; items: SourceItem[] }> {
  const source = await csvSource(bytes(text), 'in.csv', 1000);
  const out: SourceItem[] = [];
  for await (const item of source.items) out.push(item);
  return { columns: source.columns, items: out };
}

describe('csvSource', () => {
  it('reads a header and rows: quoted commas, doubled quotes, line breaks inside quotes, CRLF, a BOM, blank lines', async () => {
    const { columns, items: read } = await items('\ufeffid,text\r\n1,"a, b"\r\n2,"say ""hi"""\r\n\r\n3,"two\r\nlines"\r\n4,last');
    expect(columns).toEqual(['id', 'text']);
    expect(read).toEqual([
      { kind: 'row', at: { line: 2 }, value: { id: '1', text: 'a, b' }, raw: '1,"a, b"' },
      { kind: 'row', at: { line: 3 }, value: { id: '2', text: 'say "hi"' }, raw: '2,"say ""hi"""' },
      { kind: 'blank' },
      { kind: 'row', at: { line: 5 }, value: { id: '3', text: 'two\r\nlines' }, raw: '3,"two\r\nlines"' },
      { kind: 'row', at: { line: 7 }, value: { id: '4', text: 'last' }, raw: '4,last' },
    ]);
  });

  it('turns a row with the wrong number of fields into an unreadable item with its text; keeps stray quotes as written', async () => {
    const { items: read } = await items('id,text\n1,ok\n2,a,b\n3,"bad"x\n4,12" screen\n5,"never closed\n6,gone\n');
    expect(read).toEqual([
      { kind: 'row', at: { line: 2 }, value: { id: '1', text: 'ok' }, raw: '1,ok' },
      { kind: 'unreadable', at: { line: 3 }, error: 'row has 3 fields; the header has 2', raw: '2,a,b' },
      { kind: 'row', at: { line: 4 }, value: { id: '3', text: '"bad"x' }, raw: '3,"bad"x' },
      { kind: 'row', at: { line: 5 }, value: { id: '4', text: '12" screen' }, raw: '4,12" screen' },
      { kind: 'unreadable', at: { line: 6 }, error: 'broken CSV quoting: a quoted field is never closed (the rest of the file is in raw)', raw: '5,"never closed\n6,gone' },
    ]);
  });

  it('stops, with the line, on a row longer than the limit: the parser cannot find the next row without it', async () => {
    const source = await csvSource(bytes(`id,text\n1,ok\n2,${'x'.repeat(2000)}\n3,ok\n`), 'in.csv', 100);
    const read: SourceItem[] = [];
    await expect(
      (async () => {
        for await (const item of source.items) read.push(item);
      })(),
    ).rejects.toThrow('in.csv: a row near line 3 is longer than 100 bytes.');
    expect(read.map((item) => item.kind)).toEqual(['row']);
  });

  it.each([
    ['id,,text\n', /column 2 of the header has no name/],
    ['id,text,id\n', /the header names column "id" twice/],
    [Buffer.from([0x69, 0x64, 0x0a, 0xff, 0x0a]), /in\.csv is not valid UTF-8/],
  ])('stops on a broken header or bytes that are not UTF-8: %j', async (text, message) => {
    await expect(items(text)).rejects.toThrow(message);
  });

  it('reads an empty file as no columns and no rows', async () => {
    expect(await items('')).toEqual({ columns: [], items: [] });
  });
});
