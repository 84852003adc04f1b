import { IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express5 from 'express';
import express4 from 'express4';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { promptsieve } from '../../src/middleware/promptsieve.js';
import { attachReport } from '../../src/middleware/request-report.js';
import type { RequestReport } from '../../src/pipeline/types.js';
import type { Stage } from '../../src/pipeline/types.js';

// A stage that says which text it saw, so each request's report can be told apart.
const echoLength: Stage = { name: 'echo-length', kind: 'validate', run: (segment) => ({ action: 'pass', findings: [{ code: `len_${segment.text.length}`, message: 'length' }] }) };
const silent = pino({ level: 'silent' });
const chat = (content: string) => ({ model: 'm', messages: [{ role: 'user', content }] });

type ExpressFactory = typeof express5;

describe.each([
  ['Express 5', express5],
  ['Express 4', express4 as unknown as ExpressFactory],
])('req.promptsieve (%s)', (_version, express) => {
  const servers: Server[] = [];
  afterEach(() => servers.splice(0).forEach((server) => server.close()));

  async function listen(app: ReturnType<ExpressFactory>): Promise<string> {
    const server = app.listen(0, '127.0.0.1');
    servers.push(server);
    await new Promise((resolve) => server.once('listening', resolve));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }
  const post = (url: string, body: unknown) =>
    fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }).then((response) => response.json());

  it('carries each request its own report, without adding a property to the request', async () => {
    const app = express();
    app.post('/chat', promptsieve({ stages: [echoLength], logger: silent }), (req, res) => {
      res.json({ findings: req.promptsieve?.segments[0]?.stages[0]?.findings.map((finding) => finding.code), own: Object.hasOwn(req, 'promptsieve') });
    });
    const url = `${await listen(app)}/chat`;
    const [first, second] = await Promise.all([post(url, chat('abc')), post(url, chat('abcdef'))]);
    expect(first).toEqual({ findings: ['len_3'], own: false });
    expect(second).toEqual({ findings: ['len_6'], own: false });
  });

  it('is readable in the parent app when the middleware runs in a mounted sub-app', async () => {
    const app = express();
    const sub = express();
    sub.use(promptsieve({ stages: [echoLength], logger: silent }));
    app.use(sub);
    app.post('/chat', (req, res) => res.json({ decision: req.promptsieve?.decision ?? null }));
    expect(await post(`${await listen(app)}/chat`, chat('hello'))).toEqual({ decision: 'allow' });
  });

  it('is undefined on a request no promptsieve middleware saw', async () => {
    const app = express();
    app.post('/with', promptsieve({ stages: [echoLength], logger: silent }), (req, res) => res.json({ has: req.promptsieve !== undefined }));
    app.post('/without', express.json(), (req, res) => res.json({ has: req.promptsieve !== undefined }));
    const url = await listen(app);
    expect(await post(`${url}/with`, chat('x'))).toEqual({ has: true });
    expect(await post(`${url}/without`, chat('x'))).toEqual({ has: false });
  });
});

describe('attachReport outside Express', () => {
  const report: RequestReport = { decision: 'allow', segments: [], request: [], ms: 0 };

  it('sets a plain property on a request that is not an Express one', () => {
    const req = { body: {} } as never as import('express').Request;
    attachReport(req, report);
    expect(Object.hasOwn(req, 'promptsieve')).toBe(true);
    expect(req.promptsieve).toBe(report);
  });

  it('falls back to a plain property when the request prototype cannot take the accessor', () => {
    // The shape of an Express request (request → app.request → express.request → IncomingMessage), frozen.
    const base = Object.freeze(Object.create(IncomingMessage.prototype) as object);
    const req = Object.create(Object.create(base) as object) as import('express').Request;
    expect(() => attachReport(req, report)).not.toThrow();
    expect(Object.hasOwn(req, 'promptsieve')).toBe(true);
    expect(req.promptsieve).toBe(report);
  });
});
