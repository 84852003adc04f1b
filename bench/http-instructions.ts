/**
 * Instructions per HTTP request, counted by cachegrind: the steadier complement of
 * bench/http-middleware.ts on a shared virtual machine, where the same bare Express server's CPU per
 * request moves by ±30% between runs minutes apart. Counts outside the garbage collector and the
 * compiler repeat to about ±2% between runs (bare's moved from 644k to 663k over six runs on 2026-11-23,
 * a variant's difference to bare by up to ±15k): a change smaller than ~20k a request needs several runs.
 *
 *   node --import tsx bench/http-instructions.ts [--variants bare,promptsieve-validation] [--warm 12000]
 *                                                [--measure 5000] [--parallel 2] [--json]
 *
 * Needs valgrind (`apt-get install valgrind`); not run by `npm run bench` (a variant takes minutes).
 * Each variant's server is bench/http-middleware.ts's own (`--serve VARIANT`, the built dist/), run under
 * `valgrind --tool=cachegrind --cache-sim=no` with `node --single-threaded`, so that garbage collection
 * and JIT compilation happen on the counted thread. It is run twice, answering `--warm` requests and
 * `--warm` + `--measure` requests (autocannon, 10 connections, the same unique ~1 KB chat bodies); the
 * difference divided by `--measure` is the steady-state cost of one request. Reported per variant: that
 * total, and the part spent in the garbage collector (noisy: it depends on when a major GC falls) and in
 * the compiler (what is still warming up), and the rest, the steadiest column, with its difference to
 * bare. Not counted: kernel time (socket and log writes are syscalls) and cache misses.
 */
import { execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    variants: { type: 'string', default: 'bare,promptsieve-no-stages,promptsieve-validation,promptsieve-validation-quiet,promptsieve-no-model,promptsieve-no-model-quiet' },
    // At 3,000 the promptsieve variants were still compiling (50–90k instructions a request in the
    // compiler against bare's ~40k); at 12,000 every variant's compiler share is under ~20k.
    warm: { type: 'string', default: '12000' },
    measure: { type: 'string', default: '5000' },
    parallel: { type: 'string', default: '2' },
    json: { type: 'boolean', default: false },
  },
});
const warm = Number(values.warm);
const measure = Number(values.measure);
const variants = values.variants.split(',');
if (!variants.includes('bare')) variants.unshift('bare');

const autocannon = createRequire(import.meta.url)('autocannon') as (options: Record<string, unknown>) => Promise<{ requests: { total: number }; non2xx: number }>;
const FILLER = 'Please summarise the following meeting notes in three bullet points, keeping names and dates. ';
const chatBody = (n: number) =>
  JSON.stringify({ model: 'gpt-4o-mini', messages: [{ role: 'system', content: 'You are a concise assistant.' }, { role: 'user', content: `${n} ${FILLER.repeat(9)}` }] });
const bench = resolve(import.meta.dirname, 'http-middleware.ts');

type Counts = { total: number; gc: number; compiler: number };

/** Function names of V8's collector and of its compilers (TurboFan, Maglev, the parser and bytecode generator). */
const GC = /Scaveng|Mark(ing|Compact|Bit)|Sweep|Evacuat|heap::|Heap::|Collector|RecordWrite|WriteBarrier|Promot|LiveObject|SizeFromMap/;
const COMPILER = /compiler::|maglev::|turboshaft::|Compil|Parser|Scanner|Bytecode|AstValueFactory|Interpreter::/;

/** One server under cachegrind, answering `requests` requests, then stopped: its instruction counts. */
async function countServer(variant: string, requests: number, id: string): Promise<Counts> {
  const out = join(tmpdir(), `promptsieve-cachegrind-${id}.out`);
  const child = spawn(
    'valgrind',
    ['--tool=cachegrind', '--cache-sim=no', `--cachegrind-out-file=${out}`, `--log-file=${out}.log`, process.execPath, '--single-threaded', '--import', 'tsx', bench, '--serve', variant],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let buffered = '';
  let port = 0;
  for await (const chunk of child.stderr!) {
    buffered += String(chunk);
    const match = /PORT (\d+)/.exec(buffered);
    if (match) {
      port = Number(match[1]);
      break;
    }
  }
  if (port === 0) throw new Error(`server ${variant} did not start: ${buffered}`);
  let n = 0;
  const result = await autocannon({
    url: `http://127.0.0.1:${port}/chat`,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    connections: 10,
    amount: requests,
    // Under valgrind a request during warm-up can take longer than autocannon's 10 s default.
    timeout: 120,
    requests: [{ setupRequest: (request: object) => ({ ...request, body: chatBody(n++) }) }],
  });
  if (result.requests.total !== requests) throw new Error(`${variant}: ${result.requests.total} of ${requests} requests answered`);
  child.kill('SIGTERM'); // cachegrind writes its counts when the program ends, by a signal too
  await once(child, 'exit');
  const annotated = execFileSync('cg_annotate', ['--auto=no', '--threshold=0', out], { encoding: 'utf8', maxBuffer: 1 << 28 });
  rmSync(out, { force: true });
  rmSync(`${out}.log`, { force: true });
  return parseAnnotated(annotated);
}

function parseAnnotated(text: string): Counts {
  const counts: Counts = { total: 0, gc: 0, compiler: 0 };
  let inFunctions = false;
  for (const line of text.split('\n')) {
    if (line.includes('file:function')) inFunctions = true;
    const match = inFunctions ? /^\s*([\d,]+)\s+\([^)]*\)\s+(.*)$/.exec(line) : null;
    if (!match) continue;
    const instructions = Number(match[1]!.replaceAll(',', ''));
    counts.total += instructions;
    if (GC.test(match[2]!)) counts.gc += instructions;
    else if (COMPILER.test(match[2]!)) counts.compiler += instructions;
  }
  return counts;
}

async function perRequest(variant: string): Promise<Counts> {
  const [short, long] = await Promise.all([countServer(variant, warm, `${variant}-a`), countServer(variant, warm + measure, `${variant}-b`)]);
  const per = (key: keyof Counts) => (long[key] - short[key]) / measure;
  return { total: per('total'), gc: per('gc'), compiler: per('compiler') };
}

// Each variant runs its two servers at once; `--parallel` variants at a time (valgrind is single-threaded).
const results: Record<string, Counts> = {};
const queue = [...variants];
await Promise.all(
  Array.from({ length: Math.max(1, Math.floor(Number(values.parallel) / 2)) }, async () => {
    for (let variant = queue.shift(); variant !== undefined; variant = queue.shift()) results[variant] = await perRequest(variant);
  }),
);

const rest = (counts: Counts) => counts.total - counts.gc - counts.compiler;
const bare = results.bare!;
if (values.json) console.log(JSON.stringify({ node: process.version, warm, measure, results }, null, 2));
else {
  console.log(`instructions per request (steady state: requests ${warm + 1}–${warm + measure}), ${process.version}\n`);
  console.log('| variant | total | GC | compiler | rest | rest over bare | bare ÷ variant (total) |');
  console.log('|---|---:|---:|---:|---:|---:|---:|');
  for (const variant of variants) {
    const counts = results[variant]!;
    const k = (value: number) => `${Math.round(value / 1000)}k`;
    console.log(`| ${variant} | ${k(counts.total)} | ${k(counts.gc)} | ${k(counts.compiler)} | ${k(rest(counts))} | ${variant === 'bare' ? '' : `+${k(rest(counts) - rest(bare))}`} | ${variant === 'bare' ? '' : `${((bare.total / counts.total) * 100).toFixed(1)}%`} |`);
  }
}
