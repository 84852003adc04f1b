import { describe, expect, it } from 'vitest';
import { createReportCache, LONGEST_TEXT_KEY } from '../../src/pipeline/report-cache.js';
import { createPipeline } from '../../src/pipeline/create-pipeline.js';
import type { Report, Segment, SegmentRole } from '../../src/pipeline/types.js';

const segment = (text: string, role: SegmentRole = 'user'): Segment => ({ text, view: text, role });
const report = (text: string, role: SegmentRole = 'user'): Report => ({ decision: 'allow', text, role, stages: [] });

describe('the report cache', () => {
  it('keeps a report per text and role, and never answers for another text', () => {
    const cache = createReportCache(100, 1_000_000);
    const asUser = report('same words');
    const asTool = report('same words', 'tool');
    cache.set(cache.keyOf(segment('same words')), asUser);
    expect(cache.get(cache.keyOf(segment('same words', 'tool')))).toBeUndefined();
    cache.set(cache.keyOf(segment('same words', 'tool')), asTool);
    expect(cache.get(cache.keyOf(segment('same words')))).toBe(asUser);
    expect(cache.get(cache.keyOf(segment('same words', 'tool')))).toBe(asTool);
    expect(cache.get(cache.keyOf(segment('same words ')))).toBeUndefined();
    expect(cache.stats()).toMatchObject({ hits: 2, misses: 2, size: 1 });
  });

  it('keys a text longer than V8 hashes by its digest, and a short text equal to that digest is not a hit', () => {
    const cache = createReportCache(100, 10_000_000);
    const long = 'a'.repeat(LONGEST_TEXT_KEY + 1);
    const longKey = cache.keyOf(segment(long));
    expect(longKey.digest).toBe(true);
    expect(longKey.key.length).toBeLessThan(64);
    cache.set(longKey, report(long));
    expect(cache.get(cache.keyOf(segment(long)))?.text).toBe(long);
    expect(cache.get(cache.keyOf(segment(`${long.slice(1)}b`)))).toBeUndefined();
    expect(cache.get(cache.keyOf(segment(long, 'tool')))).toBeUndefined();
    expect(cache.get(cache.keyOf(segment(longKey.key)))).toBeUndefined();
  });

  it('bounds the characters its reports hold, not only their number', () => {
    const cache = createReportCache(10_000, 1_000_000);
    for (let i = 0; i < 50; i++) {
      const text = `${i}${'x'.repeat(100_000)}`;
      cache.set(cache.keyOf(segment(text)), report(text));
    }
    const { chars, size, maxChars } = cache.stats();
    expect(maxChars).toBe(1_000_000);
    expect(chars).toBeLessThanOrEqual(1_000_000);
    expect(size).toBeGreaterThan(0);
    expect(size).toBeLessThan(10);
  });

  it('counts a changed text apart from its key', () => {
    const cache = createReportCache(10, 1_000_000);
    cache.set(cache.keyOf(segment('abc')), report('abc'));
    const unchanged = cache.stats().chars;
    cache.clear();
    cache.set(cache.keyOf(segment('abc')), { ...report('abcdef'), decision: 'modify' });
    expect(cache.stats().chars).toBe(unchanged + 'abcdef'.length);
  });
});

describe('the pipeline under a flood of long unique texts', () => {
  it('keeps the cached text within cacheMaxChars', async () => {
    const pipeline = createPipeline({ cacheMaxChars: 2_000_000, stages: [{ name: 'gate', kind: 'validate', run: () => ({ action: 'pass', findings: [] }) }] });
    const base = 'y'.repeat(200_000);
    for (let i = 0; i < 40; i++) await pipeline.run(`${i}${base}`);
    expect(pipeline.cacheStats().chars).toBeLessThanOrEqual(2_000_000);
    expect(pipeline.cacheStats().size).toBeLessThan(40);
    // The most recent text is still a hit.
    expect((await pipeline.run(`39${base}`)).cached).toBe(true);
  });
});
