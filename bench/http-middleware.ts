/**
 * HTTP overhead of the promptsieve middleware: the same Express echo endpoint bare, behind
 * promptsieve with no stages (the cost of body reading, shape check, extraction, write-back and
 * logging), with the validation stages only, with every default stage except the model (the
 * non-ML default), and with the whole default pipeline; the `-quiet` variants are the same with
 * `passLevel: 'debug'` (pass verdicts not in an info log). Each request carries a ~1 KB OpenAI chat
 * body whose user message differs per request, so the report cache never answers.
 *
 *   node --import tsx bench/http-middleware.ts [--duration 10] [--connections 10] [--json]
 *                                              [--variants bare,promptsieve-no-model] [--rounds 1]
 *                                              [--compare ../other-checkout] [--pin]
 *
 * Every variant's server starts once and is warmed up (2 s); then `--rounds N` measures each variant
 * N times for `--duration` seconds, round-robin (bare, …, bare, …), so that a shared machine's load
 * drifts over all of them alike. Reported per variant: the median req/s, its throughput against bare
 * in the same round (seconds apart) as the median of those ratios, the p99 it adds to bare's in the
 * same round, and the server's own CPU time per request (process.cpuUsage over the measured load):
 * on a machine shared with other work the steadier measure; bare's CPU per request divided by a
 * variant's is the throughput ratio a server-bound deployment would see. Short rounds and many of
 * them (`--duration 3 --rounds 8`) follow the machine's load more closely than long ones.
 * `--compare DIR` also serves each promptsieve variant from another checkout of promptsieve (its own
 * bench/http-middleware.ts, its node_modules), interleaved with this one's, for a before/after in one run;
 * that bench must know the variant names (one from before 2026-11-22 18:40 serves the whole default
 * pipeline for a name it lacks; this one refuses it).
 * `--pin` (Linux, two or more CPUs) runs every server on CPU 1 and the load generator on CPU 0 (taskset), so
 * that a server-bound run reads the server's own cost: unpinned, the kernel moves the server, its GC threads and
 * autocannon over both cores of a two-core machine, and a slower server gives autocannon more of them.
 * Each server runs in its own process (stdout to /dev/null, as a production log sink would be
 * elsewhere), so the load generator does not share its event loop. Servers load the built package
 * (dist/, as users run it: `npm run build` first), not src/ through tsx, whose transform adds work to
 * hot paths (a name written onto every closure).
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { once } from 'node:events';
import { createRequire } from 'node:module';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

// autocannon ships no typings; the part used here, typed by hand.
type LoadResult = { requests: { average: number; total: number }; latency: { p50: number; p99: number }; non2xx: number };
type LoadRequest = { body?: string; [key: string]: unknown };
const autocannon = createRequire(import.meta.url)('autocannon') as (options: {
  url: string;
  method: string;
  headers: Record<string, string>;
  connections: number;
  duration: number;
  requests: { setupRequest(request: LoadRequest): LoadRequest }[];
}) => Promise<LoadResult>;

const VARIANTS = [
  'bare',
  'promptsieve-no-stages',
  'promptsieve-validation',
  'promptsieve-validation-quiet',
  'promptsieve-no-model',
  'promptsieve-no-model-quiet',
  'promptsieve-default',
] as const;
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

/** The built package, refusing a dist/ older than any source file it would stand for. */
async function builtLibrary(): Promise<typeof import('../src/index.js')> {
  const root = resolve(import.meta.dirname, '..');
  const built = join(root, 'dist/index.js');
  const builtAt = existsSync(built) ? statSync(built).mtimeMs : 0;
  const stale = readdirSync(join(root, 'src'), { recursive: true, encoding: 'utf8' }).find(
    (path) => path.endsWith('.ts') && statSync(join(root, 'src', path)).mtimeMs > builtAt,
  );
  if (stale !== undefined) throw new Error(`dist/ is missing or older than src/${stale}: run \`npm run build\` first.`);
  // A computed specifier: the typecheck must not need dist/ to exist.
  return (await import(pathToFileURL(built).href)) as typeof import('../src/index.js');
}

