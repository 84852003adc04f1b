/**
 * The model stage's speed: load time (verification included), single-call latency on a 1 KB prompt,
 * batched throughput under concurrency, event-loop delay under that load, and one 1 MB prompt.
 *
 *   node --import tsx bench/model-stage.ts [--model DIR] [--dtype q8|fp32] [--threads N] [--rounds 3] [--json]
 *
 * Fixed inputs (built from the word list below with a seeded generator), warm-up before every timing.
 * `--rounds N` repeats the single-call and throughput measures N times and reports each one's median
 * (the machine this runs on is shared; the load average before and after is printed with them).
 */
import { loadavg } from 'node:os';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { BUNDLED_MODEL_DIR, model } from '../src/classifiers/model.js';
import { verifyModelDir } from '../src/classifiers/model-store.js';
import type { Stage, StageContext } from '../src/pipeline/types.js';

const { values: args } = parseArgs({
  options: {
    model: { type: 'string', default: BUNDLED_MODEL_DIR },
    dtype: { type: 'string', default: 'q8' },
    json: { type: 'boolean', default: false },
    prompts: { type: 'string', default: '20000' },
    concurrency: { type: 'string', default: '256' },
    threads: { type: 'string' },
    rounds: { type: 'string', default: '1' },
  },
});

const WORDS = (
  'the a to of and in that is for on with as it be at by this from or an are was have not but what all were when we there can ' +
  'your which their if do will each about how up out them then she many some so these would other into has more her two like him ' +
  'see time could no make than first been its who now people my made over did down only way find use may water long little very ' +
  'after words called just where most know get through back much before go good new write our used me man too any day same right ' +
  'look think also around another came come work three word must because does part even place well such here take why things help ' +
  'report invoice weather recipe summary meeting schedule translate email customer order refund shipping please thanks question'
).split(' ');

/** Park–Miller: the same inputs on every run. */
function seeded(seed: number) {
  let state = seed;
  return () => (state = (state * 48271) % 2147483647) / 2147483647;
}

function text(random: () => number, chars: number): string {
  const out: string[] = [];
  let length = 0;
  while (length < chars) {
    const word = WORDS[Math.floor(random() * WORDS.length)]!;
    out.push(word);
    length += word.length + 1;
  }
  return out.join(' ').slice(0, chars);
}

const ctx = (): StageContext => ({ signal: new AbortController().signal });
const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
const round = (x: number, digits = 3) => Math.round(x * 10 ** digits) / 10 ** digits;

async function timeLoad() {
  const importStart = performance.now();
  await import('@huggingface/transformers');
  const importMs = performance.now() - importStart;
  const verifyStart = performance.now();
  await verifyModelDir(args.model);
  const verifyMs = performance.now() - verifyStart;
  const loadStart = performance.now();
  const stage = model({ model: args.model, dtype: args.dtype as 'q8' | 'fp32', ...(args.threads ? { threads: Number(args.threads) } : {}) });
  await stage.init!();
  const loadMs = performance.now() - loadStart;
  return { stage, importMs, verifyMs, loadMs };
}

async function latency(stage: Stage, prompt: string, runs: number) {
  for (let i = 0; i < 50; i++) await stage.run({ text: prompt, view: prompt, role: 'user' }, ctx());
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    await stage.run({ text: prompt, view: prompt, role: 'user' }, ctx());
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return { p50: percentile(times, 50), p95: percentile(times, 95), p99: percentile(times, 99) };
}

