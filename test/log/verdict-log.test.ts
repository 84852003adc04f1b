import { Writable } from 'node:stream';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { hashText, logRequestVerdicts, logSegmentVerdicts, REQUEST_LINE_MSG, STAGE_LINE_MSG } from '../../src/log/index.js';
import type { Report, RequestReport } from '../../src/pipeline/types.js';

/** A pino logger whose JSON lines land in an array. */
function capture(level = 'info') {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n')) if (line) lines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  return { logger: pino({ level }, stream), lines };
}

const segment = (overrides: Partial<Report> = {}): Report => ({
  decision: 'allow',
  text: 'the user text',
  role: 'user',
  path: 'messages[0].content',
  stages: [
    { stage: 'length', kind: 'validate', action: 'pass', findings: [], ms: 0.0123456 },
    { stage: 'heuristic', kind: 'classify', action: 'flag', risk: 0.4, findings: [{ code: 'role_play', message: 'A role-play cue.' }], ms: 1.5 },
  ],
  ...overrides,
});

const request = (overrides: Partial<RequestReport> = {}): RequestReport => ({
  decision: 'allow',
  segments: [segment()],
  request: [{ stage: 'request-limits', kind: 'validate', action: 'pass', findings: [], ms: 0.01 }],
  ms: 2.25,
  ...overrides,
});

