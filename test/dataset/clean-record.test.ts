import { describe, expect, it } from 'vitest';
import { recordCleaner, type CleanSettings } from '../../src/dataset/clean-record.js';
import { createPipeline } from '../../src/pipeline/create-pipeline.js';
import type { Stage } from '../../src/pipeline/types.js';

// A filter that uppercases, and a validator that blocks the text "BAD" with a finding.
const upper: Stage = { name: 'upper', kind: 'filter', run: (segment) => (segment.text === segment.text.toUpperCase() ? { action: 'pass', findings: [] } : { action: 'modify', text: segment.text.toUpperCase(), findings: [{ code: 'lower_case', message: 'Lower case letters.' }] }) };
const noBad: Stage = { name: 'no-bad', kind: 'validate', run: (segment) => (segment.text === 'BAD' ? { action: 'block', findings: [{ code: 'bad_word', message: 'A bad word.' }] } : { action: 'pass', findings: [] }) };

const settings = (overrides: Partial<CleanSettings> = {}): CleanSettings => ({
  fields: ['text'],
  roles: ['user', 'tool', 'document'],
  role: 'user',
  shape: 'jsonl',
  jsonSafe: false,
  keepReport: false,
  keepOriginal: false,
  textOnly: false,
  dropBlocked: false,
  ...overrides,
});
const cleaner = (overrides: Partial<CleanSettings> = {}, mode: 'enforce' | 'monitor' = 'enforce') => recordCleaner(createPipeline({ stages: [upper, noBad], cacheSize: 0, mode }), settings(overrides));

