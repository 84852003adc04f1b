import { pino } from 'pino';
import { describe, expect, it, vi } from 'vitest';
import { isSieveError } from '../../src/errors.js';
import * as api from '../../src/index.js';
import { promptsieve } from '../../src/middleware/promptsieve.js';
import type { Stage } from '../../src/pipeline/types.js';

const silent = pino({ level: 'silent' });
const pass: Stage = { name: 'pass', kind: 'filter', run: () => ({ action: 'pass', findings: [] }) };

describe('promptsieve()', () => {
  it.each([
    ['()', () => promptsieve()],
    ['({})', () => promptsieve({})],
    ['({mode: undefined})', () => promptsieve({ mode: undefined, preset: undefined, bodyLimit: undefined })],
    // Plain JavaScript callers pass null for "no options"; the option parser already reads it as {}.
    ['(null)', () => promptsieve(null as never)],
  ])('builds a named middleware with ready, pipeline and close from %s', async (_label, build) => {
    const middleware = build();
    expect(middleware.name).toBe('promptsieveMiddleware');
    expect(middleware).toHaveLength(3);
    expect(middleware.pipeline.mode).toBe('enforce');
    expect(middleware.ready).toBeInstanceOf(Promise);
    await middleware.close();
  });

  it('names the bad option and its path in the error, at construction', () => {
    expect(() => promptsieve({ mode: 'strict', preset: 'openai-chatt', scanRoles: [], blockStatus: 200, logHashKey: 'short' } as never))
      .toThrowErrorMatchingInlineSnapshot(`
      [SieveError: Invalid promptsieve middleware options:
        ✖ preset: Invalid option: expected one of "openai-chat"|"openai-completions"|"anthropic-messages"|"fields"
        ✖ scanRoles: Too small: expected array to have >=1 items
        ✖ mode: Invalid option: expected one of "enforce"|"monitor"
        ✖ blockStatus: Too small: expected number to be >=400
        ✖ logHashKey: Too small: expected string to have >=16 characters]
    `);
  });

  it.each([
    [{ onBlok: () => undefined }, /onBlok: unknown option\. Did you mean `onBlock`\?/],
    [{ fields: ['a[x]'], preset: 'fields' }, /fields\[0\]: not a field path/],
    [{ preset: 'fields' }, /fields: the `fields` preset needs at least one path/],
    [{ fields: ['input'] }, /fields: only the `fields` preset reads it/],
    [{ bodyLimit: 'lots' }, /bodyLimit/],
    [{ logger: {} }, /logger: Expected a pino-compatible logger/],
    [{ tenant: 'acme' }, /tenant: Expected a function/],
    [{ stages: [{ use: 'nope' }] }, /stages\[0\]\.use: unknown stage "nope"/],
  ])('refuses %j with ERR_SIEVE_CONFIG', (options, message) => {
    expect(() => promptsieve({ logger: silent, ...options } as never)).toThrow(message);
    try {
      promptsieve({ logger: silent, ...options } as never);
    } catch (error) {
      expect(isSieveError(error, 'ERR_SIEVE_CONFIG')).toBe(true);
    }
  });

  it('exposes the ready promise of its pipeline and closes it', async () => {
    const middleware = promptsieve({ logger: silent, stages: [pass] });
    await expect(middleware.ready).resolves.toBeUndefined();
    await middleware.close();
    await expect(middleware.pipeline.run('x')).rejects.toSatisfy((error) => isSieveError(error, 'ERR_SIEVE_CLOSED'));
  });

  it('is part of the public API with its error handler, problem types and log functions', () => {
    expect(api.promptsieve).toBe(promptsieve);
    expect(typeof api.promptsieveErrorHandler()).toBe('function');
    expect(api.promptsieveErrorHandler()).toHaveLength(4);
    expect(Object.keys(api.PROBLEM_TYPES)).toEqual(['malformedJson', 'bodyTooLarge', 'unsupportedMediaType', 'invalidRequest', 'requestBlocked', 'scannerUnavailable']);
    expect(typeof api.logRequestVerdicts).toBe('function');
    expect(typeof api.logSegmentVerdicts).toBe('function');
  });
});

describe('the synchronous fast path', () => {
  const request = () => ({ body: { messages: [{ role: 'user', content: 'hello' }] }, headers: {}, readableEnded: true }) as never;

  it('forwards a parsed body before returning when every stage is synchronous', async () => {
    const middleware = promptsieve({ logger: silent, stages: [pass] });
    await middleware.ready;
    const next = vi.fn();
    middleware(request(), {} as never, next);
    expect(next).toHaveBeenCalledExactlyOnceWith();
  });

  it('forwards after the promise of an asynchronous stage settles', async () => {
    const slow: Stage = { name: 'slow', kind: 'classify', run: async () => ({ action: 'pass', findings: [] }) };
    const middleware = promptsieve({ logger: silent, stages: [slow] });
    await middleware.ready;
    const forwarded = new Promise((resolve) => middleware(request(), {} as never, resolve));
    await expect(forwarded).resolves.toBeUndefined();
  });
});

describe('the report cache by default', () => {
  it.each([
    ['is off for a pipeline of only the characters and length validators', [{ use: 'characters' }, { use: 'length', maxChars: 100 }], undefined, 0],
    ['is off with no stages at all', [], undefined, 0],
    ['is on when any other stage is in the pipeline', [{ use: 'characters' }, { use: 'heuristic' }], undefined, 10_000],
    ['is on for a stage object, whose cost is unknown', [{ use: 'length' }, pass], undefined, 10_000],
    ['follows an explicit cacheSize', [{ use: 'characters' }], 50, 50],
  ])('%s', async (_label, stages, cacheSize, max) => {
    const middleware = promptsieve({ logger: silent, stages: stages as never, ...(cacheSize === undefined ? {} : { cacheSize }) });
    expect(middleware.pipeline.cacheStats().max).toBe(max);
    await middleware.close();
  });
});

describe('passLevel', () => {
  it('is refused at construction when it is not a level the option knows', () => {
    expect(() => promptsieve({ logger: silent, passLevel: 'trace' } as never)).toThrow(/passLevel/);
  });
});
