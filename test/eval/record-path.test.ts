import { describe, expect, it } from 'vitest';
import { isSieveError } from '../../src/errors.js';
import { parseRecordPath, readRecordPath } from '../../src/eval/record-path.js';

const record = JSON.parse('{"text":"t","input":{"messages":[{"content":"a"},{"content":"b"}]},"input.prompt":"column","n":[1]}');
const read = (path: string, from: unknown = record) => readRecordPath(from, parseRecordPath('--field', path));

describe('record paths (the syntax of clean --field)', () => {
  it.each([
    ['text', 't'],
    ['input.messages[1].content', 'b'],
    // The older dotted form of an array item still reads it, as clean does.
    ['input.messages.0.content', 'a'],
    // A column named like the whole path (a CSV header "input.prompt") is that column.
    ['input.prompt', 'column'],
    ['n[0]', 1],
  ])('reads %s', (path, value) => {
    expect(read(path)).toBe(value);
  });

  it.each(['missing', 'input.messages[5].content', 'input[0]', 'text.length', 'toString', 'n.x'])('finds nothing at %s', (path) => {
    expect(read(path)).toBeUndefined();
  });

  it('finds nothing in a record that is not an object', () => {
    expect(read('text', null)).toBeUndefined();
    expect(read('text', 'a string')).toBeUndefined();
  });

  it.each([
    ['a..b', '--field "a..b" is not a field path: empty key at character 2.'],
    ['', '--field "" is not a field path: the path is empty.'],
    ['a[x]', '--field "a[x]" is not a field path: "[x]" at character 1 is neither an index nor [*].'],
    ['__proto__.x', '--field "__proto__.x" uses a reserved key.'],
    ['messages[*].content', '--field "messages[*].content": eval reads one value per record, and [*] names many.'],
  ])('refuses %j, naming the option', (path, message) => {
    let error: unknown;
    try {
      parseRecordPath('--field', path);
    } catch (caught) {
      error = caught;
    }
    expect(isSieveError(error, 'ERR_SIEVE_CONFIG')).toBe(true);
    expect((error as Error).message).toBe(message);
  });

  it('names the option it was given', () => {
    expect(() => parseRecordPath('--label-field', 'a..b')).toThrow('--label-field "a..b"');
  });
});
