import { describe, expect, it } from 'vitest';
import { isSieveError } from '../../src/errors.js';
import { getField, parseFieldPath, setField } from '../../src/cli/field-path.js';

describe('field paths', () => {
  it('reads and writes a dotted path through objects and arrays, keeping key order', () => {
    const record = JSON.parse('{"id":1,"input":{"messages":[{"content":"a"},{"content":"b"}]},"z":0}');
    const path = parseFieldPath('input.messages.1.content');
    expect(getField(record, path)).toBe('b');
    setField(record, path, 'B');
    expect(JSON.stringify(record)).toBe('{"id":1,"input":{"messages":[{"content":"a"},{"content":"B"}]},"z":0}');
  });

  it('finds nothing for missing steps or inherited properties', () => {
    expect(getField({ a: 1 }, parseFieldPath('a.b'))).toBeUndefined();
    expect(getField({}, parseFieldPath('toString'))).toBeUndefined();
    expect(getField(null, parseFieldPath('a'))).toBeUndefined();
  });

  it.each(['', 'a..b', '.a', '__proto__', 'a.constructor', 'prototype'])('refuses the path %j', (path) => {
    let error: unknown;
    try {
      parseFieldPath(path);
    } catch (caught) {
      error = caught;
    }
    expect(isSieveError(error, 'ERR_SIEVE_CONFIG')).toBe(true);
  });
});
