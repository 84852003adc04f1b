/**
 * `promptsieve clean` over synthetic JSONL with the validation stages only (characters + length):
 * records/s and peak RSS at 10k and 100k records. Data is generated into a temp dir and deleted.
 *
 *   npm run build && npx tsx bench/clean.ts   # 10k warm-up, then 3 runs each of 10k, 100k, 1M records
 *   npx tsx bench/clean.ts --json             # the same, as JSON
 *   npx tsx bench/clean.ts --runs 5 --records 10000,100000
 *   npx tsx bench/clean.ts --source           # run src/ through tsx instead of the built dist/
 *   npx tsx bench/clean.ts --cache-size 0     # without the report cache (default: the pipeline's 10000)
 *
 * The CLI runs in a child process, as a user runs it: the built `dist/cli/main.js` by default (tsx's
 * loader thread would add its own memory to the RSS). Records/s is the rate `clean` prints (from
 * pipeline ready to the last write); peak RSS is read by a preload module from
 * `process.resourceUsage().maxRSS` at exit.
 */
import { spawnSync } from 'node:child_process';
import { createWriteStream, existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    json: { type: 'boolean', default: false },
    runs: { type: 'string', default: '3' },
    records: { type: 'string', default: '10000,100000,1000000' },
    chars: { type: 'string', default: '500' },
    source: { type: 'boolean', default: false },
    'cache-size': { type: 'string' },
  },
});
const runs = Number(values.runs);
const sizes = values.records.split(',').map(Number);
const chars = Number(values.chars);

const root = resolve(import.meta.dirname, '..');
const entry = values.source ? ['--import', 'tsx', join(root, 'src/cli/main.ts')] : [builtMain()];
const dir = mkdtempSync(join(tmpdir(), 'promptsieve-bench-clean-'));

try {
  const config = join(dir, 'config.json');
  const cacheSize = values['cache-size'] === undefined ? {} : { cacheSize: Number(values['cache-size']) };
  writeFileSync(config, JSON.stringify({ stages: [{ use: 'characters' }, { use: 'length' }], ...cacheSize }));
  const probe = join(dir, 'rss-probe.mjs');
  writeFileSync(
    probe,
    "import { writeFileSync } from 'node:fs';\nprocess.on('exit', () => writeFileSync(process.env.RSS_FILE, String(process.resourceUsage().maxRSS)));\n",
  );

  const inputs = new Map<number, string>();
  for (const size of new Set([10_000, ...sizes])) inputs.set(size, await generate(join(dir, `in-${size}.jsonl`), size, chars));

  const runOnce = (size: number) => {
    const rssFile = join(dir, 'rss.txt');
    const child = spawnSync(
      process.execPath,
      ['--import', probe, ...entry, 'clean', inputs.get(size)!, '-o', join(dir, 'out.jsonl'), '-c', config],
      { cwd: root, env: { ...process.env, RSS_FILE: rssFile }, encoding: 'utf8' },
    );
    if (child.status !== 0) throw new Error(`clean failed (${child.status}): ${child.stderr}`);
    const match = /records in ([\d.]+) s \(([\d,]+) records\/s\)/.exec(child.stderr);
    if (!match) throw new Error(`no summary in: ${child.stderr}`);
    return { seconds: Number(match[1]), recordsPerSecond: Number(match[2]!.replaceAll(',', '')), peakRssMiB: Number(readFileSync(rssFile, 'utf8')) / 1024 };
  };

  runOnce(10_000); // warm-up: tsx's transform cache, the page cache
  const results = sizes.map((size) => {
    const samples = Array.from({ length: runs }, () => runOnce(size));
    return {
      records: size,
      charsPerRecord: chars,
      recordsPerSecond: median(samples.map((sample) => sample.recordsPerSecond)),
      seconds: median(samples.map((sample) => sample.seconds)),
      peakRssMiB: Math.round(median(samples.map((sample) => sample.peakRssMiB)) * 10) / 10,
      runs,
    };
  });

  if (values.json) {
    console.log(JSON.stringify({ entry: values.source ? 'src via tsx' : 'dist', node: process.version, cpus: cpus().length, loadAverage: loadavg()[0], results }, null, 2));
  } else {
    console.log(`promptsieve clean (${values.source ? 'src via tsx' : 'dist'}), stages characters + length, ~${chars} chars/record, median of ${runs}, cacheSize ${values['cache-size'] ?? 'default'}`);
    // Other work on the machine slows every number here; the load average says how much there was.
    console.log(`node ${process.version}, ${cpus().length} CPUs, 1-minute load average at the end ${loadavg()[0]!.toFixed(2)}`);
    for (const result of results) {
      console.log(`  ${String(result.records).padStart(7)} records: ${result.recordsPerSecond.toLocaleString('en-US')} records/s, ${result.seconds} s, peak RSS ${result.peakRssMiB} MiB`);
    }
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}

/** The built CLI, refusing a dist/ older than the sources it would measure. */
function builtMain(): string {
  const main = join(root, 'dist/cli/main.js');
  const built = existsSync(main) ? statSync(main).mtimeMs : 0;
  const sources = ['src/cli/clean-records.ts', 'src/cli/run-clean.ts', 'src/cli/read-lines.ts', 'src/validators/characters.ts', 'src/validators/length.ts', 'src/pipeline/create-pipeline.ts'];
  if (sources.some((path) => statSync(join(root, path)).mtimeMs > built)) {
    console.error('dist/ is missing or older than src/: run `npm run build` first (or pass --source).');
    process.exit(1);
  }
  return main;
}

/** Writes `count` records of about `chars` characters: words, some punctuation, 1 in 100 with a control character. */
async function generate(path: string, count: number, chars: number): Promise<string> {
  const random = mulberry32(42);
  const syllables = ['ka', 'lo', 'mi', 'ren', 'sto', 'va', 'quo', 'tel', 'ar', 'in', 'ex', 'pre'];
  const out = createWriteStream(path);
  for (let i = 0; i < count; i++) {
    let text = '';
    while (text.length < chars) {
      const syllableCount = 1 + Math.floor(random() * 3);
      for (let s = 0; s < syllableCount; s++) text += syllables[Math.floor(random() * syllables.length)];
      text += random() < 0.08 ? '. ' : ' ';
    }
    if (i % 100 === 0) text = `${text.slice(0, 100)}\u0007${text.slice(100)}`;
    if (!out.write(`${JSON.stringify({ id: i, text, source: 'bench' })}\n`)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'close');
  return path;
}

function mulberry32(seed: number) {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function median(numbers: number[]): number {
  const sorted = [...numbers].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}