async function serve(variant: Variant): Promise<void> {
  // A name this bench does not know must not fall through to the whole default pipeline.
  if (!VARIANTS.includes(variant)) throw new Error(`unknown variant ${variant}; known: ${VARIANTS.join(', ')}`);
  const { default: express } = await import('express');
  const { promptsieve, DEFAULT_STAGES } = await builtLibrary();
  const app = express();
  const echo = (req: { body: unknown }, res: { json(body: unknown): void }) => res.json(req.body);
  if (variant === 'bare') {
    app.post('/chat', express.json({ limit: '1mb' }), echo);
  } else {
    const validation = DEFAULT_STAGES.filter((stage) => stage.use === 'characters' || stage.use === 'length');
    const noModel = DEFAULT_STAGES.filter((stage) => stage.use !== 'model');
    const stages = {
      'promptsieve-no-stages': [],
      'promptsieve-validation': validation,
      'promptsieve-validation-quiet': validation,
      'promptsieve-no-model': noModel,
      'promptsieve-no-model-quiet': noModel,
      'promptsieve-default': undefined,
    }[variant];
    // The `-quiet` variants log pass verdicts at debug (`passLevel`), so an info log has only the rest.
    const quiet = variant.endsWith('-quiet') ? { passLevel: 'debug' as const } : {};
    const sieve = promptsieve(stages === undefined ? quiet : { stages: [...stages], ...quiet });
    await sieve.ready;
    app.post('/chat', sieve, echo);
  }
  // The parent asks for this process's CPU time before and after each measured load.
  process.on('message', () => process.send!(process.cpuUsage()));
  const server = app.listen(0, '127.0.0.1', () => {
    const address = server.address();
    process.stderr.write(`PORT ${typeof address === 'object' && address ? address.port : 0}\n`);
  });
}

/** Starts one variant's server; `tree` is another checkout of promptsieve whose bench serves it (`--compare`). */
async function start(variant: Variant, tree?: string): Promise<{ child: ChildProcess; port: number }> {
  const script = tree === undefined ? fileURLToPath(import.meta.url) : resolve(tree, 'bench/http-middleware.ts');
  const command = [process.execPath, '--import', 'tsx', script, '--serve', variant];
  if (pinned) command.unshift('taskset', '-c', '1');
  const child = spawn(command[0]!, command.slice(1), {
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    ...(tree === undefined ? {} : { cwd: tree }),
  });
  let buffered = '';
  for await (const chunk of child.stderr!) {
    buffered += String(chunk);
    const match = /PORT (\d+)/.exec(buffered);
    if (match) return { child, port: Number(match[1]) };
  }
  throw new Error(`server ${variant} did not start: ${buffered}`);
}

