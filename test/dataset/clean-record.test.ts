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
  it('rejects a record whose numbers JSON.parse would change (a 64-bit id), instead of writing it back altered', async () => {
    expect(await cleaner()({ line: '{"id":12345678901234567890,"text":"hi"}' })).toEqual({
      kind: 'rejected',
      error: 'the number at position 6 would be written back changed (JSON numbers are read as 64-bit floats); quote it as a string',
    });
    expect(await cleaner()({ line: '{"id":9007199254740991,"text":"hi"}' })).toMatchObject({ kind: 'written', out: '{"id":9007199254740991,"text":"HI","promptsieve":{"decision":"modify"}}\n' });
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
    const flat = await cleaner({ shape: 'table', keepReport: true, keepOriginal: true })({ value: { text: 'bad', n: '1' } });
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
