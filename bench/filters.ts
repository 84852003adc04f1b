/**
 * Per-stage cost of the html, markdown and secrets filters on fixed 1 KB prompts: median of batch
 * means (each batch runs the stage many times back to back), after a warm-up. The html stage's jsdom
 * window is created in init() and reported apart. Then the html stage alone: 1 KB of ordinary markup,
 * 1 KB with one risky element, and 100 KB hostile inputs (median of single calls, with the outcome).
 *
 *   npx tsx bench/filters.ts                      # tables
 *   npx tsx bench/filters.ts --json               # the same, as JSON
 *   npx tsx bench/filters.ts --baseline ../old/src/filters/html.ts
 *                                                 # also measure another build of the html filter (an
 *                                                 # older checkout) in the same run, side by side
 */
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import { resolve } from 'node:path';
import { loadavg } from 'node:os';
import { html } from '../src/filters/html.js';
import { markdown } from '../src/filters/markdown.js';
import { secrets } from '../src/filters/secrets.js';
import type { Segment, Stage, StageResult } from '../src/pipeline/types.js';

const { values } = parseArgs({
  options: {
    json: { type: 'boolean', default: false },
    batches: { type: 'string', default: '15' },
    'hostile-runs': { type: 'string', default: '7' },
    baseline: { type: 'string' },
    only: { type: 'string' },
  },
});
const BATCHES = Number(values.batches);
const HOSTILE_RUNS = Number(values['hostile-runs']);

const sentence = 'The quarterly report shows revenue grew in every region, and the team wants a short summary for the board. ';
const toKB = (text: string) => text.repeat(Math.ceil(1024 / text.length)).slice(0, 1024);
const INPUTS = {
  'plain 1 KB': toKB(sentence),
  '1 KB with markup': toKB(`${sentence}<p>See <b>this</b> and <a href="https://example.com/r">that</a>.</p><!-- note --> `),
  '1 KB with markdown': toKB(`${sentence}See [docs](https://example.com/docs) and ![chart](https://cdn.example/c.png?id=7). `),
  '1 KB with secrets': toKB(`${sentence}Mail jane@example.com or call +44 20 7946 0958. `),
};

// The html stage's own cases. "Ordinary" markup has nothing to remove; "one risky element" has one
// thing to remove in the middle of the same markup.
const ordinary = toKB(`${sentence}<p>See <b>this</b>, <code>a &lt; b</code> and <a href="https://example.com/r" title="Report">that</a>.</p> `);
const withOne = (risky: string) => ordinary.slice(0, 500) + risky + ordinary.slice(500, 1024 - risky.length);
const HTML_INPUTS = {
  '1 KB ordinary markup': ordinary,
  '1 KB markup + one <script>': withOne('<script>alert(1)</script>'),
  '1 KB markup + one onerror': withOne('<img src=x onerror=alert(1)>'),
  '1 KB markup + one <svg>': withOne('<svg><a href="javascript:alert(1)">x</a></svg>'),
};

const KB100 = 100 * 1024;
const fill = (unit: string) => unit.repeat(Math.ceil(KB100 / unit.length)).slice(0, KB100);
const HOSTILE = {
  'event handlers': fill('<img src=x onerror=alert(1)>'),
  comments: fill('<!--x-->'),
  'deep nesting (40 × 250)': fill(`${'<div>'.repeat(250)}${'</div>'.repeat(250)}`),
  'nesting 20 000 deep': fill('<div>'),
  'unclosed formatting': fill('<b><i><p>x'),
  'unclosed <a>': fill('<a>x'),
  '<scr<script>ipt> recursion': fill('a <scr<script>x</script>ipt>alert(1)</script> b</scr<script> '),
  '12 000 attributes, one tag': `<p ${Array.from({ length: 12_000 }, (_, i) => `on${i}=x`).join(' ')}>x</p>`,
  'hidden styles': fill('<span style="display:none">x</span>'),
  'distinct styles': Array.from({ length: 4000 }, (_, i) => `<i style="color:#${(i + 4096).toString(16)}">x</i>`).join('').slice(0, KB100),
  'one 100 KB style': `<p style="color:red;${'a:b;'.repeat(25_000)}">x</p>`,
  'javascript: links': fill('<a href="javascript:alert(1)">x</a>'),
  'svg links': fill('<svg><a xlink:href="javascript:x">y</a></svg>'),
  'distinct tag names': Array.from({ length: 12_000 }, (_, i) => `<x${i}></x${i}>`).join('').slice(0, KB100),
};

