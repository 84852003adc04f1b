/**
 * CPU time the promptsieve middleware spends per request, in-process and without HTTP: the same ~1 KB
 * OpenAI chat bodies as bench/http-middleware.ts (unique per request), already parsed, handed to the
 * middleware with a pino logger that writes its JSON lines to /dev/null, one synchronous write per line
 * as the default logger does. Stage variants as in the HTTP bench. On a shared machine this is the steadier measure of what promptsieve adds: the HTTP
 * bench's throughput depends on everything else the machine runs.
 *
 *   node --import tsx bench/middleware-cpu.ts [--requests 3000] [--rounds 5] [--json]
 *                                            [--destinations sync,async,async-buffered]
 *
 * Reports, per variant, the median over rounds of process CPU µs per request, and the same with
 * logging off (pino level `silent`), which shows what the verdict lines cost. `--destinations`
 * compares pino destinations in one run: `sync` (the default logger's), `async` (pino's own stdout
 * default), `async-buffered` (`minLength: 4096`), `sync-buffered` (synchronous writes of 4 KB) and
 * `default` (the default logger's destination: each turn's lines in one synchronous write); requests come ten per event-loop turn, and an
 * asynchronous destination's pending writes are flushed inside the measured time.
 */
import { openSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { pino } from 'pino';
import { promptsieve, type PromptsieveMiddleware } from '../src/index.js';
import { createDefaultLogger } from '../src/log/default-logger.js';
import { DEFAULT_STAGES, type StageConfig } from '../src/stages.js';

const { values } = parseArgs({
  options: {
    requests: { type: 'string', default: '3000' },
    rounds: { type: 'string', default: '5' },
    destinations: { type: 'string', default: 'sync' },
    json: { type: 'boolean', default: false },
  },
});
const requests = Number(values.requests);
const rounds = Number(values.rounds);

const FILLER = 'Please summarise the following meeting notes in three bullet points, keeping names and dates. ';
let counter = 0;
const chatBody = () => ({
  model: 'gpt-4o-mini',
  messages: [
    { role: 'system', content: 'You are a concise assistant.' },
    { role: 'user', content: `${counter++} ${FILLER.repeat(9)}` },
  ],
});

const validation = DEFAULT_STAGES.filter((stage) => stage.use === 'characters' || stage.use === 'length');
const noModel = DEFAULT_STAGES.filter((stage) => stage.use !== 'model');
/** Stage lists; the `-quiet` variants log pass verdicts at debug (`passLevel`), the default logs them all. */
const VARIANTS: Record<string, { stages: StageConfig[]; passLevel?: 'debug' }> = {
  'no-stages': { stages: [] },
  validation: { stages: validation },
  'validation-quiet': { stages: validation, passLevel: 'debug' },
  'no-model': { stages: noModel },
  'no-model-quiet': { stages: noModel, passLevel: 'debug' },
};

/** pino destinations on /dev/null: the default logger's (`sync`), pino's own stdout default (`async`), and pino's documented fast one. */
const DESTINATIONS = {
  sync: { sync: true },
  async: { sync: false },
  'async-buffered': { sync: false, minLength: 4096 },
  'sync-buffered': { sync: true, minLength: 4096 },
  /** createDefaultLogger's: the lines of each event-loop turn in one synchronous write. */
  default: { sync: true },
} as const;
type Destination = keyof typeof DESTINATIONS;
const destinations = values.destinations.split(',') as Destination[];
const unknown = destinations.filter((name) => !(name in DESTINATIONS));
if (unknown.length > 0) throw new Error(`unknown destination(s) ${unknown.join(', ')}; known: ${Object.keys(DESTINATIONS).join(', ')}`);

type Sink = { middleware: PromptsieveMiddleware; flush(): Promise<void> };
function build({ stages, passLevel }: (typeof VARIANTS)[string], destination: Destination | 'silent'): Sink {
  const options = DESTINATIONS[destination === 'silent' ? 'sync' : destination];
  const devNull = openSync('/dev/null', 'w');
  if (destination === 'default') {
    const logger = createDefaultLogger(devNull);
    // The batch is written when the turn ends: wait for it inside the measured time.
    const flush = () => new Promise<void>((resolve) => setImmediate(resolve));
    return { middleware: promptsieve({ stages: [...stages], logger, ...(passLevel === undefined ? {} : { passLevel }) }), flush };
  }
  const stream = pino.destination({ dest: devNull, ...options });
  const logger = pino({ name: 'promptsieve', level: destination === 'silent' ? 'silent' : 'info' }, stream);
  // A destination that holds lines (asynchronous, or buffered) writes them inside the measured time.
  const flush = () => new Promise<void>((resolve) => (options.sync && !('minLength' in options) ? resolve() : stream.flush(() => resolve())));
  return { middleware: promptsieve({ stages: [...stages], logger, ...(passLevel === undefined ? {} : { passLevel }) }), flush };
}

/** One request through the middleware: resolves on next(), fails on an answer (a block) or next(error). */
function handle(middleware: PromptsieveMiddleware): Promise<void> {
  return new Promise((resolve, reject) => {
    const req = { body: chatBody(), headers: {}, readableEnded: true } as never;
    const refuse = () => reject(new Error('the request was answered, not forwarded'));
    const res = { headersSent: false, status: refuse, send: refuse, json: refuse, end: refuse, setHeader: refuse } as never;
    middleware(req, res, (error?: unknown) => (error ? reject(error) : resolve()));
  });
}

/** Ten requests per turn of the event loop, as a server with ten connections would see them, so that an asynchronous destination writes as it would there. */
const REQUESTS_PER_TURN = 10;
const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

async function cpuPerRequest({ middleware, flush }: Sink, count: number): Promise<number> {
  const started = process.cpuUsage();
  for (let i = 0; i < count; i++) {
    await handle(middleware);
    if (i % REQUESTS_PER_TURN === REQUESTS_PER_TURN - 1) await nextTurn();
  }
  // The thread-pool writes of an asynchronous destination are part of the cost.
  await flush();
  const used = process.cpuUsage(started);
  return (used.user + used.system) / count;
}

const median = (list: number[]) => [...list].sort((a, b) => a - b)[Math.floor(list.length / 2)]!;
const sinks = Object.entries(VARIANTS).flatMap(([variant, setup]) =>
  [...destinations, 'silent' as const].map((destination) => ({ variant, destination, sink: build(setup, destination) })),
);
for (const { sink } of sinks) {
  await sink.middleware.ready;
  await cpuPerRequest(sink, 500); // warm-up: JIT, lazy stage setup
}
const samples = new Map<string, number[]>();
for (let round = 0; round < rounds; round++) {
  // Interleaved, so that load on a shared machine drifts over every variant alike.
  for (const { variant, destination, sink } of sinks) {
    const key = `${variant}\0${destination}`;
    samples.set(key, [...(samples.get(key) ?? []), await cpuPerRequest(sink, requests)]);
  }
}
await Promise.all(sinks.map(({ sink }) => sink.middleware.close()));
const results: Record<string, Record<string, number>> = {};
for (const [key, list] of samples) {
  const [variant, destination] = key.split('\0') as [string, string];
  (results[variant] ??= {})[destination === 'silent' ? 'withoutLoggingUs' : destination] = median(list);
}

if (values.json) console.log(JSON.stringify({ node: process.version, requests, rounds, results }, null, 2));
else {
  console.log(`${requests} requests × ${rounds} rounds per variant, ~1 KB chat body, ${process.version}\n`);
  console.log(`| variant | ${destinations.map((name) => `CPU µs / request, ${name} log`).join(' | ')} | without verdict logging |`);
  console.log(`|---|${destinations.map(() => '---:|').join('')}---:|`);
  for (const [variant, r] of Object.entries(results)) {
    console.log(`| ${variant} | ${destinations.map((name) => r[name]!.toFixed(1)).join(' | ')} | ${r.withoutLoggingUs!.toFixed(1)} |`);
  }
}
