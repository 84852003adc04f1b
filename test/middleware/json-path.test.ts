import { describe, expect, it } from 'vitest';
import { parseJsonPath, walkJsonPath, type PathStep } from '../../src/middleware/json-path.js';

const steps = (path: string): PathStep[] => {
  const parsed = parseJsonPath(path);
  if ('error' in parsed) throw new Error(parsed.error);
  return parsed.steps;
};

describe('parseJsonPath', () => {
  it.each([
    ['input', [{ key: 'input' }]],
    ['documents[*].text', [{ key: 'documents' }, { wildcard: true }, { key: 'text' }]],
    ['a.b[0].c', [{ key: 'a' }, { key: 'b' }, { index: 0 }, { key: 'c' }]],
    ['[1][*]', [{ index: 1 }, { wildcard: true }]],
    ['with-dash.and_underscore', [{ key: 'with-dash' }, { key: 'and_underscore' }]],
  ])('reads %s', (path, expected) => {
    expect(steps(path)).toEqual(expected);
  });

  it.each([
    ['', /empty/],
    ['a.', /ends with "\."/],
    ['.a', /empty key/],
    ['a..b', /empty key/],
    ['a[', /unclosed/],
    ['a[x]', /neither an index nor \[\*\]/],
    ['a[-1]', /neither an index/],
    ['a]', /unexpected "\]"/],
    ['a[0]b', /expected "\." or "\["/],
    // `.*` is the wildcard of other path languages; read as a key named "*", it would scan nothing.
    ['meta.*', /"\*" at character 5 is not a wildcard here; write \[\*\]/],
    ['*', /write \[\*\]/],
    ['documents.*.text', /write \[\*\]/],
  ])('refuses %j and says why', (path, reason) => {
    const parsed = parseJsonPath(path);
    expect('error' in parsed && parsed.error).toMatch(reason);
  });

  it('parses a long hostile path in linear time', () => {
    const started = performance.now();
    parseJsonPath('['.repeat(50_000));
    parseJsonPath('a.'.repeat(50_000) + 'b');
    expect(performance.now() - started).toBeLessThan(1000);
  });
});

describe('walkJsonPath', () => {
  it('finds every string a wildcard path points at, with printed paths, and writes back in place', () => {
    const body = { documents: [{ text: 'one' }, { text: 'two' }, { other: 1 }] };
    const { slots, issues } = walkJsonPath(body, steps('documents[*].text'));
    expect(issues).toEqual([]);
    expect(slots.map(({ path, text }) => [path, text])).toEqual([
      ['documents[0].text', 'one'],
      ['documents[1].text', 'two'],
    ]);
    slots[1]!.write('TWO');
    expect(body.documents[1]).toEqual({ text: 'TWO' });
  });

  it('skips missing and null values (optional fields)', () => {
    expect(walkJsonPath({ a: null }, steps('a.b'))).toEqual({ slots: [], issues: [] });
    expect(walkJsonPath({}, steps('input'))).toEqual({ slots: [], issues: [] });
    expect(walkJsonPath({ list: [] }, steps('list[3]'))).toEqual({ slots: [], issues: [] });
  });

  it('reports a value of the wrong type instead of skipping text it cannot see', () => {
    expect(walkJsonPath({ input: { nested: 'hidden' } }, steps('input')).issues).toEqual([{ path: 'input', message: 'Expected a string' }]);
    expect(walkJsonPath({ documents: 'x' }, steps('documents[*].text')).issues).toEqual([
      { path: 'documents', message: 'Expected an array or an object' },
    ]);
    expect(walkJsonPath({ a: [1] }, steps('a.b')).issues).toEqual([{ path: 'a', message: 'Expected an object' }]);
    expect(walkJsonPath({ a: {} }, steps('a[0]')).issues).toEqual([{ path: 'a', message: 'Expected an array' }]);
  });

  it('walks the values of an object under [*]', () => {
    const { slots } = walkJsonPath({ meta: { title: 't', note: 'n' } }, steps('meta[*]'));
    expect(slots.map((found) => found.path)).toEqual(['meta.title', 'meta.note']);
  });

  it('writes back into an own "__proto__" key instead of calling the prototype setter', () => {
    const body = JSON.parse('{"meta": {"__proto__": "payload"}}') as { meta: Record<string, unknown> };
    const { slots } = walkJsonPath(body, steps('meta[*]'));
    expect(slots.map((found) => found.path)).toEqual(['meta.__proto__']);
    slots[0]!.write('clean');
    expect(Object.getOwnPropertyDescriptor(body.meta, '__proto__')?.value).toBe('clean');
  });

  it('never reads inherited properties such as __proto__', () => {
    const body = JSON.parse('{"a": {}}') as object;
    expect(walkJsonPath(body, steps('a.__proto__')).slots).toEqual([]);
    expect(walkJsonPath(body, steps('a.constructor.name')).slots).toEqual([]);
  });
});
