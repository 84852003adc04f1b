import { describe, expect, it } from 'vitest';
import { findTexts, parseTextFields, roleOfMessage } from '../../src/dataset/fields.js';
import type { SegmentRole } from '../../src/pipeline/types.js';

const USER_TOOL: ReadonlySet<SegmentRole> = new Set(['user', 'tool', 'document']);
const find = (record: unknown, paths: string[], roles = USER_TOOL) => findTexts(record as Record<string, unknown>, parseTextFields(paths), { roles, role: 'user' });
const texts = (result: ReturnType<typeof find>) => ('slots' in result ? result.slots.map((slot) => [slot.path, slot.text, slot.role]) : result);

describe('findTexts', () => {
  it('finds a plain field, a nested one, an indexed one and the older dotted index', () => {
    const record = { text: 'a', input: { prompt: 'b' }, messages: [{ role: 'user', content: 'c' }] };
    expect(texts(find(record, ['text', 'input.prompt', 'messages[0].content', 'messages.0.content']))).toEqual([
      ['text', 'a', 'user'],
      ['input.prompt', 'b', 'user'],
      ['messages[0].content', 'c', 'user'],
      ['messages[0].content', 'c', 'user'],
    ]);
  });

  it('reads chat messages under [*]: roles filtered, content strings and text parts, tool-call messages skipped', () => {
    const record = {
      messages: [
        { role: 'system', content: 'trusted' },
        { role: 'user', content: 'question' },
        { role: 'assistant', content: null, tool_calls: [] },
        { role: 'tool', content: [{ type: 'text', text: 'result' }, { type: 'image_url', image_url: { url: 'x' } }] },
        { role: 'developer', content: 'also system' },
      ],
    };
    expect(texts(find(record, ['messages[*].content']))).toEqual([
      ['messages[1].content', 'question', 'user'],
      ['messages[3].content[0].text', 'result', 'tool'],
    ]);
    expect(texts(find(record, ['messages[*].content'], new Set(['system'])))).toEqual([
      ['messages[0].content', 'trusted', 'system'],
      ['messages[4].content', 'also system', 'system'],
    ]);
  });

  it('maps ShareGPT roles (from: human/gpt) and treats an unknown role as untrusted user text', () => {
    expect(roleOfMessage({ from: 'human' })).toBe('user');
    expect(roleOfMessage({ from: 'gpt' })).toBe('assistant');
    expect(roleOfMessage({ role: 'narrator' })).toBe('user');
    expect(roleOfMessage('plain')).toBeUndefined();
    const record = { conversations: [{ from: 'human', value: 'hi' }, { from: 'gpt', value: 'hello' }] };
    expect(texts(find(record, ['conversations[*].value']))).toEqual([['conversations[0].value', 'hi', 'user']]);
  });

  it.each([
    [{ id: 1 }, ['text'], 'field "text" is missing'],
    [{ text: null }, ['text'], 'field "text" is null, not a string'],
    [{ text: 42 }, ['text'], 'field "text" is a number, not a string'],
    [{ text: { a: 1 } }, ['text'], 'field "text" is an object, not a string'],
    [{ text: ['a', 'b'] }, ['text'], 'field "text" is an array, not a string or a list of content parts'],
    [{ input: 'x' }, ['input.prompt'], 'field "input.prompt": input is a string, not an object'],
    [{ messages: 'oops' }, ['messages[*].content'], 'field "messages[*].content": messages is a string, not an array'],
    [{ messages: [{ role: 'user', content: 7 }] }, ['messages[*].content'], 'field "messages[*].content" is a number, not a string (at messages[0].content)'],
    [{ messages: [{ role: 'user', content: [{ type: 'text', text: 1 }] }] }, ['messages[*].content'], 'field "messages[*].content": the text part messages[0].content[0] has no string "text"'],
    [{ messages: {} }, ['messages[0].content'], 'field "messages[0].content": messages is an object, not an array'],
  ])('rejects %j at %j: %s', (record, paths, error) => {
    expect(find(record, paths)).toEqual({ error });
  });

  it('finds nothing, without an error, in an empty conversation or one with only other roles', () => {
    expect(texts(find({ messages: [] }, ['messages[*].content']))).toEqual([]);
    expect(texts(find({ messages: [{ role: 'assistant', content: 'x' }] }, ['messages[*].content']))).toEqual([]);
  });

  it('writes the forwarded text back in place, even under an own __proto__ key, and reads it back', () => {
    const record = JSON.parse('{"m": {"__proto__": "x"}}') as { m: Record<string, unknown> };
    const found = find(record, ['m[*]']);
    if (!('slots' in found)) throw new Error('expected slots');
    expect(found.slots.map((slot) => slot.text)).toEqual(['x']);
    found.slots[0]!.write('clean');
    expect(Object.getOwnPropertyDescriptor(record.m, '__proto__')?.value).toBe('clean');
    expect(found.slots[0]!.current()).toBe('clean');
    expect(Object.getPrototypeOf(record.m)).toBe(Object.prototype);
  });

  it('takes a column named like the whole path (a CSV header "input.text") before walking', () => {
    expect(texts(find({ 'input.text': 'flat' }, ['input.text']))).toEqual([['input.text', 'flat', 'user']]);
  });
});

describe('parseTextFields', () => {
  it.each([
    ['a..b', /not a field path: empty key at character 2/],
    ['__proto__.x', /uses a reserved key/],
    ['messages[x]', /is neither an index nor \[\*\]/],
  ])('refuses %s', (path, message) => {
    expect(() => parseTextFields([path])).toThrow(message);
  });

  it('marks paths with [*]', () => {
    expect(parseTextFields(['text', 'messages[*].content']).map((field) => field.wildcard)).toEqual([false, true]);
  });
});
