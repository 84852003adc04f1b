/**
 * Per-stage cost of the html, markdown and secrets filters on fixed 1 KB prompts: median of batch
 * means (each batch runs the stage many times back to back), after a warm-up. The html stage's jsdom
 * window is created in init() and reported apart.
 *
 *   npx tsx bench/filters.ts           # table
 *   npx tsx bench/filters.ts --json    # the same, as JSON
 */
import { parseArgs } from 'node:util';
import { html } from '../src/filters/html.js';
import { markdown } from '../src/filters/markdown.js';
import { secrets } from '../src/filters/secrets.js';
import type { Segment, Stage } from '../src/pipeline/types.js';

const { values } = parseArgs({ options: { json: { type: 'boolean', default: false }, batches: { type: 'string', default: '15' } } });
const BATCHES = Number(values.batches);

const sentence = 'The quarterly report shows revenue grew in every region, and the team wants a short summary for the board. ';
const toKB = (text: string) => text.repeat(Math.ceil(1024 / text.length)).slice(0, 1024);
const INPUTS = {
  'plain 1 KB': toKB(sentence),
  '1 KB with markup': toKB(`${sentence}<p>See <b>this</b> and <a href="https://example.com/r">that</a>.</p><!-- note --> `),
  '1 KB with markdown': toKB(`${sentence}See [docs](https://example.com/docs) and ![chart](https://cdn.example/c.png?id=7). `),
  '1 KB with secrets': toKB(`${sentence}Mail jane@example.com or call +44 20 7946 0958. `),
};

const signal = new AbortController().signal;
const segment = (text: string): Segment => ({ text, view: text, role: 'user' });

async function median(stage: Stage, text: string): Promise<{ medianUs: number; iterations: number }> {
  const seg = segment(text);
  // Size a batch to about 20 ms.
  let iterations = 1;
  for (;;) {
    const started = performance.now();
    for (let i = 0; i < iterations; i++) await stage.run(seg, { signal });
    if (performance.now() - started > 20 || iterations >= 1 << 20) break;
    iterations *= 2;
  }
  const means: number[] = [];
  for (let batch = 0; batch < BATCHES; batch++) {
    const started = performance.now();
    for (let i = 0; i < iterations; i++) await stage.run(seg, { signal });
    means.push(((performance.now() - started) / iterations) * 1000);
  }
  means.sort((a, b) => a - b);
  return { medianUs: means[Math.floor(means.length / 2)]!, iterations };
}

const htmlStage = html();
const initStarted = performance.now();
await htmlStage.init!();
const htmlInitMs = performance.now() - initStarted;

const stages: Record<string, Stage> = { html: htmlStage, markdown: markdown(), secrets: secrets() };
const results: { stage: string; input: string; medianUs: number; iterations: number }[] = [];
for (const [name, stage] of Object.entries(stages)) {
  for (const [input, text] of Object.entries(INPUTS)) results.push({ stage: name, input, ...(await median(stage, text)) });
}

if (values.json) {
  console.log(JSON.stringify({ node: process.version, htmlInitMs, results }, null, 2));
} else {
  console.log(`node ${process.version}; html init (jsdom window + DOMPurify): ${htmlInitMs.toFixed(0)} ms`);
  console.log('stage     input                 median µs/call');
  for (const r of results) console.log(`${r.stage.padEnd(9)} ${r.input.padEnd(21)} ${r.medianUs.toFixed(1).padStart(10)}`);
}
