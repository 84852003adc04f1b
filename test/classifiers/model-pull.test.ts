import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { pullModel } from '../../src/classifiers/model-pull.js';
import { verifyModelDir } from '../../src/classifiers/model-store.js';
import { isSieveError } from '../../src/errors.js';

const REVISION = 'a'.repeat(40);
const sha = (bytes: string | Buffer) => createHash('sha256').update(bytes).digest('hex');

/** A hub repository as the local server serves it; the ONNX bytes are opaque to pull (never parsed). */
const REPO: Record<string, string> = {
  'config.json': JSON.stringify({ model_type: 'bert', architectures: ['BertForSequenceClassification'], id2label: { 0: 'BENIGN', 1: 'INJECTION' } }),
  'tokenizer.json': '{"version":"1.0"}',
  'tokenizer_config.json': '{"model_max_length":128}',
  'onnx/model_quantized.onnx': 'quantized graph bytes',
  'onnx/model.onnx': 'fp32 graph bytes',
};
const PINS = Object.fromEntries(Object.entries(REPO).map(([path, text]) => [path, sha(text)]));

let server: Server;
let hub: string;
let served: Record<string, string>;
const requests: string[] = [];
let cache: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    requests.push(req.url ?? '');
    const prefix = `/org/detector/resolve/${REVISION}/`;
    const path = req.url?.startsWith(prefix) ? decodeURIComponent(req.url.slice(prefix.length)) : undefined;
    const body = path === undefined ? undefined : served[path];
    if (body === undefined) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-length': Buffer.byteLength(body) }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  hub = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
beforeEach(async () => {
  served = { ...REPO };
  requests.length = 0;
  cache = await mkdtemp(join(tmpdir(), 'promptsieve-pull-'));
});
afterEach(() => rm(cache, { recursive: true, force: true }));

const refusal = async (promise: Promise<unknown>, code = 'ERR_SIEVE_MODEL_VERIFY' as const) => {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  expect(isSieveError(error, code)).toBe(true);
  return (error as Error).message;
};

describe('pullModel', () => {
  it('downloads the files transformers.js needs at the pinned commit, checks the pins and writes SHA256SUMS', async () => {
    const pulled = await pullModel({ id: 'org/detector', revision: REVISION, hub, cache, sha256: PINS });
    expect(pulled.dir).toBe(join(cache, 'org/detector', REVISION));
    expect(pulled.pinnedBy).toBe('sha256 option');
    expect(pulled.files.map((file) => file.path)).toEqual(['config.json', 'onnx/model_quantized.onnx', 'tokenizer.json', 'tokenizer_config.json']);
    expect(requests.every((url) => url.includes(`/resolve/${REVISION}/`))).toBe(true);
    const manifest = await readFile(join(pulled.dir, 'SHA256SUMS'), 'utf8');
    expect(manifest).toContain(`${PINS['onnx/model_quantized.onnx']}  onnx/model_quantized.onnx`);
    await expect(verifyModelDir(pulled.dir)).resolves.toMatchObject({ digest: pulled.digest });
  });

  it('fetches the fp32 file when asked', async () => {
    const pulled = await pullModel({ id: 'org/detector', revision: REVISION, hub, cache, dtype: 'fp32' });
    expect(pulled.files.map((file) => file.path)).toContain('onnx/model.onnx');
    expect(pulled.pinnedBy).toBe('first use');
  });

  it('refuses a tampered file, names it, and leaves nothing in the cache', async () => {
    served['onnx/model_quantized.onnx'] = 'quantized graph bytes, with a backdoor';
    const message = await refusal(pullModel({ id: 'org/detector', revision: REVISION, hub, cache, sha256: PINS }));
    expect(message).toContain('"onnx/model_quantized.onnx" does not match the --sha256 pins');
    expect(await readdir(join(cache, 'org/detector'))).toEqual([]);
  });

  it('checks the hub SHA256SUMS when the hub serves one', async () => {
    served.SHA256SUMS = Object.entries(PINS).map(([path, hash]) => `${hash}  ${path}\n`).join('');
    expect((await pullModel({ id: 'org/detector', revision: REVISION, hub, cache })).pinnedBy).toBe('hub manifest');
    served['tokenizer.json'] = '{"version":"2.0"}';
    expect(await refusal(pullModel({ id: 'org/detector', revision: REVISION, hub, cache }))).toContain('"tokenizer.json" does not match the hub\'s SHA256SUMS');
  });

  it('refuses a downloaded file that the pins leave out: pin every file or none', async () => {
    const { 'tokenizer.json': _left, ...partial } = PINS;
    const message = await refusal(pullModel({ id: 'org/detector', revision: REVISION, hub, cache, sha256: partial }));
    expect(message).toContain('"tokenizer.json" was downloaded but the --sha256 pins do not pin it');
  });

  it('reads pins as model verify does: ./config.json pins config.json, and a pin outside the directory is refused', async () => {
    const { 'config.json': config, ...rest } = PINS;
    const pulled = await pullModel({ id: 'org/detector', revision: REVISION, hub, cache, sha256: { ...rest, './config.json': config! } });
    expect(pulled.pinnedBy).toBe('sha256 option');
    const message = await refusal(pullModel({ id: 'org/detector', revision: REVISION, hub, cache, sha256: { ...PINS, '../outside.json': config! } }));
    expect(message).toContain('"../outside.json", which is outside the model directory');
  });

  it('says that the model or revision is not on the hub when even config.json is not found there', async () => {
    const message = await refusal(pullModel({ id: 'org/detector', revision: 'b'.repeat(40), hub, cache }));
    expect(message).toContain('config.json failed: HTTP 404');
    expect(message).toContain(`the hub has no model "org/detector" at revision ${'b'.repeat(40)}`);
  });

  it('fails with the HTTP status when a file is missing on the hub', async () => {
    delete served['tokenizer_config.json'];
    expect(await refusal(pullModel({ id: 'org/detector', revision: REVISION, hub, cache }))).toContain('tokenizer_config.json failed: HTTP 404');
  });

  it.each([
    [{ revision: 'main' }, 'revision: expected a full commit hash'],
    [{ id: '../etc' }, 'is not a hub model id'],
  ])('refuses %j before any request', async (bad, message) => {
    expect(await refusal(pullModel({ id: 'org/detector', revision: REVISION, hub, cache, ...bad }), 'ERR_SIEVE_CONFIG' as never)).toContain(message);
    expect(requests).toEqual([]);
  });
});

