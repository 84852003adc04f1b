/**
 * HTTP overhead of the promptsieve middleware: the same Express echo endpoint bare, behind
 * promptsieve with no stages (the cost of body reading, shape check, extraction, write-back and
 * logging), and behind the default pipeline. Each request carries a ~1 KB OpenAI chat body whose
 * user message differs per request, so the report cache never answers.
 *
 *   node --import tsx bench/http-middleware.ts [--duration 10] [--connections 10] [--json]
 *
 * Each server runs in its own process (stdout to /dev/null, as a production log sink would be
 * elsewhere), so the load generator does not share its event loop.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

// autocannon ships no typings; the part used here, typed by hand.
type LoadResult = { requests: { average: number }; latency: { p50: number; p99: number }; non2xx: number };
type LoadRequest = { body?: string; [key: string]: unknown };
const autocannon = createRequire(import.meta.url)('autocannon') as (options: {
  url: string;
  method: string;
  headers: Record<string, string>;
  connections: number;
  duration: number;
  requests: { setupRequest(request: LoadRequest): LoadRequest }[];
}) => Promise<LoadResult>;

const VARIANTS = ['bare', 'promptsieve-no-stages', 'promptsieve-default'] as const;
type Variant = (typeof VARIANTS)[number];

const FILLER = 'Please summarise the following meeting notes in three bullet points, keeping names and dates. ';

/** A ~1 KB chat body; `n` makes each user message unique. */
function chatBody(n: number): string {
  return JSON.stringify({
    model: 'gpt-4o-mini',
    messages: [
      { role: 'system', content: 'You are a concise assistant.' },
      { role: 'user', content: `${n} ${FILLER.repeat(9)}` },
    ],
  });
}

async function serve(variant: Variant): Promise<void> {
  const { default: express } = await import('express');
  const { promptsieve } = await import('../src/index.js');
  const app = express();
  const echo = (req: { body: unknown }, res: { json(body: unknown): void }) => res.json(req.body);
  if (variant === 'bare') {
    app.post('/chat', express.json({ limit: '1mb' }), echo);
  } else {
    const sieve = promptsieve(variant === 'promptsieve-no-stages' ? { stages: [] } : {});
    await sieve.ready;
    app.post('/chat', sieve, echo);
  }
  const server = app.listen(0, '127.0.0.1', () => {
    const address = server.address();
    process.stderr.write(`PORT ${typeof address === 'object' && address ? address.port : 0}\n`);
  });
}

async function start(variant: Variant): Promise<{ child: ChildProcess; port: number }> {
  const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), '--serve', variant], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let buffered = '';
  for await (const chunk of child.stderr!) {
    buffered += String(chunk);
    const match = /PORT (\d+)/.exec(buffered);
    if (match) return { child, port: Number(match[1]) };
  }
  throw new Error(`server ${variant} did not start: ${buffered}`);
}

async function load(port: number, seconds: number, connections: number) {
  let n = 0;
  return autocannon({
    url: `http://127.0.0.1:${port}/chat`,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    connections,
    duration: seconds,
    requests: [{ setupRequest: (request) => ({ ...request, body: chatBody(n++) }) }],
  });
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const flag = (name: string, fallback: number) => {
    const at = args.indexOf(`--${name}`);
    return at === -1 ? fallback : Number(args[at + 1]);
  };
  if (args[0] === '--serve') return serve(args[1] as Variant);
  const duration = flag('duration', 10);
  const connections = flag('connections', 10);
  const results: Record<string, { reqPerSec: number; p50: number; p99: number; non2xx: number }> = {};
  for (const variant of VARIANTS) {
    const { child, port } = await start(variant);
    await load(port, 2, connections); // warm-up: JIT, lazy stage setup
    const result = await load(port, duration, connections);
    results[variant] = { reqPerSec: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, non2xx: result.non2xx };
    child.kill();
    await once(child, 'exit');
  }
  if (args.includes('--json')) {
    process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
    return;
  }
  const bare = results.bare!;
  console.log(`connections=${connections} duration=${duration}s, ~1 KB OpenAI chat body, unique per request`);
  console.log('variant                  req/s     p50 ms  p99 ms  non-2xx  throughput vs bare');
  for (const [variant, r] of Object.entries(results)) {
    const ratio = `${((r.reqPerSec / bare.reqPerSec) * 100).toFixed(1)}%`;
    console.log(`${variant.padEnd(24)} ${r.reqPerSec.toFixed(0).padStart(7)}  ${String(r.p50).padStart(6)}  ${String(r.p99).padStart(6)}  ${String(r.non2xx).padStart(7)}  ${ratio}`);
  }
}

await main();
