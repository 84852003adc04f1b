import { PassThrough, Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { cleanRecords, type CleanRecordsOptions } from '../../src/cli/clean-records.js';
import { parseFieldPath } from '../../src/cli/field-path.js';
import type { Line } from '../../src/cli/read-lines.js';
import type { Report } from '../../src/pipeline/types.js';

const lines = (...texts: string[]): AsyncIterable<Line> =>
  (async function* () {
    for (const [index, text] of texts.entries()) yield { number: index + 1, text };
  })();

function sink() {
  const stream = new PassThrough();
  let data = '';
  stream.on('data', (chunk: Buffer) => (data += chunk.toString('utf8')));
  return { stream, lines: () => data.split('\n').filter(Boolean).map((line) => JSON.parse(line)) };
}

/** A fake pipeline: uppercases, blocks "bad", and finishes after a delay chosen by the text. */
function fakePipeline(delay: (text: string) => number = () => 0) {
  let active = 0;
  let maxActive = 0;
  return {
    get maxActive() {
      return maxActive;
    },
    async run(input: { text: string }): Promise<Report> {
      active++;
      maxActive = Math.max(maxActive, active);
      const ms = delay(input.text);
      await (ms > 0 ? new Promise((resolve) => setTimeout(resolve, ms)) : Promise.resolve());
      active--;
      const stages = [{ stage: 'fake', kind: 'filter' as const, action: 'pass' as const, findings: [], ms: 0 }];
      if (input.text === 'bad') return { decision: 'block', blockedBy: 'fake', text: input.text, role: 'user', stages };
      const upper = input.text.toUpperCase();
      return upper === input.text ? { decision: 'allow', text: upper, role: 'user', stages } : { decision: 'modify', text: upper, role: 'user', stages };
    },
  };
}

function options(overrides: Partial<CleanRecordsOptions> & Pick<CleanRecordsOptions, 'lines' | 'output' | 'rejects'>): CleanRecordsOptions {
  return { pipeline: fakePipeline(), field: parseFieldPath('text'), role: 'user', concurrency: 4, keepOriginal: false, ...overrides };
}

describe('cleanRecords', () => {
  it('writes records in input order even when later ones finish first, with at most `concurrency` in flight', async () => {
    const pipeline = fakePipeline((text) => 40 - Number(text.slice(1)) * 2);
    const output = sink();
    const rejects = sink();
    const input = Array.from({ length: 20 }, (_, i) => JSON.stringify({ text: `r${i}` }));
    const counts = await cleanRecords(options({ pipeline, lines: lines(...input), output: output.stream, rejects: rejects.stream, concurrency: 5 }));
    expect(output.lines().map((record) => record.text)).toEqual(input.map((_, i) => `R${i}`));
    expect(pipeline.maxActive).toBe(5);
    expect(counts).toMatchObject({ records: 20, written: 20, rejected: 0 });
  });

  it('replaces the field, adds the verdict, nulls blocked text, and keeps the original only when asked', async () => {
    const output = sink();
    await cleanRecords(options({ lines: lines('{"id":1,"text":"hi"}', '{"id":2,"text":"bad"}'), output: output.stream, rejects: sink().stream, keepOriginal: true }));
    expect(output.lines()).toEqual([
      { id: 1, text: 'HI', promptsieve: { decision: 'modify', text: 'HI', stages: [expect.objectContaining({ stage: 'fake' })], original: 'hi' } },
      { id: 2, text: null, promptsieve: { decision: 'block', text: null, blockedBy: 'fake', stages: expect.any(Array), original: 'bad' } },
    ]);
    const plain = sink();
    await cleanRecords(options({ lines: lines('{"text":"hi"}'), output: plain.stream, rejects: sink().stream }));
    expect(plain.lines()[0].promptsieve).not.toHaveProperty('original');
  });

  it('rejects what is not a JSON object with a string field, skips blank lines, and keeps records = written + rejected', async () => {
    const output = sink();
    const rejects = sink();
    const read: Line[] = [
      { number: 1, text: '{"text":"ok"}' },
      { number: 2, text: '' },
      { number: 3, text: '{,"text":"x"}' },
      { number: 4, text: '  \t' },
      { number: 5, text: '["text"]' },
      { number: 6, text: '{"text":null}' },
      { number: 7, text: '{"text":["a"]}' },
      { number: 8, text: '{"other":"x"}' },
      { number: 9, error: 'line is not valid UTF-8', raw: 'a\uFFFD' },
      { number: 10, text: '{"text": "cut' },
      { number: 11, text: '{"text":"bad"}' },
    ];
    const counts = await cleanRecords(
      options({ lines: (async function* () { yield* read; })(), output: output.stream, rejects: rejects.stream }),
    );
    expect(rejects.lines()).toEqual([
      // V8 names a position for some syntax errors; never the text itself.
      { line: 3, error: expect.stringMatching(/^not valid JSON( \(at position \d+\))?$/), raw: '{,"text":"x"}' },
      { line: 5, error: 'not a JSON object', raw: '["text"]' },
      { line: 6, error: 'field "text" is null, not a string', raw: '{"text":null}' },
      { line: 7, error: 'field "text" is an array, not a string', raw: '{"text":["a"]}' },
      { line: 8, error: 'field "text" is missing', raw: '{"other":"x"}' },
      { line: 9, error: 'line is not valid UTF-8', raw: 'a\uFFFD' },
      { line: 10, error: expect.stringMatching(/^not valid JSON( \(at position \d+\))?$/), raw: '{"text": "cut' },
    ]);
    expect(output.lines()).toHaveLength(2);
    expect(counts).toEqual({ records: 9, written: 2, rejected: 7, blank: 2, decisions: { allow: 0, modify: 1, block: 1 }, wouldBlock: 0 });
    expect(counts.records).toBe(counts.written + counts.rejected);
  });

  it('waits for a slow output to drain instead of buffering every record', async () => {
    let pulled = 0;
    const source = (async function* () {
      for (let i = 0; i < 5000; i++) {
        pulled++;
        yield { number: i + 1, text: JSON.stringify({ text: 'X'.repeat(200) }) };
      }
    })();
    const written: Buffer[] = [];
    let release: () => void = () => {};
    const stuck = new Writable({
      highWaterMark: 1024,
      write(chunk: Buffer, _encoding, callback) {
        written.push(chunk);
        release = callback; // held until the test lets it go
      },
    });
    const done = cleanRecords(options({ lines: source, output: stuck, rejects: sink().stream }));
    await new Promise((resolve) => setTimeout(resolve, 50));
    // One 64 KiB chunk is accepted, then reading stops: far fewer than 5000 records were pulled.
    expect(pulled).toBeLessThan(1000);
    stuck._write = (chunk: Buffer, _encoding, callback) => {
      written.push(chunk);
      callback();
    };
    release();
    await done;
    expect(pulled).toBe(5000);
    expect(Buffer.concat(written).toString().split('\n').filter(Boolean)).toHaveLength(5000);
  });

  it('fails the run when the pipeline itself fails, even for a record still waiting its turn (no unhandled rejection)', async () => {
    const pipeline = {
      async run(input: { text: string }): Promise<Report> {
        if (input.text === 'boom') throw new Error('pipeline closed');
        await new Promise((resolve) => setTimeout(resolve, 30));
        return { decision: 'allow', text: input.text, role: 'user', stages: [] };
      },
    };
    const run = cleanRecords(options({ pipeline, lines: lines('{"text":"slow"}', '{"text":"boom"}'), output: sink().stream, rejects: sink().stream }));
    await expect(run).rejects.toThrow('pipeline closed');
  });
});
