/**
 * CPU time the promptsieve middleware spends per request, in-process and without HTTP: the same ~1 KB
 * OpenAI chat bodies as bench/http-middleware.ts (unique per request), already parsed, handed to the
 * middleware with a pino logger that writes its JSON lines to /dev/null, one synchronous write per line
 * as the default logger does. Stage variants as in the
 * HTTP bench. On a shared machine this is the steadier measure of what promptsieve adds: the HTTP
 * bench's throughput depends on everything else the machine runs.
 *
 *   node --import tsx bench/middleware-cpu.ts [--requests 3000] [--rounds 5] [--json]
 *
 * Reports, per variant, the median over rounds of process CPU µs per request, and the same with
 * logging off (pino level `silent`), which shows what the verdict lines cost.
 */
import { openSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { pino } from 'pino';
import { promptsieve, type PromptsieveMiddleware } from '../src/index.js';
import { DEFAULT_STAGES, type StageConfig } from '../src/stages.js';

const { values } = parseArgs({
  options: { requests: { type: 'string', default: '3000' }, rounds: { type: 'string', default: '5' }, json: { type: 'boolean', default: false } },
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

const VARIANTS: Record<string, StageConfig[]> = {
  'no-stages': [],
  validation: DEFAULT_STAGES.filter((stage) => stage.use === 'characters' || stage.use === 'length'),
  'no-model': DEFAULT_STAGES.filter((stage) => stage.use !== 'model'),
};
const devNull = pino.destination({ dest: openSync('/dev/null', 'w'), sync: true });
const build = (stages: StageConfig[], level: string) => promptsieve({ stages: [...stages], logger: pino({ name: 'promptsieve', level }, devNull) });

/** One request through the middleware: resolves on next(), fails on an answer (a block) or next(error). */
function handle(middleware: PromptsieveMiddleware): Promise<void> {
  return new Promise((resolve, reject) => {
    const req = { body: chatBody(), headers: {}, readableEnded: true } as never;
    const refuse = () => reject(new Error('the request was answered, not forwarded'));
    const res = { headersSent: false, status: refuse, send: refuse, json: refuse, end: refuse, setHeader: refuse } as never;
    middleware(req, res, (error?: unknown) => (error ? reject(error) : resolve()));
  });
}

async function cpuPerRequest(middleware: PromptsieveMiddleware, count: number): Promise<number> {
  const started = process.cpuUsage();
  for (let i = 0; i < count; i++) await handle(middleware);
  const used = process.cpuUsage(started);
  return (used.user + used.system) / count;
}

const median = (list: number[]) => [...list].sort((a, b) => a - b)[Math.floor(list.length / 2)]!;
const results: Record<string, { cpuUsPerRequest: number; withoutLoggingUs: number }> = {};
const middlewares = Object.entries(VARIANTS).map(([name, stages]) => ({ name, logged: build(stages, 'info'), silent: build(stages, 'silent') }));
for (const { logged, silent } of middlewares) {
  await Promise.all([logged.ready, silent.ready]);
  await cpuPerRequest(logged, 500); // warm-up: JIT, lazy stage setup
  await cpuPerRequest(silent, 500);
}
const samples = new Map<string, { logged: number[]; silent: number[] }>();
for (let round = 0; round < rounds; round++) {
  // Interleaved, so that load on a shared machine drifts over every variant alike.
  for (const { name, logged, silent } of middlewares) {
    const entry = samples.get(name) ?? { logged: [], silent: [] };
    samples.set(name, entry);
    entry.logged.push(await cpuPerRequest(logged, requests));
    entry.silent.push(await cpuPerRequest(silent, requests));
  }
}
for (const [name, entry] of samples) results[name] = { cpuUsPerRequest: median(entry.logged), withoutLoggingUs: median(entry.silent) };
await Promise.all(middlewares.flatMap(({ logged, silent }) => [logged.close(), silent.close()]));

if (values.json) console.log(JSON.stringify({ node: process.version, requests, rounds, results }, null, 2));
else {
  console.log(`${requests} requests × ${rounds} rounds per variant, ~1 KB chat body, ${process.version}\n`);
  console.log('| variant | CPU µs / request | without verdict logging |\n|---|---:|---:|');
  for (const [name, r] of Object.entries(results)) console.log(`| ${name} | ${r.cpuUsPerRequest.toFixed(1)} | ${r.withoutLoggingUs.toFixed(1)} |`);
}