const signal = new AbortController().signal;
const segment = (text: string): Segment => ({ text, view: text, role: 'user' });
const wanted = (name: string) => values.only === undefined || name.includes(values.only);

async function median(stage: Stage, text: string): Promise<{ medianUs: number; iterations: number }> {
  const seg = segment(text);
  // Warm up (the JIT, the html stage's memos) for about 200 ms, then size a batch to about 20 ms.
  for (const started = performance.now(); performance.now() - started < 200; ) await stage.run(seg, { signal });
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
  return { medianUs: middle(means), iterations };
}

/** Single calls (a hostile input takes milliseconds to seconds): median and worst, and what the stage answered. */
async function singleCalls(stage: Stage, text: string, runs: number) {
  const ms: number[] = [];
  let result: StageResult | undefined;
  for (let run = 0; run < runs; run++) {
    const started = performance.now();
    result = await stage.run(segment(text), { signal });
    ms.push(performance.now() - started);
  }
  const outcome = `${result!.action}${result!.findings.length > 0 ? ` (${result!.findings.map((f) => f.code).join(', ')})` : ''}`;
  return { medianMs: middle(ms), maxMs: Math.max(...ms), outcome };
}

function middle(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

const loadBefore = loadavg()[0]!;
const htmlStage = html();
const initStarted = performance.now();
await htmlStage.init!();
const htmlInitMs = performance.now() - initStarted;

// Another build of the html filter, measured in the same run so that load affects both alike.
const variants: Record<string, Stage> = { current: htmlStage };
if (values.baseline !== undefined) {
  const module = (await import(pathToFileURL(resolve(values.baseline)).href)) as { html: typeof html };
  variants.baseline = module.html();
  await variants.baseline.init!();
}

const stages: Record<string, Stage> = { html: htmlStage, markdown: markdown(), secrets: secrets() };
const results: { stage: string; input: string; medianUs: number; iterations: number }[] = [];
for (const [name, stage] of Object.entries(stages)) {
  for (const [input, text] of Object.entries(INPUTS)) if (wanted(input)) results.push({ stage: name, input, ...(await median(stage, text)) });
}

const htmlResults: { variant: string; input: string; medianUs: number; iterations: number }[] = [];
for (const [input, text] of Object.entries(HTML_INPUTS)) {
  if (!wanted(input)) continue;
  for (const [variant, stage] of Object.entries(variants)) htmlResults.push({ variant, input, ...(await median(stage, text)) });
}

const hostileResults: { variant: string; input: string; medianMs: number; maxMs: number; outcome: string }[] = [];
for (const [input, text] of Object.entries(HOSTILE)) {
  if (!wanted(input)) continue;
  for (const [variant, stage] of Object.entries(variants)) {
    // The baseline may take seconds per call; three runs are enough to see it.
    const runs = variant === 'current' ? HOSTILE_RUNS : Math.min(HOSTILE_RUNS, 3);
    hostileResults.push({ variant, input, ...(await singleCalls(stage, text, runs)) });
  }
}
const load = { before: loadBefore, after: loadavg()[0]! };

if (values.json) {
  console.log(JSON.stringify({ node: process.version, load, htmlInitMs, results, htmlResults, hostileResults }, null, 2));
} else {
  console.log(`node ${process.version}; load average ${load.before.toFixed(1)} → ${load.after.toFixed(1)}; html init (jsdom window + DOMPurify): ${htmlInitMs.toFixed(0)} ms`);
  console.log('\nstage     input                 median µs/call');
  for (const r of results) console.log(`${r.stage.padEnd(9)} ${r.input.padEnd(21)} ${r.medianUs.toFixed(1).padStart(10)}`);
  console.log('\nhtml      input                        variant   median µs/call');
  for (const r of htmlResults) console.log(`          ${r.input.padEnd(28)} ${r.variant.padEnd(9)} ${r.medianUs.toFixed(1).padStart(10)}`);
  console.log('\nhtml      100 KB hostile input         variant   median ms   max ms  outcome');
  for (const r of hostileResults) {
    console.log(`          ${r.input.padEnd(28)} ${r.variant.padEnd(9)} ${r.medianMs.toFixed(1).padStart(9)} ${r.maxMs.toFixed(1).padStart(8)}  ${r.outcome}`);
  }
}
