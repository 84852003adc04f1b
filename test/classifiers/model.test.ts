import { describe, expect, it } from 'vitest';
import { createFakeBackend } from '../../src/classifiers/backends/fake.js';
import { model } from '../../src/classifiers/model.js';
import { isSieveError } from '../../src/errors.js';
import { createPipeline } from '../../src/pipeline/create-pipeline.js';
import type { Segment, SegmentRole, Stage } from '../../src/pipeline/types.js';

const words = (n: number, word = 'calm') => Array.from({ length: n }, () => word).join(' ');
const seg = (text: string, role: SegmentRole = 'user'): Segment => ({ text, view: text, role });
const ctx = () => ({ signal: new AbortController().signal });
/** A backend whose injection probability is the number after `p=` in the window, else 0.01. */
const scoring = (extra: Parameters<typeof createFakeBackend>[0] = {}) =>
  createFakeBackend({ score: (w) => Number(w.find((x) => x.startsWith('p='))?.slice(2) ?? 0.01), ...extra });

async function ready(stage: Stage): Promise<Stage> {
  await stage.init!();
  return stage;
}

describe('model stage factory', () => {
  it.each([[undefined], [{}], [{ strategy: undefined }]])('builds with %j without loading anything', (options) => {
    const stage = model(options as never);
    expect(stage).toMatchObject({ name: 'model', kind: 'classify' });
    expect(typeof stage.fingerprint).toBe('string');
  });

  it.each([
    [{ flagAt: 0.9, blockAt: 0.5 }, 'flagAt: flagAt must not be above blockAt'],
    [{ blockAt: 1.5 }, 'blockAt'],
    [{ strategy: 'middle' }, 'strategy'],
    [{ roles: { tool: { blokAt: 0.2 } } }, 'roles.tool.blokAt: unknown option'],
    [{ cascade: { band: [0.2, 0.8] } }, 'cascade: a cascade needs `model` or `backend`'],
    [{ cascade: { model: 'x', band: [0.9, 0.1] } }, 'cascade.band'],
    [{ sha256: { 'config.json': 'abc' } }, 'expected 64 hex digits'],
    [{ modle: 'x' }, 'Did you mean `model`?'],
  ])('refuses %j at construction with the option path', (options, message) => {
    let error: unknown;
    try {
      model(options as never);
    } catch (e) {
      error = e;
    }
    expect(isSieveError(error, 'ERR_SIEVE_CONFIG')).toBe(true);
    expect((error as Error).message).toContain(message);
  });

  it('loads the backend once however often init() is called', async () => {
    const backend = createFakeBackend();
    const stage = model({ backend });
    await Promise.all([stage.init!(), stage.init!()]);
    expect(backend.initCalls).toBe(1);
    await stage.close!();
    expect(backend.closed).toBe(true);
  });
});

describe('labels', () => {
  it('sums the probabilities of every injection label of a multi-class model', async () => {
    const backend = createFakeBackend({ labels: ['SAFE', 'JAILBREAK', 'MALICIOUS'], score: () => 0.6 });
    const stage = await ready(model({ backend, injectionLabels: ['MALICIOUS', 'JAILBREAK'] }));
    // MALICIOUS gets 0.6, SAFE and JAILBREAK 0.2 each: injection = 0.8.
    const result = await stage.run(seg('hello there'), ctx());
    expect(result.risk).toBeCloseTo(0.8);
  });

  it('fails to initialise, naming the model labels, when none of injectionLabels exists', async () => {
    const stage = model({ backend: createFakeBackend({ labels: ['LABEL_0', 'LABEL_1'] }) });
    const error = await stage.init!().catch((e: unknown) => e);
    expect(isSieveError(error, 'ERR_SIEVE_CONFIG')).toBe(true);
    expect((error as Error).message).toContain('its labels: LABEL_0, LABEL_1');
  });

  it('fits a LABEL_1 model by configuration', async () => {
    const stage = await ready(model({ backend: scoring({ labels: ['LABEL_0', 'LABEL_1'] }), injectionLabels: ['LABEL_1'] }));
    expect((await stage.run(seg('p=0.95'), ctx())).action).toBe('block');
  });
});

