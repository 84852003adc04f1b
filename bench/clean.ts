/**
 * `promptsieve clean` over generated JSONL records of ~500 characters, as a user runs it: the built
 * CLI in a child process, the full default pipeline (model included) unless `--stages validation`.
 * For each worker count and input size: records/s (the rate `clean` prints, from all pipelines ready
 * to the last write), CPU per record, peak RSS. Data is generated into a temp dir and deleted.
 *
 *   npm run build && npx tsx bench/clean.ts                      # 1 worker on one core, 1 and 2 workers on all; 20k and 100k records; median of 3
 *   npx tsx bench/clean.ts --workers 2 --records 1000000 --runs 1  # memory at a million records
 *   npx tsx bench/clean.ts --stages validation                   # characters + length only
 *   npx tsx bench/clean.ts --text syllables                      # random syllables: ~2x the tokens of English
 *   npx tsx bench/clean.ts --json                                # the same, as JSON
 *
 * `--workers` lists setups: `W` runs W workers on every core, `W@C` runs W workers pinned to the first C
 * CPUs with `taskset` (so `1@1` is the one-core baseline that the "both cores ≥ 1.7× one core" target
 * compares against: with one worker unpinned, the main thread's reading and writing already use part of
 * the second core).
 *
 * `--text natural` (the default) strings together English sentences of the kind users send (our own
 * writing: requests, support messages; no attacks, so no record stops before the last stage, the
 * model); `--text syllables` is random syllables, which
 * tokenize into about twice as many model windows per character — a worst case for the model stage.
 *
 * CPU per record is the child's user + system time (every thread) over the records, after taking
 * off what a 2,000-record run of the same kind costs (starting the workers and loading their
 * models); unlike records/s it hardly moves when other work shares the machine. It still holds each
 * worker's warm-up past those 2,000 records (V8 optimising the stages' code, in every worker's own
 * isolate), so the steady state is printed too: CPU per record and records/s from the first
 * progress line past a quarter of the records to the last (the child's CPU read from /proc at each
 * line; Linux only, left out elsewhere). Peak RSS is
 * `process.resourceUsage().maxRSS`, read by a preload module at exit; with a worker per core `clean`
 * runs in a child process (src/cli/clean-process.ts), whose CPU is counted too, and whose launcher's
 * private memory is added to the child's peak RSS. The 1-minute load average is
 * printed before and after: on the shared 2-CPU machine every rate here is a lower bound.
 */
