import { describe, expect, it, vi } from 'vitest';
import { createPipeline } from '../../src/pipeline/create-pipeline.js';
import type { Stage, StageResult } from '../../src/pipeline/types.js';
import { isSieveError, SieveError } from '../../src/errors.js';

const stage = (name: string, run: Stage['run'], extra: Partial<Stage> = {}): Stage => ({ name, kind: 'filter', run, ...extra });
const pass = (): StageResult => ({ action: 'pass', findings: [] });

describe('createPipeline', () => {
  it('runs stages in order, feeding each stage the text the previous one produced', async () => {
    const seen: string[] = [];
    const pipeline = createPipeline({
      stages: [
        stage('upper', (seg) => (seen.push(seg.text), { action: 'modify', text: seg.text.toUpperCase(), findings: [] })),
        stage('exclaim', (seg) => (seen.push(seg.text), { action: 'modify', text: `${seg.text}!`, findings: [] })),
      ],
    });
    const report = await pipeline.run('hi');
    expect(seen).toEqual(['hi', 'HI']);
    expect(report).toMatchObject({ decision: 'modify', text: 'HI!', stages: [{ stage: 'upper', action: 'modify' }, { stage: 'exclaim' }] });
    expect(report.stages[0]!.ms).toBeGreaterThanOrEqual(0);
  });

  it('allows untouched text and reports every stage verdict', async () => {
    const report = await createPipeline({ stages: [stage('a', pass), stage('b', pass)] }).run('hello');
    expect(report.decision).toBe('allow');
    expect(report.text).toBe('hello');
    expect(report.stages.map((verdict) => verdict.stage)).toEqual(['a', 'b']);
  });

  it('stops at the first blocking stage in enforce mode and forwards the original text', async () => {
    const later = vi.fn(pass);
    const pipeline = createPipeline({
      stages: [
        stage('rewrite', () => ({ action: 'modify', text: 'changed', findings: [] })),
        stage('gate', () => ({ action: 'block', risk: 0.9, findings: [{ code: 'bad', message: 'bad' }] })),
        stage('later', later),
      ],
    });
    const report = await pipeline.run('input');
    expect(report).toMatchObject({ decision: 'block', blockedBy: 'gate', text: 'input' });
    expect(report.stages[1]).toMatchObject({ action: 'block', risk: 0.9 });
    expect(later).not.toHaveBeenCalled();
  });

  it('never blocks or rewrites in monitor mode, but reports wouldBlock and runs every stage', async () => {
    const later = vi.fn(pass);
    const pipeline = createPipeline({
      mode: 'monitor',
      stages: [
        stage('rewrite', () => ({ action: 'modify', text: 'changed', findings: [] })),
        stage('gate', () => ({ action: 'block', findings: [] })),
        stage('later', later),
      ],
    });
    const report = await pipeline.run('input');
    expect(report).toMatchObject({ decision: 'allow', text: 'input', wouldBlock: true, blockedBy: 'gate' });
    expect(later).toHaveBeenCalledOnce();
  });

  it('turns a throwing stage into an error verdict and blocks by default (fail closed)', async () => {
    const pipeline = createPipeline({ stages: [stage('boom', () => { throw new Error('secret prompt text'); })] });
    const report = await pipeline.run('x');
    expect(report.decision).toBe('block');
    expect(report.stages[0]).toMatchObject({ action: 'error', findings: [{ code: 'stage_error' }] });
    expect(JSON.stringify(report)).not.toContain('secret prompt text');
  });

  it('lets the operator fail open with onError: allow', async () => {
    const pipeline = createPipeline({ onError: 'allow', stages: [stage('boom', async () => { throw new Error('x'); }), stage('ok', pass)] });
    const report = await pipeline.run('x');
    expect(report.decision).toBe('allow');
    expect(report.stages.map((verdict) => verdict.action)).toEqual(['error', 'pass']);
  });

  it('turns an asynchronous stage that resolves to no result into an error verdict, not a timeout', async () => {
    const empty = stage('empty', async () => undefined as unknown as StageResult);
    const report = await createPipeline({ stages: [empty], timeoutMs: 60_000 }).run('x');
    expect(report).toMatchObject({ decision: 'block', stages: [{ action: 'error', findings: [{ code: 'stage_error' }] }] });
  });

  it('times out a slow asynchronous stage, aborts its signal, and blocks', async () => {
    let aborted = false;
    const slow = stage('slow', (_seg, ctx) => new Promise<StageResult>((resolve) => {
      ctx.signal.addEventListener('abort', () => { aborted = true; });
      setTimeout(() => resolve(pass()), 500);
    }));
    const report = await createPipeline({ stages: [slow], stageTimeoutMs: { slow: 20 } }).run('x');
    expect(report).toMatchObject({ decision: 'block', stages: [{ action: 'error', findings: [{ code: 'stage_timeout' }] }] });
    expect(aborted).toBe(true);
  });

  it('lets the view follow the text until a stage takes the view over', async () => {
    const views: string[] = [];
    const pipeline = createPipeline({
      stages: [
        stage('trim', (seg) => ({ action: 'modify', text: seg.text.trim(), findings: [] })),
        stage('fold', (seg) => (views.push(seg.view), { action: 'pass', view: seg.view.toLowerCase(), findings: [] })),
        stage('wrap', (seg) => ({ action: 'modify', text: `[${seg.text}]`, findings: [] })),
        stage('read', (seg) => (views.push(seg.view), pass())),
      ],
    });
    const report = await pipeline.run('  Hello ');
    expect(views).toEqual(['Hello', 'hello']);
    expect(report.text).toBe('[Hello]');
  });

  it('runs every init() once before the first request and exposes ready', async () => {
    const init = vi.fn(async () => undefined);
    const pipeline = createPipeline({ stages: [stage('a', pass, { init })] });
    await pipeline.ready;
    await pipeline.run('1');
    await pipeline.run('2');
    expect(init).toHaveBeenCalledOnce();
  });

  it('rejects ready with ERR_SIEVE_NOT_READY, not a throw from createPipeline, when an init() throws synchronously', async () => {
    const pipeline = createPipeline({ stages: [stage('a', pass, { init: () => { throw new Error('bad model path'); } })] });
    await expect(pipeline.ready).rejects.toSatisfy((error) => isSieveError(error, 'ERR_SIEVE_NOT_READY'));
    await expect(pipeline.ready).rejects.toThrow('Stage "a" failed to initialise: bad model path');
    await expect(pipeline.run('x')).rejects.toSatisfy((error) => isSieveError(error, 'ERR_SIEVE_NOT_READY'));
  });

  it('names the failing stage and keeps the help of a SieveError cause', async () => {
    const refused = new SieveError('ERR_SIEVE_MODEL_VERIFY', 'w.bin is a pickle file', { help: 'Convert the weights to .onnx.' });
    const pipeline = createPipeline({ stages: [stage('ok', pass), stage('model', pass, { init: async () => { throw refused; } })] });
    const error = await pipeline.ready.catch((failure: unknown) => failure);
    expect(isSieveError(error, 'ERR_SIEVE_NOT_READY')).toBe(true);
    expect((error as SieveError).message).toBe('Stage "model" failed to initialise: w.bin is a pickle file');
    expect((error as SieveError).help).toBe('Convert the weights to .onnx.');
    expect((error as SieveError).cause).toBe(refused);
  });

  it('rejects runs with ERR_SIEVE_NOT_READY when an init() fails', async () => {
    const pipeline = createPipeline({ stages: [stage('a', pass, { init: async () => { throw new Error('no model'); } })] });
    await expect(pipeline.run('x')).rejects.toSatisfy((error) => isSieveError(error, 'ERR_SIEVE_NOT_READY'));
  });

  it('caches reports by text and configuration, and counts hits and misses', async () => {
    const run = vi.fn(pass);
    const pipeline = createPipeline({ stages: [stage('a', run)] });
    await pipeline.run('turn one');
    const second = await pipeline.run('turn one');
    await pipeline.run({ text: 'turn one', role: 'tool' });
    expect(run).toHaveBeenCalledTimes(2);
    expect(second.cached).toBe(true);
    expect(pipeline.cacheStats()).toMatchObject({ hits: 1, misses: 2, size: 1 });
  });

  it('does not cache a report that holds an error verdict', async () => {
    let calls = 0;
    const pipeline = createPipeline({ stages: [stage('flaky', () => { calls++; if (calls === 1) throw new Error('x'); return pass(); })] });
    expect((await pipeline.run('t')).decision).toBe('block');
    expect((await pipeline.run('t')).decision).toBe('allow');
  });

  it('keeps the cache bounded', async () => {
    const pipeline = createPipeline({ cacheSize: 3, stages: [stage('a', pass)] });
    for (let i = 0; i < 10; i++) await pipeline.run(`m${i}`);
    expect(pipeline.cacheStats().size).toBe(3);
  });

  it('folds a request: one blocked segment blocks it, and request limits apply first', async () => {
    const pipeline = createPipeline({
      requestLimits: { maxSegments: 2 },
      stages: [stage('gate', (seg) => ({ action: seg.text === 'bad' ? 'block' : 'pass', findings: [] }))],
    });
    const mixed = await pipeline.runRequest(['good', { text: 'bad', role: 'tool', path: 'messages[1].content' }]);
    expect(mixed).toMatchObject({ decision: 'block', blockedBy: 'gate', segments: [{ decision: 'allow' }, { decision: 'block', path: 'messages[1].content' }] });
    const tooMany = await pipeline.runRequest(['a', 'b', 'c']);
    expect(tooMany).toMatchObject({ decision: 'block', blockedBy: 'request-limits', request: [{ findings: [{ code: 'too_many_segments' }] }] });
  });

  it.each([
    [{ stages: [], mode: 'strict' }, /mode/],
    [{ stages: [], timeoutMs: -1 }, /timeoutMs/],
    [{ stages: [], onEror: 'allow' }, /onEror: unknown option\. Did you mean `onError`\?/],
    [{ stages: [{ name: 'x' }] }, /stages\[0\]/],
    [{ stages: [], stageTimeoutMs: { nope: 5 } }, /stageTimeoutMs\.nope/],
  ])('fails at construction with the option path: %j', (options, message) => {
    expect(() => createPipeline(options as never)).toThrow(message);
  });

  it('refuses two stages with the same name', () => {
    expect(() => createPipeline({ stages: [stage('a', pass), stage('a', pass)] })).toThrow(/Two stages are named "a"/);
  });

  it('refuses to run after close() and closes every stage', async () => {
    const close = vi.fn(async () => undefined);
    const pipeline = createPipeline({ stages: [stage('a', pass, { close })] });
    await pipeline.close();
    expect(close).toHaveBeenCalledOnce();
    await expect(pipeline.run('x')).rejects.toSatisfy((error) => isSieveError(error, 'ERR_SIEVE_CLOSED'));
  });
});