describe('thresholds', () => {
  it.each([
    ['p=0.1', 'pass'],
    ['p=0.6', 'flag'],
    ['p=0.85', 'block'],
  ])('maps a user text scored %s to %s with the defaults (flag 0.5, block 0.8)', async (text, action) => {
    const stage = await ready(model({ backend: scoring() }));
    const result = await stage.run(seg(text), ctx());
    expect(result.action).toBe(action);
    expect(result.findings.map((f) => f.code)).toEqual(action === 'pass' ? [] : ['model_injection']);
  });

  it('judges tool and document segments more strictly than user text by default', async () => {
    const stage = await ready(model({ backend: scoring() }));
    expect((await stage.run(seg('p=0.65', 'user'), ctx())).action).toBe('flag');
    expect((await stage.run(seg('p=0.65', 'tool'), ctx())).action).toBe('block');
    expect((await stage.run(seg('p=0.35', 'document'), ctx())).action).toBe('flag');
  });

  it('never lets data roles be more lenient than configured user thresholds', async () => {
    const stage = await ready(model({ backend: scoring(), flagAt: 0.1, blockAt: 0.2 }));
    expect((await stage.run(seg('p=0.25', 'tool'), ctx())).action).toBe('block');
  });

  it('takes thresholds per role from the options over the model settings', async () => {
    const settings = { flagAt: 0.4, blockAt: 0.7, roles: { tool: { flagAt: 0.2, blockAt: 0.3 } } };
    const stage = await ready(model({ backend: scoring({ settings }), roles: { tool: { blockAt: 0.9 } } }));
    expect((await stage.run(seg('p=0.45'), ctx())).action).toBe('flag');
    expect((await stage.run(seg('p=0.75'), ctx())).action).toBe('block');
    expect((await stage.run(seg('p=0.5', 'tool'), ctx())).action).toBe('flag');
  });

  it('reads a role marker from the model settings and puts it in every window of that role', async () => {
    const backend = scoring({ settings: { roles: { tool: { prefix: '[DATA]' } } } });
    const stage = await ready(model({ backend }));
    await stage.run(seg(words(30), 'tool'), ctx());
    await stage.run(seg('hello', 'user'), ctx());
    const toolWindows = backend.calls.slice(0, -1).flat();
    expect(toolWindows.length).toBeGreaterThan(1);
    for (const window of toolWindows) expect(window[0]).toBe('[DATA]');
    expect(backend.calls.at(-1)).toEqual([['hello']]);
  });

  // The bundled model's settings: one calibrated threshold for every role.
  const calibrated = { flagAt: 0.879, blockAt: 0.879, roles: { tool: { flagAt: 0.879, blockAt: 0.879 }, document: { flagAt: 0.879, blockAt: 0.879 } } };

  it('lowers the inherited flag threshold with a role blockAt set below it (docs/model.md example)', async () => {
    const stage = await ready(model({ backend: scoring({ settings: calibrated }), roles: { document: { blockAt: 0.5 } } }));
    expect((await stage.run(seg('p=0.6', 'document'), ctx())).action).toBe('block');
    expect((await stage.run(seg('p=0.4', 'document'), ctx())).action).toBe('pass');
  });

  it('never lets the model settings of a data role be more lenient than the configured user thresholds', async () => {
    const stage = await ready(model({ backend: scoring({ settings: calibrated }), flagAt: 0.2, blockAt: 0.5 }));
    expect((await stage.run(seg('p=0.6', 'user'), ctx())).action).toBe('block');
    expect((await stage.run(seg('p=0.6', 'tool'), ctx())).action).toBe('block');
    expect((await stage.run(seg('p=0.3', 'document'), ctx())).action).toBe('flag');
  });

  it('fails to initialise when a role threshold from the model is below an explicit flag threshold', async () => {
    const stage = model({ backend: scoring({ settings: { roles: { tool: { blockAt: 0.1 } } } }), roles: { tool: { flagAt: 0.5 } } });
    await expect(stage.init!()).rejects.toThrow('roles.tool.flagAt');
  });
});