describe('recordCleaner', () => {
  it('keeps a number a float cannot hold (a 64-bit id, 1e400) as written, through the report and --keep-original', async () => {
    const line = '{"id":12345678901234567890,"big":1e400,"n":1.5,"meta":{"ids":[9007199254740993,-0.1000000000000000055511151231257827]},"text":"hi"}';
    expect(await cleaner()({ line })).toEqual({
      kind: 'written',
      out: '{"id":12345678901234567890,"big":1e400,"n":1.5,"meta":{"ids":[9007199254740993,-0.1000000000000000055511151231257827]},"text":"HI","promptsieve":{"decision":"modify"}}\n',
      decision: 'modify',
      wouldBlock: false,
      findings: ['upper\tlower_case'],
    });
    const kept = await cleaner({ keepReport: true, keepOriginal: true, jsonSafe: true })({ line: '{"id":12345678901234567890,"text":"bad"}' });
    expect((kept as { out: string }).out).toMatch(/^\{"id":12345678901234567890,"text":null,"promptsieve":\{"decision":"block","blockedBy":"no-bad","report":\{.*\},"original":"bad"\}\}\n$/);
    expect(await cleaner({ textOnly: true })({ line: '{"id":12345678901234567890,"text":"hi"}' })).toMatchObject({ out: '{"text":"HI"}\n' });
    expect(await cleaner({ dropBlocked: true })({ line: '{"id":12345678901234567890,"text":"bad"}' })).toMatchObject({ kind: 'dropped', blockedBy: 'no-bad' });
    // A line without such a number takes the JSON.parse path, as before.
    expect(await cleaner()({ line: '{"id":9007199254740991,"text":"hi"}' })).toMatchObject({ kind: 'written', out: '{"id":9007199254740991,"text":"HI","promptsieve":{"decision":"modify"}}\n' });
  });

  it('names a kept number as a number when --field points at it', async () => {
    expect(await cleaner()({ line: '{"text":12345678901234567890}' })).toEqual({ kind: 'rejected', error: 'field "text" is a number, not a string' });
    expect(await cleaner({ fields: ['text.inner'] })({ line: '{"text":12345678901234567890}' })).toEqual({ kind: 'rejected', error: 'field "text.inner": text is a number, not an object' });
  });

  it('writes kept numbers to CSV as their digits, and to Parquet as INT64 or a reject naming the field', async () => {
    const line = '{"id":12345678901234567890,"meta":{"ids":[1e400]},"text":"hi"}';
    expect(await cleaner({ shape: 'csv' })({ line })).toMatchObject({
      kind: 'written',
      out: { id: '12345678901234567890', meta: '{"ids":[1e400]}', text: 'HI', promptsieve_decision: 'modify', promptsieve_blocked_by: null },
    });
    expect(await cleaner({ shape: 'parquet' })({ line: '{"id":9223372036854775807,"low":-9223372036854775808,"text":"hi"}' })).toMatchObject({
      kind: 'written',
      out: { id: 9223372036854775807n, low: -9223372036854775808n, text: 'HI' },
    });
    expect(await cleaner({ shape: 'parquet' })({ line: '{"id":12345678901234567890,"text":"hi"}' })).toEqual({
      kind: 'rejected',
      error: 'field "id" is 12345678901234567890, which no Parquet column holds exactly (INT64 holds integers from -2^63 to 2^63-1, DOUBLE 64-bit floats); write JSONL or CSV to keep it, or quote it as a string',
    });
    expect(await cleaner({ shape: 'parquet' })({ line: '{"id":1,"meta":{"n":1e400},"text":"hi"}' })).toEqual({
      kind: 'rejected',
      error: 'field "meta" holds the number 1e400, which a Parquet JSON column would write back changed (it is written as a 64-bit float); write JSONL or CSV to keep it, or quote it as a string',
    });
  });

  it('replaces the text with the forwarded one and adds the verdict; a blocked text becomes null', async () => {
    const clean = cleaner();
    expect(await clean({ line: '{"id":1,"text":"hi"}' })).toEqual({ kind: 'written', out: '{"id":1,"text":"HI","promptsieve":{"decision":"modify"}}\n', decision: 'modify', wouldBlock: false, findings: ['upper\tlower_case'] });
    expect(await clean({ line: '{"id":2,"text":"bad"}' })).toMatchObject({ out: '{"id":2,"text":null,"promptsieve":{"decision":"block","blockedBy":"no-bad"}}\n', decision: 'block' });
  });

  it('keeps the report and the original when asked, as a JSON column in tables', async () => {
    const nested = await cleaner({ keepReport: true, keepOriginal: true })({ line: '{"text":"hi"}' });
    expect(JSON.parse((nested as { out: string }).out).promptsieve).toEqual({
      decision: 'modify',
      report: { segments: [{ path: 'text', role: 'user', decision: 'modify', stages: [expect.objectContaining({ stage: 'upper', action: 'modify' }), expect.objectContaining({ stage: 'no-bad', action: 'pass' })] }] },
      original: 'hi',
    });
    const flat = await cleaner({ shape: 'csv', keepReport: true, keepOriginal: true })({ value: { text: 'bad', n: '1' } });
    expect(flat).toMatchObject({ kind: 'written', out: { text: null, n: '1', promptsieve_decision: 'block', promptsieve_blocked_by: 'no-bad', promptsieve_original: 'bad' } });
    const report = JSON.parse((flat as unknown as { out: { promptsieve_report: string } }).out.promptsieve_report);
    expect(report.segments[0]).toMatchObject({ path: 'text', decision: 'block', blockedBy: 'no-bad' });
  });

  it('folds several fields and messages into one decision, and nulls every scanned text of a blocked record', async () => {
    const clean = cleaner({ fields: ['title', 'messages[*].content'] });
    const record = { title: 'a', messages: [{ role: 'system', content: 'sys' }, { role: 'user', content: 'bad' }, { role: 'user', content: [{ type: 'text', text: 'x' }] }] };
    const outcome = await clean({ line: JSON.stringify(record) });
    expect(JSON.parse((outcome as { out: string }).out)).toEqual({
      title: null,
      messages: [{ role: 'system', content: 'sys' }, { role: 'user', content: null }, { role: 'user', content: [{ type: 'text', text: null }] }],
      promptsieve: { decision: 'block', blockedBy: 'no-bad' },
    });
    const fine = await clean({ line: JSON.stringify({ ...record, messages: record.messages.slice(0, 1) }) });
    expect(JSON.parse((fine as { out: string }).out)).toMatchObject({ title: 'A', messages: [{ content: 'sys' }], promptsieve: { decision: 'modify' } });
  });

  it('with --drop-blocked, hands a blocked record back with its report instead of an output record', async () => {
    expect(await cleaner({ dropBlocked: true })({ line: '{"text":"bad"}' })).toEqual({
      kind: 'dropped',
      blockedBy: 'no-bad',
      report: { segments: [expect.objectContaining({ path: 'text', decision: 'block', blockedBy: 'no-bad' })] },
      findings: ['upper\tlower_case', 'no-bad\tbad_word'],
    });
  });

  it('with --text-only, writes only the texts: a string per field, a list under [*], null when blocked', async () => {
    const clean = cleaner({ textOnly: true, fields: ['text', 'messages[*].content'] });
    expect(await clean({ line: '{"id":1,"text":"a","messages":[{"role":"user","content":"b"},{"role":"tool","content":"c"}]}' })).toMatchObject({ out: '{"text":"A","messages[*].content":["B","C"]}\n' });
    expect(await clean({ line: '{"text":"bad","messages":[]}' })).toMatchObject({ out: '{"text":null,"messages[*].content":[]}\n', decision: 'block' });
  });

  it('only reports in monitor mode: texts unchanged, wouldBlock set', async () => {
    expect(await cleaner({}, 'monitor')({ line: '{"text":"bad"}' })).toMatchObject({ out: '{"text":"bad","promptsieve":{"decision":"allow","blockedBy":"no-bad","wouldBlock":true}}\n', wouldBlock: true });
  });

  it.each([
    ['{"text":', 'not valid JSON'],
    ['{"text": 1,}', 'not valid JSON (at position 11)'],
    ['[1]', 'not a JSON object'],
    ['"text"', 'not a JSON object'],
    ['{"id":1}', 'field "text" is missing'],
    ['{"text":true}', 'field "text" is a boolean, not a string'],
  ])('rejects %s: %s', async (line, error) => {
    expect(await cleaner()({ line })).toEqual({ kind: 'rejected', error });
  });

  it('turns Parquet values into JSON values for a JSON output', async () => {
    const outcome = await cleaner({ jsonSafe: true })({ value: { id: 2n ** 60n, small: 7n, at: new Date(0), bytes: new Uint8Array([1, 2]), text: 'x' } });
    expect(JSON.parse((outcome as { out: string }).out)).toEqual({ id: '1152921504606846976', small: 7, at: '1970-01-01T00:00:00.000Z', bytes: 'AQI=', text: 'X', promptsieve: { decision: 'modify' } });
  });

  it('allows a record without any text to scan (an empty conversation) without running the pipeline', async () => {
    expect(await cleaner({ fields: ['messages[*].content'] })({ line: '{"messages":[]}' })).toEqual({ kind: 'written', out: '{"messages":[],"promptsieve":{"decision":"allow"}}\n', decision: 'allow', wouldBlock: false, findings: [] });
  });
});