describe('the report cache and per-request results', () => {
  it('never caches a report with a result marked cacheable: false', async () => {
    let calls = 0;
    const pipeline = createPipeline({
      stages: [{ name: 'nonce', kind: 'encode', run: (seg) => ({ action: 'modify', text: `${seg.text}#${++calls}`, findings: [], cacheable: false }) }],
    });
    expect((await pipeline.run('doc')).text).toBe('doc#1');
    expect((await pipeline.run('doc')).text).toBe('doc#2');
    expect(pipeline.cacheStats().size).toBe(0);
  });
});

describe('stage configs', () => {
  it('names a misspelled stage option by its path and suggests the right one', async () => {
    const { parseSieveConfig } = await import('../../src/options.js');
    expect(() => parseSieveConfig({ stages: [{ use: 'length', maxChar: 10 }] })).toThrow(
      /stages\[0\]\.maxChar: unknown option\. Did you mean `maxChars`\? \(stage "length"\)/,
    );
  });
});

describe('the synchronous fast path', () => {
  const ready = async (pipeline: ReturnType<typeof createPipeline>) => (await pipeline.ready, pipeline);

  it('returns the request report itself, not a promise, when every stage answers synchronously', async () => {
    const pipeline = await ready(createPipeline({ stages: [stage('upper', (seg) => ({ action: 'modify', text: seg.text.toUpperCase(), findings: [] }))] }));
    const report = pipeline._scanRequest(['a', { text: 'b', role: 'tool', path: 'p' }]);
    expect(report).not.toBeInstanceOf(Promise);
    expect(report).toMatchObject({ decision: 'modify', segments: [{ text: 'A' }, { text: 'B', path: 'p', role: 'tool' }] });
  });

  it('turns into a promise at the first asynchronous stage and runs the later stages on its text', async () => {
    const seen: string[] = [];
    const pipeline = await ready(createPipeline({
      stages: [
        stage('sync', (seg) => (seen.push(`sync:${seg.text}`), { action: 'modify', text: `${seg.text}1`, findings: [] })),
        stage('async', async (seg) => (seen.push(`async:${seg.text}`), { action: 'modify', text: `${seg.text}2`, findings: [] })),
        stage('after', (seg) => (seen.push(`after:${seg.text}`), pass())),
      ],
    }));
    const pending = pipeline._scanRequest(['x']);
    expect(pending).toBeInstanceOf(Promise);
    expect(await pending).toMatchObject({ decision: 'modify', segments: [{ text: 'x12', stages: [{ stage: 'sync' }, { stage: 'async' }, { stage: 'after' }] }] });
    expect(seen).toEqual(['sync:x', 'async:x1', 'after:x12']);
  });

  it('stops at a block from an asynchronous stage in enforce mode', async () => {
    const later = vi.fn(pass);
    const pipeline = await ready(createPipeline({ stages: [stage('gate', async () => ({ action: 'block', findings: [] })), stage('later', later)] }));
    expect(await pipeline._scanRequest(['x'])).toMatchObject({ decision: 'block', blockedBy: 'gate' });
    expect(later).not.toHaveBeenCalled();
  });

  it('waits for init() before the first run, and throws ERR_SIEVE_CLOSED once closed', async () => {
    let initialised = false;
    const pipeline = createPipeline({ stages: [stage('a', () => (expect(initialised).toBe(true), pass()), { init: async () => { initialised = true; } })] });
    const first = pipeline._scanRequest(['x']);
    expect(first).toBeInstanceOf(Promise);
    expect(await first).toMatchObject({ decision: 'allow' });
    await pipeline.close();
    expect(() => pipeline._scanRequest(['x'])).toThrow(/closed/);
    await expect(pipeline.runRequest(['x'])).rejects.toSatisfy((error) => isSieveError(error, 'ERR_SIEVE_CLOSED'));
  });
});