describe('pullModel against a hub that fails', () => {
  /** A local server that answers every request with `answer` (or never, leaving the socket open). */
  async function startHub(answer: (res: import('node:http').ServerResponse) => void): Promise<{ url: string; close: () => Promise<void> }> {
    const open = new Set<import('node:net').Socket>();
    const stalled = createServer((_req, res) => answer(res));
    stalled.on('connection', (socket) => open.add(socket));
    await new Promise<void>((resolve) => stalled.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(stalled.address() as AddressInfo).port}/`;
    return {
      url,
      close: () =>
        new Promise<void>((resolve) => {
          for (const socket of open) socket.destroy();
          stalled.close(() => resolve());
        }),
    };
  }

  it('names the hub and the reason when nothing listens there, and leaves nothing behind', async () => {
    const gone = await startHub((res) => res.end());
    await gone.close();
    const message = await refusal(pullModel({ id: 'org/detector', revision: REVISION, hub: gone.url, cache }));
    expect(message).toContain(`Cannot reach ${gone.url.slice(0, -1)}`);
    expect(message).toContain('ECONNREFUSED');
    expect(await readdir(cache)).toEqual([]);
  });

  it('gives up on a hub that accepts the connection but never answers, instead of hanging', async () => {
    const silent = await startHub(() => undefined);
    try {
      const message = await refusal(pullModel({ id: 'org/detector', revision: REVISION, hub: silent.url, cache, idleTimeoutMs: 100 }));
      expect(message).toContain('sent nothing for 0.1 s');
      expect(await readdir(cache)).toEqual([]);
    } finally {
      await silent.close();
    }
  });

  it('gives up on a download that stops halfway, instead of hanging', async () => {
    const halfway = await startHub((res) => {
      res.writeHead(200, { 'content-length': 1000 });
      res.write('{"partial": ');
    });
    try {
      const message = await refusal(pullModel({ id: 'org/detector', revision: REVISION, hub: halfway.url, cache, idleTimeoutMs: 100 }));
      expect(message).toContain('config.json');
      expect(message).toContain('sent nothing for 0.1 s');
      expect(await readdir(join(cache, 'org/detector'))).toEqual([]);
    } finally {
      await halfway.close();
    }
  });

  it('stops when its signal is aborted (Ctrl-C in the CLI) and removes the staging directory', async () => {
    const controller = new AbortController();
    // The hub sends half a file, then the user interrupts.
    const halfway = await startHub((res) => {
      res.writeHead(200, { 'content-length': 1000 });
      res.write('{"partial": ', () => controller.abort());
    });
    try {
      const message = await refusal(pullModel({ id: 'org/detector', revision: REVISION, hub: halfway.url, cache, signal: controller.signal }));
      expect(message).toContain('interrupted');
      expect((await readdir(cache, { recursive: true })).filter((path) => path.includes('.partial-'))).toEqual([]);
    } finally {
      await halfway.close();
    }
  });

  it('refuses a hub address that is not an http(s) URL before any request', async () => {
    const error = await pullModel({ id: 'org/detector', revision: REVISION, hub: 'not a url', cache }).catch((e: unknown) => e);
    expect(isSieveError(error, 'ERR_SIEVE_CONFIG')).toBe(true);
    expect((error as Error).message).toContain('✖ hub: "not a url" is not an http(s) URL');
  });
});