describe('long input', () => {
  // The fake model's window is 16 tokens: 14 words between [CLS] and [SEP].
  const long = `${words(40)} attack ${words(40)}`;

  it('catches an injection placed after the first window (chunks, the default)', async () => {
    const backend = createFakeBackend();
    const stage = await ready(model({ backend }));
    const result = await stage.run(seg(long), ctx());
    expect(result.action).toBe('block');
    expect(result.detail).toMatchObject({ model: 'fake', decidedBy: 'first' });
    expect(result.detail!.chunks).toBeGreaterThan(2);
  });

  it('stops scoring windows once one is past the block threshold (chunks), but scores them all with full', async () => {
    const attackFirst = `attack ${words(300)}`;
    const chunks = createFakeBackend();
    const byChunks = await (await ready(model({ backend: chunks, batchSize: 2 }))).run(seg(attackFirst), ctx());
    expect(byChunks.detail).toMatchObject({ chunks: 2 });
    expect(byChunks.detail!.chunksTotal).toBeGreaterThan(10);

    const full = createFakeBackend();
    const byFull = await (await ready(model({ backend: full, batchSize: 2, strategy: 'full' }))).run(seg(attackFirst), ctx());
    expect(byFull.action).toBe('block');
    expect(byFull.detail!.chunks).toBe(byChunks.detail!.chunksTotal);
    expect(byFull.detail!.chunksTotal).toBeUndefined();
  });

  it('overlaps windows so a phrase on a boundary is seen whole', async () => {
    const backend = createFakeBackend({ score: (w) => (w.join(' ').includes('ignore rules') ? 0.99 : 0.01) });
    // Window bodies are 14 tokens: "ignore" is the 14th token and "rules" the 15th, across the first boundary.
    const text = `${words(13)} ignore rules ${words(20)}`;
    expect((await (await ready(model({ backend, overlapTokens: 4 }))).run(seg(text), ctx())).action).toBe('block');
    expect((await (await ready(model({ backend, overlapTokens: 0 }))).run(seg(text), ctx())).action).toBe('pass');
  });

  it('refuses at start an overlapTokens the model\'s window cannot hold, rather than cutting it silently', async () => {
    // Fake windows are 16 tokens, 14 of them text: neighbouring windows can share at most 7.
    await expect(model({ backend: createFakeBackend(), overlapTokens: 7 }).init!()).resolves.toBeUndefined();
    await expect(model({ backend: createFakeBackend(), overlapTokens: 8 }).init!()).rejects.toThrow(/overlapTokens: 8 is more than half a window of model ".*" \(at most 7 of its 16 tokens\)/);
  });

  it('reads shorter windows than the model\'s when windowTokens says so, and refuses a longer one at start', async () => {
    const backend = createFakeBackend();
    await (await ready(model({ backend, windowTokens: 10 }))).run(seg(words(30)), ctx());
    // 8 tokens of text per window, neighbours sharing half: bodies start every 4 tokens.
    expect(backend.calls.flat().every((w) => w.length <= 10)).toBe(true);
    expect(backend.calls.flat()).toHaveLength(7);
    await expect(model({ backend: createFakeBackend(), windowTokens: 17 }).init!()).rejects.toThrow(/windowTokens: 17 is longer than the window of model ".*" \(16 tokens\)/);
    await expect(model({ backend: createFakeBackend(), windowTokens: 10, overlapTokens: 5 }).init!()).rejects.toThrow(/overlapTokens: 5 is more than half a window .* \(at most 4 of its 10 tokens\)/);
  });

  it('advances windows by the stride the model was trained with, unless overlapTokens is set', async () => {
    const strided = createFakeBackend({ settings: { window: { strideTokens: 10 } } });
    await (await ready(model({ backend: strided }))).run(seg(words(30)), ctx());
    expect(strided.calls.flat()).toHaveLength(3);
    const overridden = createFakeBackend({ settings: { window: { strideTokens: 10 } } });
    await (await ready(model({ backend: overridden, overlapTokens: 0 }))).run(seg(words(30)), ctx());
    expect(overridden.calls.flat().map((w) => w.length)).toEqual([14, 14, 2]);
  });

  it('head-tail reads one window of head and tail, and reports the unscored middle', async () => {
    const backend = createFakeBackend();
    const stage = await ready(model({ backend, strategy: 'head-tail' }));
    const result = await stage.run(seg(long), ctx());
    expect(backend.calls.flat()).toHaveLength(1);
    expect(result.action).toBe('flag');
    expect(result.findings.map((f) => f.code)).toEqual(['model_input_truncated']);
    expect(result.findings[0]!.message).toMatch(/left \d+ tokens in the middle unscored/);
  });

  it('cuts text beyond maxChars before tokenizing and reports it as model_input_truncated (flag by default)', async () => {
    const backend = createFakeBackend();
    const stage = await ready(model({ backend, maxChars: 100 }));
    const result = await stage.run(seg(`${words(19)} ${words(100)} attack`), ctx());
    expect(result.action).toBe('flag');
    expect(result.findings).toEqual([{ code: 'model_input_truncated', message: expect.stringContaining('first 100 characters') }]);
    expect(backend.calls.flat().flat()).not.toContain('attack');
  });

  it('blocks truncated text when onTruncated is block', async () => {
    const stage = await ready(model({ backend: createFakeBackend(), maxChars: 10, onTruncated: 'block' }));
    expect((await stage.run(seg(words(10)), ctx())).action).toBe('block');
  });

  it('passes empty text without calling the model', async () => {
    const backend = createFakeBackend();
    const stage = await ready(model({ backend }));
    expect(await stage.run(seg('   '), ctx())).toEqual({ action: 'pass', risk: 0, findings: [] });
    expect(backend.calls).toEqual([]);
  });

  it('reads the detection view, not the forwarded text, and never quotes either', async () => {
    const backend = createFakeBackend();
    const stage = await ready(model({ backend }));
    const result = await stage.run({ text: 'harmless', view: 'secret attack', role: 'user' }, ctx());
    expect(result.action).toBe('block');
    expect(JSON.stringify(result)).not.toMatch(/secret|harmless/);
  });
});

