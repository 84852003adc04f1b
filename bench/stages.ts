/**
 * Median cost of every registered stage on a fixed 1 KB prompt (plain prose, no markup).
 *
 *   node --import tsx bench/stages.ts [--json] [--runs 2000]
 *
 * Each stage is built with its default options and run directly (no pipeline around it), after a
 * warm-up; the model stage is skipped (it has its own bench). Spotlight and the encoders run on a
 * `tool` segment so that role-gated stages do their work.
 */
import { parseArgs } from 'node:util';
import type { Segment, StageContext } from '../src/pipeline/types.js';
import { buildStages, STAGE_CATALOGUE } from '../src/stages.js';

const { values } = parseArgs({ options: { json: { type: 'boolean', default: false }, runs: { type: 'string', default: '2000' } } });
const runs = Number(values.runs);

// About 1 KB of ordinary English with a few words that heuristics look at, but no attack.
const sentence = 'Please summarise the previous report about our system migration and list the rules we agreed on for the next release. ';
const PROMPT = sentence.repeat(Math.ceil(1024 / sentence.length)).slice(0, 1024);
const ctx = { signal: new AbortController().signal } as StageContext;

const results: { stage: string; medianUs: number; p95Us: number }[] = [];
for (const name of Object.keys(STAGE_CATALOGUE)) {
  if (name === 'model') continue;
  const [stage] = buildStages([{ use: name }]);
  await stage!.init?.();
  const segment: Segment = { text: PROMPT, view: PROMPT, role: 'tool' };
  for (let i = 0; i < 200; i++) await stage!.run(segment, ctx);
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    await stage!.run(segment, ctx);
    times.push((performance.now() - started) * 1000);
  }
  times.sort((a, b) => a - b);
  results.push({ stage: name, medianUs: round(times[Math.floor(runs / 2)]!), p95Us: round(times[Math.floor(runs * 0.95)]!) });
  await stage!.close?.();
}

function round(us: number): number {
  return Math.round(us * 10) / 10;
}

if (values.json) console.log(JSON.stringify({ promptBytes: PROMPT.length, runs, node: process.version, results }, null, 2));
else {
  console.log(`1 KB prompt, ${runs} runs after warm-up, ${process.version}\n`);
  console.log('| stage | median µs | p95 µs |\n|---|---:|---:|');
  for (const r of results) console.log(`| ${r.stage} | ${r.medianUs} | ${r.p95Us} |`);
}
