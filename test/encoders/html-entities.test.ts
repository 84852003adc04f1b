import { describe, expect, it } from 'vitest';
import { htmlEntities } from '../../src/encoders/html-entities.js';
import type { StageContext, StageResult } from '../../src/pipeline/types.js';

const ctx = { signal: new AbortController().signal } as StageContext;
const run = (text: string, view = text) => htmlEntities().run({ text, view, role: 'user' }, ctx) as StageResult;

describe('htmlEntities', () => {
  it.each([[undefined], [{}]])('builds from %j', (options) => {
    expect(htmlEntities(options)).toMatchObject({ name: 'html-entities', kind: 'encode' });
  });

  it('rejects unknown options at construction', () => {
    expect(() => htmlEntities({ quote: true } as never)).toThrow(/quote: unknown option/);
  });

  it('escapes & < > " \' and reports how many', () => {
    const result = run(`a < b && c > "d" 'e'`);
    expect(result.text).toBe('a &lt; b &amp;&amp; c &gt; &quot;d&quot; &#39;e&#39;');
    expect(result.findings).toEqual([{ code: 'html_entities_escaped', message: '8 HTML-special character(s) were escaped.' }]);
  });

  it('escapes exactly: an entity the user typed is kept as typed when rendered', () => {
    expect(run('write &amp; like this').text).toBe('write &amp;amp; like this');
  });

  it('keeps the detection view as it was', () => {
    expect(run('<b>', 'the view').view).toBe('the view');
  });

  it('passes text with nothing to escape untouched, including emoji and other scripts', () => {
    expect(run('سلام 👩‍💻 नमस्ते 你好')).toEqual({ action: 'pass', findings: [] });
  });
});