async function cpuOf(child: ChildProcess): Promise<NodeJS.CpuUsage> {
  child.send('cpu');
  const [usage] = (await once(child, 'message')) as [NodeJS.CpuUsage];
  return usage;
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

/** Whether servers run on CPU 1 and this process (autocannon) on CPU 0 (`--pin`). */
let pinned = false;

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const flag = (name: string, fallback: number) => {
    const at = args.indexOf(`--${name}`);
    return at === -1 ? fallback : Number(args[at + 1]);
  };
  if (args[0] === '--serve') return serve(args[1] as Variant);
  const duration = flag('duration', 10);
  const connections = flag('connections', 10);
  const rounds = flag('rounds', 1);
  const at = args.indexOf('--variants');
  const variants = at === -1 ? [...VARIANTS] : (args[at + 1]!.split(',') as Variant[]);
  const unknown = variants.filter((variant) => !VARIANTS.includes(variant));
  if (unknown.length > 0) throw new Error(`unknown variant(s) ${unknown.join(', ')}; known: ${VARIANTS.join(', ')}`);
  if (!variants.includes('bare')) variants.unshift('bare');
  if (args.includes('--pin')) {
    if (availableParallelism() < 2) throw new Error('--pin needs two CPUs');
    execFileSync('taskset', ['-a', '-p', '-c', '0', String(process.pid)], { stdio: 'ignore' });
    pinned = true;
  }
  const compareAt = args.indexOf('--compare');
  const compareTree = compareAt === -1 ? undefined : args[compareAt + 1]!;

  // Every server starts once and is warmed up once; then the measured slices go round-robin.
  const servers: { name: string; child: ChildProcess; port: number }[] = [];
  for (const variant of variants) {
    servers.push({ name: variant, ...(await start(variant)) });
    if (compareTree !== undefined && variant !== 'bare') servers.push({ name: `${variant} (compared)`, ...(await start(variant, compareTree)) });
  }
  for (const server of servers) await load(server.port, 2, connections); // warm-up: JIT, lazy stage setup
  type Row = { reqPerSec: number; p50: number; p99: number; non2xx: number; cpuUsPerRequest: number };
  const runs: Record<string, Row[]> = {};
  for (let round = 0; round < rounds; round++) {
    for (const { name, child, port } of servers) {
      const cpuBefore = await cpuOf(child);
      const result = await load(port, duration, connections);
      const cpu = await cpuOf(child);
      const cpuUsPerRequest = (cpu.user + cpu.system - cpuBefore.user - cpuBefore.system) / Math.max(1, result.requests.total);
      (runs[name] ??= []).push({ reqPerSec: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, non2xx: result.non2xx, cpuUsPerRequest });
    }
  }
  for (const { child } of servers) {
    child.kill();
    await once(child, 'exit');
  }

  /*
   * Per variant: the round with the median req/s (its latencies with it), the median CPU per request,
   * and, against bare in the same round (seconds apart, so under the same machine load), the median
   * throughput ratio and the median p99 added.
   */
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
  const bareRuns = runs.bare!;
  const results: Record<string, Row & { rounds: number[]; vsBare: number; p99Added: number }> = {};
  for (const [name, rows] of Object.entries(runs)) {
    const sorted = [...rows].sort((a, b) => a.reqPerSec - b.reqPerSec);
    results[name] = {
      ...sorted[Math.floor(sorted.length / 2)]!,
      cpuUsPerRequest: median(rows.map((row) => row.cpuUsPerRequest)),
      rounds: rows.map((row) => Math.round(row.reqPerSec)),
      vsBare: median(rows.map((row, round) => row.reqPerSec / bareRuns[round]!.reqPerSec)),
      p99Added: median(rows.map((row, round) => row.p99 - bareRuns[round]!.p99)),
    };
  }
  if (args.includes('--json')) {
    process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
    return;
  }
  const bare = results.bare!;
  console.log(`connections=${connections} duration=${duration}s rounds=${rounds}${pinned ? ', servers on CPU 1, load on CPU 0' : ''}, ~1 KB OpenAI chat body, unique per request`);
  console.log('| variant | req/s | p50 ms | p99 ms | p99 added vs bare, ms | non-2xx | throughput vs bare | server CPU µs/request | bare CPU ÷ variant CPU | req/s per round |');
  console.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|---|');
  const percent = (ratio: number) => `${(ratio * 100).toFixed(1)}%`;
  for (const [name, r] of Object.entries(results)) {
    const cells = [name, r.reqPerSec.toFixed(0), r.p50, r.p99, r.p99Added, r.non2xx, percent(r.vsBare)];
    cells.push(r.cpuUsPerRequest.toFixed(0), percent(bare.cpuUsPerRequest / r.cpuUsPerRequest), r.rounds.join(' / '));
    console.log(`| ${cells.join(' | ')} |`);
  }
}

await main();