describe('throughput', () => {
  it('scores a long text alone on an idle stage whose maxQueue is below batchSize, instead of answering overloaded', async () => {
    const backend = createFakeBackend();
    const stage = await ready(model({ backend, maxQueue: 4, strategy: 'full' }));
    const result = await stage.run(seg(`${words(200)} attack`), ctx());
    expect(result.action).toBe('block');
    expect(result.detail!.chunks).toBeGreaterThan(4);
  });

  it.each([undefined, 20])('micro-batches concurrent segments into one model call (batchWaitMs %s)', async (batchWaitMs) => {
    const backend = createFakeBackend();
    const pipeline = createPipeline({ stages: [model({ backend, batchWaitMs })], cacheSize: 0 });
    const reports = await Promise.all(['one', 'two attack', 'three', 'four'].map((text) => pipeline.run(text)));
    expect(reports.map((r) => r.decision)).toEqual(['allow', 'block', 'allow', 'allow']);
    expect(backend.calls).toHaveLength(1);
    expect(backend.calls[0]).toHaveLength(4);
  });

  it('answers stage_overloaded when the queue is full (the middleware turns it into 503)', async () => {
    const backend = createFakeBackend({ delayMs: 50 });
    const pipeline = createPipeline({ stages: [model({ backend, batchSize: 1, batchWaitMs: 0, maxQueue: 2 })], cacheSize: 0 });
    const reports = await Promise.all(['a', 'b', 'c', 'd', 'e'].map((text) => pipeline.run(text)));
    const codes = reports.map((r) => r.stages[0]!.findings[0]?.code);
    expect(codes.filter((code) => code === 'stage_overloaded')).toHaveLength(2);
    expect(reports.filter((r) => r.decision === 'block')).toHaveLength(2);
  });

  it('drops a segment whose stage timed out from the queue, so the model never scores it', async () => {
    const backend = createFakeBackend();
    const pipeline = createPipeline({ stages: [model({ backend, batchWaitMs: 200 })], stageTimeoutMs: { model: 20 }, cacheSize: 0 });
    const report = await pipeline.run('late');
    expect(report).toMatchObject({ decision: 'block', stages: [{ action: 'error', findings: [{ code: 'stage_timeout' }] }] });
    await new Promise((resolve) => setTimeout(resolve, 250));
    expect(backend.calls).toEqual([]);
  });
});

describe('cascade', () => {
  it('asks the second model only when the first is inside the band, and says which decided', async () => {
    const fast = scoring({ id: 'fast' });
    const slow = createFakeBackend({ id: 'slow', score: () => 0.95 });
    const stage = await ready(model({ backend: fast, cascade: { backend: slow, band: [0.3, 0.7] } }));

    const sure = await stage.run(seg('p=0.05'), ctx());
    expect(sure).toMatchObject({ action: 'pass', detail: { model: 'fast', decidedBy: 'first', firstScore: 0.05 } });
    expect(slow.calls).toEqual([]);

    const unsure = await stage.run(seg('p=0.5'), ctx());
    expect(unsure).toMatchObject({ action: 'block', risk: 0.95, detail: { model: 'slow', decidedBy: 'second', firstScore: 0.5 } });
    expect(slow.calls).toHaveLength(1);
  });
});

describe('errors at start name the option', () => {
  const initError = async (stage: Stage) => {
    const error = await stage.init!().then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    return error as Error & { code?: string };
  };

  it('names `model` and keeps the verification code when the directory is wrong', async () => {
    const error = await initError(model({ model: '/nonexistent/promptsieve-model' }));
    expect(isSieveError(error, 'ERR_SIEVE_MODEL_VERIFY')).toBe(true);
    expect(error.message).toContain('✖ model: Model directory "/nonexistent/promptsieve-model" does not exist');
  });

  it('names `cascade.model` when the second model is the one that fails', async () => {
    const error = await initError(model({ backend: scoring(), cascade: { model: '/nonexistent/second-model' } }));
    expect(error.message).toContain('✖ cascade.model: ');
  });

  it('names `cascade.injectionLabels` when the second model has none of its labels', async () => {
    const error = await initError(model({ backend: scoring(), cascade: { backend: createFakeBackend({ labels: ['LABEL_0', 'LABEL_1'] }) } }));
    expect(isSieveError(error, 'ERR_SIEVE_CONFIG')).toBe(true);
    expect(error.message).toContain('✖ cascade.injectionLabels: none of ["INJECTION"]');
  });

  it('names `backend` when a custom backend fails to initialise', async () => {
    const failing = { ...createFakeBackend(), init: () => Promise.reject(new Error('no such runtime')) };
    const error = await initError(model({ backend: failing }));
    expect(error.message).toContain('✖ backend: no such runtime');
  });
});