describe('logRequestVerdicts', () => {
  it('logs one line per stage per segment and one summary line, with request id and tenant', () => {
    const { logger, lines } = capture();
    logRequestVerdicts(logger, request(), { requestId: 'req-1', tenant: 'acme' });
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatchObject({ level: 30, msg: STAGE_LINE_MSG, reqId: 'req-1', tenant: 'acme', segment: 'messages[0].content', role: 'user', stage: 'length', kind: 'validate', action: 'pass', findings: [], ms: 0.012 });
    expect(lines[1]).toMatchObject({ stage: 'heuristic', action: 'flag', risk: 0.4, findings: ['role_play'], ms: 1.5 });
    expect(lines[2]).toMatchObject({ msg: REQUEST_LINE_MSG, reqId: 'req-1', tenant: 'acme', decision: 'allow', segments: 1, cached: 0, ms: 2.25 });
    expect(lines[2]).not.toHaveProperty('blockedBy');
  });

  it('puts reqId and tenant first on every line, right after pino\'s own fields', () => {
    const { logger, lines } = capture();
    logRequestVerdicts(logger, request(), { requestId: 'req-1', tenant: 'acme' });
    for (const line of lines) expect(Object.keys(line).slice(0, 6)).toEqual(['level', 'time', 'pid', 'hostname', 'reqId', 'tenant']);
  });

  it('never logs raw text or finding messages by default', () => {
    const { logger, lines } = capture();
    logRequestVerdicts(logger, request(), { requestId: 'r' });
    const all = JSON.stringify(lines);
    expect(all).not.toContain('the user text');
    expect(all).not.toContain('A role-play cue');
    expect(lines[0]).not.toHaveProperty('text');
    expect(lines[0]).not.toHaveProperty('textHash');
  });

  it('logs the original text when logText is on, even when a stage changed it', () => {
    const { logger, lines } = capture();
    logRequestVerdicts(logger, request({ segments: [segment({ decision: 'modify', text: 'sanitized' })] }), { requestId: 'r', texts: ['the original'], logText: true });
    expect(lines[0]).toMatchObject({ text: 'the original' });
  });

  it('logs a keyed HMAC of the text for correlation when logHashKey is set', () => {
    const { logger, lines } = capture();
    const key = 'a-key-of-sixteen-chars';
    logRequestVerdicts(logger, request(), { requestId: 'r', logHashKey: key });
    expect(lines[0]!.textHash).toBe(hashText('the user text', key));
    expect(hashText('the user text', key)).not.toBe(hashText('the user text', 'another-key-of-sixteen'));
    expect(hashText('the user text', key)).toMatch(/^[\w-]{43}$/);
  });

  it('logs blocks and errors at warn, with blockedBy and wouldBlock on the summary', () => {
    const { logger, lines } = capture();
    const blocked = segment({
      decision: 'block',
      blockedBy: 'model',
      stages: [{ stage: 'model', kind: 'classify', action: 'error', findings: [{ code: 'stage_timeout', message: 'x' }, { code: 'stage_timeout', message: 'y' }], ms: 2000 }],
    });
    logRequestVerdicts(logger, request({ decision: 'block', blockedBy: 'model', segments: [blocked] }), { requestId: 'r' });
    expect(lines.map((line) => line.level)).toEqual([40, 40]);
    expect(lines[0]!.findings).toEqual(['stage_timeout']);
    expect(lines[1]).toMatchObject({ decision: 'block', blockedBy: 'model' });

    const monitor = capture();
    logRequestVerdicts(monitor.logger, request({ wouldBlock: true, blockedBy: 'heuristic' }), { requestId: 'r' });
    expect(monitor.lines.at(-1)).toMatchObject({ level: 40, decision: 'allow', wouldBlock: true, blockedBy: 'heuristic' });
  });

  it('logs request-level checks that did not pass, and counts cached segments', () => {
    const { logger, lines } = capture();
    const limits = { stage: 'request-limits', kind: 'validate' as const, action: 'block' as const, findings: [{ code: 'too_many_segments', message: 'x' }], ms: 0 };
    logRequestVerdicts(logger, request({ decision: 'block', blockedBy: 'request-limits', segments: [], request: [limits] }), { requestId: 'r' });
    expect(lines[0]).toMatchObject({ stage: 'request-limits', action: 'block', findings: ['too_many_segments'] });
    expect(lines[0]).not.toHaveProperty('segment');

    const cached = capture();
    logRequestVerdicts(cached.logger, request({ segments: [segment({ cached: true }), segment()] }), { requestId: 'r' });
    expect(cached.lines[0]).toMatchObject({ cached: true });
    expect(cached.lines.at(-1)).toMatchObject({ segments: 2, cached: 1 });
  });

  it('keeps only short primitive values of a stage detail, and survives a hostile one', () => {
    const { logger, lines } = capture();
    const detail = Object.defineProperty({ model: 'bundled', score: 0.9, big: 10n, nested: { a: 1 }, long: 'x'.repeat(1000) }, 'trap', {
      enumerable: true,
      get() {
        throw new Error('boom');
      },
    });
    const report = request({ segments: [segment({ stages: [{ stage: 'model', kind: 'classify', action: 'pass', findings: [], ms: 1, detail }] })] });
    expect(() => logRequestVerdicts(logger, report, { requestId: 'r' })).not.toThrow();
    expect(lines[0]!.detail).toEqual({ model: 'bundled', score: 0.9, long: 'x'.repeat(200) });
  });

  it('with passLevel debug, leaves pass lines out of an info log and keeps every other line', () => {
    const { logger, lines } = capture('info');
    logRequestVerdicts(logger, request(), { requestId: 'r', passLevel: 'debug' });
    expect(lines.map((line) => [line.msg, line.stage, line.level])).toEqual([
      [STAGE_LINE_MSG, 'heuristic', 30],
      [REQUEST_LINE_MSG, undefined, 30],
    ]);

    const debug = capture('debug');
    logRequestVerdicts(debug.logger, request(), { requestId: 'r', passLevel: 'debug' });
    expect(debug.lines.map((line) => [line.stage, line.level])).toEqual([['length', 20], ['heuristic', 30], [undefined, 30]]);
    expect(debug.lines[0]).toMatchObject({ reqId: 'r', action: 'pass', findings: [] });
  });

  it('at a warn level, logs the blocks and errors and builds no line it would drop', () => {
    const blocked = request({
      decision: 'block',
      blockedBy: 'heuristic',
      segments: [segment({ decision: 'block', stages: [segment().stages[0]!, { stage: 'heuristic', kind: 'classify', action: 'block', risk: 0.99, findings: [], ms: 1 }] })],
    });
    const { logger, lines } = capture('warn');
    logRequestVerdicts(logger, blocked, { requestId: 'r' });
    expect(lines.map((line) => [line.msg, line.stage, line.level])).toEqual([
      [STAGE_LINE_MSG, 'heuristic', 40],
      [REQUEST_LINE_MSG, undefined, 40],
    ]);

    // A logger that says it writes only `warn` is never handed an info line (nor asked for a child) on an allowed request.
    const calls: string[] = [];
    const warnOnly = {
      isLevelEnabled: (level: string) => level === 'warn',
      info: () => calls.push('info'),
      warn: () => calls.push('warn'),
      child: () => (calls.push('child'), warnOnly),
    };
    logRequestVerdicts(warnOnly as never, request(), { requestId: 'r' });
    expect(calls).toEqual([]);
    logRequestVerdicts(warnOnly as never, blocked, { requestId: 'r' });
    expect(calls).toEqual(['child', 'warn', 'warn']);
  });

  it('accepts a logger without child(), putting the bindings on each line', () => {
    const calls: unknown[] = [];
    const plain = { info: (line: unknown) => calls.push(line), warn: (line: unknown) => calls.push(line) };
    logRequestVerdicts(plain as never, request(), { requestId: 'req-9', tenant: 't' });
    expect(calls).toHaveLength(3);
    for (const line of calls) expect(line).toMatchObject({ reqId: 'req-9', tenant: 't' });
  });
});

describe('logSegmentVerdicts', () => {
  it('logs the stage lines of one report, for callers that run one text at a time', () => {
    const { logger, lines } = capture();
    logSegmentVerdicts(logger, segment(), { requestId: 'line-7' });
    expect(lines.map((line) => line.stage)).toEqual(['length', 'heuristic']);
    expect(lines[0]).toMatchObject({ reqId: 'line-7' });
  });
});
