import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { emptyCounts } from '../../src/dataset/counts.js';
import { startProgress } from '../../src/dataset/progress.js';
import { summary } from '../../src/dataset/summary.js';

describe('startProgress', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('prints a plain line every interval with the rate, the share of the input and an ETA', () => {
    const counts = emptyCounts();
    const written: string[] = [];
    let done = 0;
    const stop = startProgress({ counts, recordsBefore: 0, input: () => ({ done, total: 1000, unit: 'bytes' }), started: performance.now(), style: 'lines', everyMs: 10_000, write: (text) => written.push(text) });
    expect(written).toEqual([]);
    counts.records = 2500;
    done = 250;
    vi.advanceTimersByTime(10_000);
    // A quarter of the input in 10 s: 30 s to go.
    expect(written).toEqual(['promptsieve clean: 2,500 records (250/s), 25.0% of the input, ETA 30s\n']);
    stop();
    vi.advanceTimersByTime(60_000);
    expect(written).toHaveLength(1);
  });

  it('draws a bar on a terminal at once, redraws it, and clears it when stopped', () => {
    const counts = emptyCounts();
    const written: string[] = [];
    const stop = startProgress({ counts, recordsBefore: 0, input: () => ({ done: counts.records, total: 100, unit: 'rows' }), started: performance.now(), style: 'bar', everyMs: 10_000, write: (text) => written.push(text) });
    expect(written).toEqual(['\r\x1b[K0 records (0/s) [------------------------] 0%']);
    counts.records = 50;
    vi.advanceTimersByTime(1000);
    expect(written.at(-1)).toBe('\r\x1b[K50 records (50/s) [############------------] 50% ETA 1s');
    stop();
    expect(written.at(-1)).toBe('\r\x1b[K');
  });

  it('leaves records of an earlier, interrupted run out of the rate, and gives no ETA without a known size', () => {
    const counts = { ...emptyCounts(), records: 1000 };
    const written: string[] = [];
    const stop = startProgress({ counts, recordsBefore: 1000, input: () => ({ done: 5, unit: 'bytes' }), started: performance.now(), style: 'lines', everyMs: 1000, write: (text) => written.push(text) });
    counts.records = 1100;
    vi.advanceTimersByTime(1000);
    expect(written).toEqual(['promptsieve clean: 1,100 records (100/s)\n']);
    stop();
  });
});

describe('summary', () => {
  it('lists records, decisions, rejects, shards, the resume and the findings of each stage', () => {
    const counts = { ...emptyCounts(), records: 12, written: 8, rejected: 2, dropped: 2, blank: 1, otherShards: 24, decisions: { allow: 5, modify: 3, block: 2 }, findings: { 'characters\tcontrol_characters': 3, 'heuristic\toverride': 1, 'heuristic\trole_play': 2 } };
    expect(summary(counts, { seconds: 2, recordsBefore: 0, rejectsAt: 'out.jsonl.rejects.jsonl', shard: '2/3', resumedAt: 30 })).toBe(
      [
        'promptsieve clean: 12 records in 2.00 s (6 records/s)',
        '  allow 5, modify 3, block 2 (2 dropped to the rejects file), rejected 2',
        '  1 blank line skipped',
        '  shard 2/3: 24 records of other shards left out',
        '  resumed after 30 input items of an interrupted run (time and rate: this run only)',
        '  rejects: out.jsonl.rejects.jsonl',
        '  findings by stage:',
        '    characters: control_characters 3',
        '    heuristic: role_play 2, override 1',
        '',
      ].join('\n'),
    );
  });

  it('says "1 record", not "1 records"', () => {
    expect(summary({ ...emptyCounts(), records: 1, decisions: { allow: 1, modify: 0, block: 0 } }, { seconds: 1, recordsBefore: 0 })).toMatch(/^promptsieve clean: 1 record in 1\.00 s \(1 records\/s\)\n/);
  });
});