import { spawn } from 'node:child_process';
import { createWriteStream, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';

// Our own writing: the kind of requests and support messages a user dataset holds.
const SENTENCES = [
  'Could you summarise the attached report for the team meeting on Monday?',
  'My order arrived two days late and the box was damaged on one side.',
  'What is the difference between a list and a tuple in Python, and when should I use each?',
  'Please translate the following paragraph into Spanish, keeping the tone informal.',
  'The quarterly numbers look better than last year, mostly thanks to the new store in Leeds.',
  'Can you suggest a vegetarian recipe that takes less than thirty minutes to cook?',
  'I would like to change the delivery address for my last order to my office.',
  'Write a short poem about the sea in autumn, four lines at most.',
  'How do I reset my password if I no longer have access to my old email account?',
  'Explain how photosynthesis works to a ten-year-old who likes football.',
  'The meeting has been moved to Thursday afternoon because the room was double-booked.',
  'Draft a polite reply declining the invitation to speak at the conference.',
  'Which of these three laptops has the best battery life for travelling?',
  'Our team uses a shared calendar, but invitations keep arriving in the wrong time zone.',
  'Is it safe to store cooked rice in the fridge overnight and eat it the next day?',
  'List five questions I could ask at the end of a job interview.',
  'The printer on the second floor shows a paper jam even though the tray is empty.',
  'Give me a packing list for a three-day hiking trip in the mountains in October.',
  'Compare renting and buying a flat for someone who might move abroad in two years.',
];

const { values } = parseArgs({
  options: {
    json: { type: 'boolean', default: false },
    runs: { type: 'string', default: '3' },
    records: { type: 'string', default: '20000,100000' },
    workers: { type: 'string', default: '1@1,1,2' },
    chars: { type: 'string', default: '500' },
    stages: { type: 'string', default: 'default' },
    text: { type: 'string', default: 'natural' },
  },
});
const runs = Number(values.runs);
const sizes = values.records.split(',').map(Number);
/** A run setup: `workers` worker threads, pinned to the first `cpus` CPUs when given. */
type Setup = { label: string; workers: number; cpus?: number };
const setups: Setup[] = values.workers.split(',').map((spec) => {
  const [workers, cpus] = spec.split('@').map(Number);
  if (!Number.isInteger(workers) || (cpus !== undefined && !Number.isInteger(cpus))) throw new Error(`--workers: "${spec}" is not W or W@C`);
  return cpus === undefined ? { label: spec, workers: workers! } : { label: spec, workers: workers!, cpus };
});
const chars = Number(values.chars);
const BASELINE = 2000;

const root = resolve(import.meta.dirname, '..');
const main = builtMain();
const dir = mkdtempSync(join(tmpdir(), 'promptsieve-bench-clean-'));

type Sample = { recordsPerSecond: number; seconds: number; cpuSeconds: number; peakRssMiB: number; steadyCpuMsPerRecord?: number; steadyRecordsPerSecond?: number };

try {
  const config = join(dir, 'config.json');
  writeFileSync(config, JSON.stringify(values.stages === 'validation' ? { stages: [{ use: 'characters' }, { use: 'length' }] } : {}));
  const probe = join(dir, 'rss-probe.mjs');
  writeFileSync(
    probe,
    // One line per process: `clean` with a worker per core runs in a child process (src/cli/clean-process.ts),
    // which loads this probe too. `private` (Linux): memory of the process's own, not shared with the other.
    [
      "import { appendFileSync, existsSync, readFileSync } from 'node:fs';",
      "import { isMainThread } from 'node:worker_threads';",
      'const privateKiB = () => existsSync("/proc/self/smaps_rollup") ? [...readFileSync("/proc/self/smaps_rollup", "utf8").matchAll(/^Private_(?:Clean|Dirty):\\s+(\\d+)/gm)].reduce((sum, match) => sum + Number(match[1]), 0) : undefined;',
      "if (isMainThread) process.on('exit', () => { const u = process.resourceUsage(); appendFileSync(process.env.PROBE_FILE, JSON.stringify({ maxRSS: u.maxRSS, cpu: u.userCPUTime + u.systemCPUTime, private: privateKiB() }) + '\\n'); });",
    ].join('\n'),
  );
  const inputs = new Map<number, string>();
  for (const size of new Set([BASELINE, ...sizes])) inputs.set(size, await generate(join(dir, `in-${size}.jsonl`), size, chars, values.text === 'syllables' ? syllableText : naturalText));

  const runOnce = async (size: number, setup: Setup): Promise<Sample> => {
    const probeFile = join(dir, 'probe.jsonl');
    rmSync(probeFile, { force: true });
    const command = [process.execPath, '--import', probe, main, 'clean', inputs.get(size)!, '-o', join(dir, 'out.jsonl'), '-c', config, '--workers', String(setup.workers), '--progress-every', '1'];
    const pinned = setup.cpus === undefined ? command : ['taskset', '-c', `0-${setup.cpus - 1}`, ...command];
    const child = spawn(pinned[0]!, pinned.slice(1), { cwd: root, env: { ...process.env, PROBE_FILE: probeFile }, stdio: ['ignore', 'ignore', 'pipe'] });
    // At each progress line: records done and the child's CPU so far (every thread), for the steady-state slope.
    const marks: { records: number; cpuSeconds: number; at: number }[] = [];
    let stderr = '';
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (text: string) => {
      stderr += text;
      for (const line of text.matchAll(/promptsieve clean: ([\d,]+) records \(/g)) {
        const cpuSeconds = processCpuSeconds(child.pid!);
        if (cpuSeconds !== undefined) marks.push({ records: Number(line[1]!.replaceAll(',', '')), cpuSeconds, at: performance.now() });
      }
    });
    const [status] = (await once(child, 'close')) as [number | null];
    if (status !== 0) throw new Error(`clean failed (${status}): ${stderr}`);
    const match = /records in ([\d.]+) s \(([\d,]+) records\/s\)/.exec(stderr);
    if (!match) throw new Error(`no summary in: ${stderr}`);
    // Both processes' CPU. Memory: the cleaning process's peak RSS, plus the launcher's private memory
    // (flat, ~10 MiB; the rest of its ~50 MiB RSS is the node binary, whose pages the child shares).
    const processes = readFileSync(probeFile, 'utf8').trim().split('\n').map((line) => JSON.parse(line) as { maxRSS: number; cpu: number; private?: number });
    processes.sort((a, b) => b.maxRSS - a.maxRSS);
    const measured = {
      maxRSS: processes[0]!.maxRSS + processes.slice(1).reduce((sum, one) => sum + (one.private ?? one.maxRSS), 0),
      cpu: processes.reduce((sum, one) => sum + one.cpu, 0),
    };
    // Steady state: from the first progress line past a quarter of the records to the last one.
    const from = marks.find((mark) => mark.records >= size / 4);
    const to = marks.at(-1);
    const steady = from !== undefined && to !== undefined && to.records - from.records >= size / 4 ? { from, to } : undefined;
    return {
      seconds: Number(match[1]),
      recordsPerSecond: Number(match[2]!.replaceAll(',', '')),
      cpuSeconds: measured.cpu / 1e6,
      peakRssMiB: measured.maxRSS / 1024,
      ...(steady === undefined
        ? {}
        : {
            steadyCpuMsPerRecord: ((steady.to.cpuSeconds - steady.from.cpuSeconds) / (steady.to.records - steady.from.records)) * 1e3,
            steadyRecordsPerSecond: (steady.to.records - steady.from.records) / ((steady.to.at - steady.from.at) / 1e3),
          }),
    };
  };

  const loadBefore = loadavg()[0]!;
  // Runs alternate between worker counts (1, 2, 1, 2, …) so that a burst of other work on the shared
  // machine lands on both alike, instead of on whichever happened to run then.
  const baselines = new Map<string, Sample>();
  for (const setup of setups) baselines.set(setup.label, await runOnce(BASELINE, setup)); // also the warm-up
  const samples = new Map<string, Sample[]>();
  for (let run = 0; run < runs; run++) {
    for (const size of sizes) {
      for (const setup of setups) {
        const key = `${setup.label}/${size}`;
        samples.set(key, [...(samples.get(key) ?? []), await runOnce(size, setup)]);
      }
    }
  }
  const results = setups.flatMap((setup) =>
    sizes.map((size) => {
      const mine = samples.get(`${setup.label}/${size}`)!;
      const cpu = median(mine.map((sample) => sample.cpuSeconds));
      return {
        workers: setup.workers,
        cpus: setup.cpus ?? cpus().length,
        records: size,
        charsPerRecord: chars,
        recordsPerSecond: median(mine.map((sample) => sample.recordsPerSecond)),
        seconds: median(mine.map((sample) => sample.seconds)),
        cpuMsPerRecord: Math.round(((cpu - baselines.get(setup.label)!.cpuSeconds) / (size - BASELINE)) * 1e6) / 1e3,
        peakRssMiB: Math.round(median(mine.map((sample) => sample.peakRssMiB)) * 10) / 10,
        ...steadyOf(mine),
        allRecordsPerSecond: mine.map((sample) => sample.recordsPerSecond),
        runs,
      };
    }),
  );
  const loadAfter = loadavg()[0]!;

  if (values.json) {
    console.log(JSON.stringify({ stages: values.stages, text: values.text, node: process.version, cpus: cpus().length, loadAverage: { before: loadBefore, after: loadAfter }, results }, null, 2));
  } else {
    console.log(`promptsieve clean (dist), ${values.stages} stages, ~${chars} chars/record of ${values.text} text, median of ${runs}`);
    console.log(`node ${process.version}, ${cpus().length} CPUs, 1-minute load average ${loadBefore.toFixed(2)} before, ${loadAfter.toFixed(2)} after`);
    for (const result of results) {
      console.log(
        `  ${result.workers} worker${result.workers === 1 ? ' ' : 's'} on ${result.cpus} CPU${result.cpus === 1 ? ' ' : 's'} ${String(result.records).padStart(8)} records: ${result.recordsPerSecond.toLocaleString('en-US').padStart(6)} records/s (runs: ${result.allRecordsPerSecond.join(', ')}), ${result.seconds} s, ${result.cpuMsPerRecord} CPU ms/record, peak RSS ${result.peakRssMiB} MiB` +
          (result.steadyCpuMsPerRecord === undefined ? '' : `; steady state ${result.steadyRecordsPerSecond!.toLocaleString('en-US')} records/s, ${result.steadyCpuMsPerRecord} CPU ms/record`),
      );
    }
    // The scaling target compares every setup with one worker on one core.
    for (const result of results) {
      const oneCore = results.find((other) => other.workers === 1 && other.cpus === 1 && other.records === result.records);
      if (oneCore === undefined || result === oneCore) continue;
      const steady = result.steadyRecordsPerSecond !== undefined && oneCore.steadyRecordsPerSecond !== undefined ? `, steady state ${(result.steadyRecordsPerSecond / oneCore.steadyRecordsPerSecond).toFixed(2)}×` : '';
      console.log(`  ${result.workers}@${result.cpus} vs 1@1, ${result.records} records: ${(result.recordsPerSecond / oneCore.recordsPerSecond).toFixed(2)}× records/s${steady}`);
    }
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}

/** Medians of the steady-state figures, when every run had enough progress lines for them. */
function steadyOf(samples: Sample[]): { steadyCpuMsPerRecord?: number; steadyRecordsPerSecond?: number } {
  const cpu = samples.map((sample) => sample.steadyCpuMsPerRecord).filter((value) => value !== undefined);
  const rate = samples.map((sample) => sample.steadyRecordsPerSecond).filter((value) => value !== undefined);
  if (cpu.length < samples.length) return {};
  return { steadyCpuMsPerRecord: Math.round(median(cpu) * 1e3) / 1e3, steadyRecordsPerSecond: Math.round(median(rate)) };
}

/** User + system CPU seconds of a running process and its child processes, every thread (Linux /proc); undefined elsewhere or once it has exited. */
function processCpuSeconds(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const children = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').split(' ').filter(Boolean).map(Number);
    // utime, stime in USER_HZ (100 on Linux)
    return (Number(fields[11]) + Number(fields[12])) / 100 + children.reduce((sum, child) => sum + (processCpuSeconds(child) ?? 0), 0);
  } catch {
    return undefined;
  }
}

/** The built CLI, refusing a dist/ older than the sources it would measure. */
function builtMain(): string {
  const built = join(root, 'dist/cli/main.js');
  const builtAt = existsSync(built) ? statSync(built).mtimeMs : 0;
  const sources = ['src/cli/clean.ts', 'src/cli/clean-process.ts', 'src/pipeline/create-pipeline.ts', ...readdirSync(join(root, 'src/dataset')).map((name) => `src/dataset/${name}`)];
  const stale = sources.filter((path) => statSync(join(root, path)).mtimeMs > builtAt);
  if (stale.length > 0) {
    console.error(`dist/ is missing or older than ${stale[0]}: run \`npm run build\` first.`);
    process.exit(1);
  }
  return built;
}

/** Writes `count` records of about `chars` characters; 1 in 100 carries a control character (the `modify` path). */
async function generate(path: string, count: number, chars: number, text: (random: () => number, chars: number) => string): Promise<string> {
  const random = mulberry32(42);
  const out = createWriteStream(path);
  for (let i = 0; i < count; i++) {
    let body = text(random, chars);
    if (i % 100 === 0) body = `${body.slice(0, 100)}\u0007${body.slice(100)}`;
    if (!out.write(`${JSON.stringify({ id: i, text: body, source: 'bench' })}\n`)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'close');
  return path;
}


function naturalText(random: () => number, chars: number): string {
  let text = '';
  while (text.length < chars) text += `${SENTENCES[Math.floor(random() * SENTENCES.length)]} `;
  return text.trim();
}

function syllableText(random: () => number, chars: number): string {
  const syllables = ['ka', 'lo', 'mi', 'ren', 'sto', 'va', 'quo', 'tel', 'ar', 'in', 'ex', 'pre'];
  let text = '';
  while (text.length < chars) {
    const syllableCount = 1 + Math.floor(random() * 3);
    for (let s = 0; s < syllableCount; s++) text += syllables[Math.floor(random() * syllables.length)];
    text += random() < 0.08 ? '. ' : ' ';
  }
  return text;
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