async function throughput(stage: Stage, prompts: string[], concurrency: number) {
  const delay = monitorEventLoopDelay({ resolution: 1 });
  let next = 0;
  let overloaded = 0;
  const worker = async () => {
    while (next < prompts.length) {
      const prompt = prompts[next++]!;
      try {
        await stage.run({ text: prompt, view: prompt, role: 'user' }, ctx());
      } catch {
        overloaded++;
      }
    }
  };
  delay.enable();
  const started = performance.now();
  await Promise.all(Array.from({ length: concurrency }, worker));
  const seconds = (performance.now() - started) / 1000;
  delay.disable();
  return {
    promptsPerSecond: Math.round((prompts.length - overloaded) / seconds),
    overloaded,
    eventLoopDelayMs: { p50: delay.percentile(50) / 1e6, p99: delay.percentile(99) / 1e6, max: delay.max / 1e6 },
  };
}

async function oneHugePrompt(stage: Stage, prompt: string) {
  const delay = monitorEventLoopDelay({ resolution: 1 });
  delay.enable();
  const started = performance.now();
  const result = await stage.run({ text: prompt, view: prompt, role: 'user' }, ctx());
  const ms = performance.now() - started;
  delay.disable();
  return { ms, chunks: result.detail?.chunks, findings: result.findings.map((f) => f.code), eventLoopDelayMaxMs: delay.max / 1e6 };
}

/** The run whose `key` is the median of the rounds (odd counts: the middle one). */
function median<T>(runs: T[], key: (run: T) => number): T & { rounds: number[] } {
  const sorted = [...runs].sort((a, b) => key(a) - key(b));
  return { ...sorted[Math.floor((sorted.length - 1) / 2)]!, rounds: runs.map((run) => round(key(run))) };
}

const loadBefore = loadavg().map((x) => round(x, 2));
const random = seeded(42);
const { stage, importMs, verifyMs, loadMs } = await timeLoad();
const oneKb = text(random, 1024);
const count = Number(args.prompts);
const concurrency = Number(args.concurrency);
const rounds = Math.max(1, Number(args.rounds));
// Distinct prompts so nothing can be served from a cache (the stage has none; the pipeline's is not used here).
const short = Array.from({ length: count }, () => text(random, 40 + Math.floor(random() * 200)));
const kilobyte = Array.from({ length: Math.floor(count / 4) }, () => text(random, 1024));
await throughput(stage, short.slice(0, 2000), concurrency); // warm-up
const singles: Awaited<ReturnType<typeof latency>>[] = [];
const shortLoads: Awaited<ReturnType<typeof throughput>>[] = [];
const kilobyteLoads: Awaited<ReturnType<typeof throughput>>[] = [];
for (let r = 0; r < rounds; r++) {
  singles.push(await latency(stage, oneKb, 1000));
  shortLoads.push(await throughput(stage, short, concurrency));
  kilobyteLoads.push(await throughput(stage, kilobyte, concurrency));
}
const single = median(singles, (run) => run.p50);
const shortLoad = median(shortLoads, (run) => run.promptsPerSecond);
const kilobyteLoad = median(kilobyteLoads, (run) => run.promptsPerSecond);
const huge = await oneHugePrompt(stage, text(random, 1024 * 1024));
await stage.close!();

const results = {
  model: args.model,
  dtype: args.dtype,
  threads: args.threads ?? 'ONNX Runtime default',
  node: process.version,
  loadAverage: { before: loadBefore, after: loadavg().map((x) => round(x, 2)) },
  rounds,
  importTransformersMs: round(importMs, 1),
  verifyMs: round(verifyMs, 1),
  loadMsIncludingVerify: round(loadMs, 1),
  single1KbMs: { p50: round(single.p50), p95: round(single.p95), p99: round(single.p99), roundsP50: single.rounds },
  throughputShort: { prompts: count, concurrency, ...shortLoad },
  throughput1Kb: { prompts: kilobyte.length, concurrency, ...kilobyteLoad },
  oneMegabytePrompt: huge,
};
if (args.json) process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
else {
  const line = (label: string, value: unknown) => process.stdout.write(`${label.padEnd(44)} ${typeof value === 'object' ? JSON.stringify(value) : value}\n`);
  for (const [key, value] of Object.entries(results)) line(key, value);
}
