import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MAIN, runCli, scratch, TSX, VALIDATION_CONFIG } from './run-cli.js';

const readJsonl = (path: string) => readFileSync(path, 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line));

// Every kind of line a real export contains: good, modified, blocked, broken, blank, CRLF, not UTF-8, huge.
const MIXED = Buffer.concat([
  Buffer.from('{"id":1,"text":"plain"}\n'),
  Buffer.from('{"id":2,"text":"bell\\u0007here"}\r\n'),
  Buffer.from('\n'),
  Buffer.from('{"id":3,"text":"far too long for the twenty character limit"}\n'),
  Buffer.from('{"id":4,"text":\n'),
  Buffer.from('   \n'),
  Buffer.from('{"id":5}\n'),
  Buffer.from('{"id":6,"text":42}\n'),
  Buffer.from([0x7b, 0xff, 0x7d, 0x0a]),
  Buffer.from(`{"id":8,"text":"${'x'.repeat(300)}"}\n`),
  Buffer.from('{"id":9,"text":"last, no newline"}'),
]);

describe('promptsieve clean', () => {
  it('writes one line per record and one reject per unreadable line: records = written + rejects', async () => {
    const dir = scratch({ 'in.jsonl': MIXED, 'config.json': VALIDATION_CONFIG });
    const result = await runCli(['clean', 'in.jsonl', '-o', 'out.jsonl', '-c', 'config.json', '--max-line-bytes', '200'], { cwd: dir });
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('');

    const out = readJsonl(join(dir, 'out.jsonl'));
    expect(out.map((record) => [record.id, record.text, record.promptsieve.decision])).toEqual([
      [1, 'plain', 'allow'],
      [2, 'bellhere', 'modify'],
      [3, null, 'block'],
      [9, 'last, no newline', 'allow'],
    ]);
    // The verdict only, unless --keep-report asks for every stage's.
    expect(out[1].promptsieve).toEqual({ decision: 'modify' });
    expect(out[2].promptsieve).toEqual({ decision: 'block', blockedBy: 'length' });

    const rejects = readJsonl(join(dir, 'out.jsonl.rejects.jsonl'));
    expect(rejects.map(({ line, error }) => [line, error])).toEqual([
      [5, expect.stringMatching(/^not valid JSON/)],
      [7, 'field "text" is missing'],
      [8, 'field "text" is a number, not a string'],
      [9, 'line is not valid UTF-8'],
      [10, 'line is longer than 200 bytes'],
    ]);
    expect(rejects[1].raw).toBe('{"id":5}');
    expect(rejects[4].raw).toBeNull();

    const nonBlankLines = MIXED.toString('latin1').split('\n').filter((line) => line.trim() !== '').length;
    expect(out.length + rejects.length).toBe(nonBlankLines);
    expect(result.stderr).toMatch(/^promptsieve clean: 9 records in \d+\.\d\d s \([\d,]+ records\/s\)\n/);
    expect(result.stderr).toContain('  allow 2, modify 1, block 1, rejected 5\n  2 blank lines skipped\n  rejects: out.jsonl.rejects.jsonl\n');
    expect(result.stderr).toContain('  findings by stage:\n    characters: control_characters 1\n    length: segment_too_long 1\n');
    expect(readdirSync(dir).sort()).toEqual(['config.json', 'in.jsonl', 'out.jsonl', 'out.jsonl.rejects.jsonl']);
  });

  it('streams stdin to stdout, with rejects as JSON lines on stderr', async () => {
    const dir = scratch({ 'config.json': VALIDATION_CONFIG });
    const result = await runCli(['clean', '-', '-c', 'config.json'], { cwd: dir, stdin: '{"text":"a\\u0001b"}\nnope\n{"text":"c"}\n' });
    expect(result.code).toBe(0);
    expect(result.stdout.split('\n').filter(Boolean).map((line) => JSON.parse(line).text)).toEqual(['ab', 'c']);
    expect(result.stderr).toContain('{"line":2,"error":"not valid JSON","raw":"nope"}\n');
    expect(result.stderr).toContain('rejected 1');
  });

  it('cleans a dotted --field, keeps the original with --keep-original, and only reports in monitor mode', async () => {
    const dir = scratch({
      'in.jsonl': '{"input":{"prompt":"x\\u0000y"},"n":1}\n{"input":{"prompt":"twenty-one characters"},"n":2}\n',
      'config.json': VALIDATION_CONFIG,
    });
    const enforce = await runCli(['clean', 'in.jsonl', '-o', 'out.jsonl', '-c', 'config.json', '--field', 'input.prompt', '--keep-original'], { cwd: dir });
    expect(enforce.code).toBe(0);
    expect(readJsonl(join(dir, 'out.jsonl'))).toMatchObject([
      { input: { prompt: 'xy' }, n: 1, promptsieve: { decision: 'modify', original: 'x\u0000y' } },
      { input: { prompt: null }, n: 2, promptsieve: { decision: 'block', original: 'twenty-one characters' } },
    ]);

    const monitor = await runCli(['clean', 'in.jsonl', '-o', 'monitor.jsonl', '-c', 'config.json', '--field', 'input.prompt', '--mode', 'monitor'], { cwd: dir });
    expect(monitor.stderr).toContain('allow 2, modify 0, block 0, rejected 0, would block 1 (monitor mode)');
    const records = readJsonl(join(dir, 'monitor.jsonl'));
    expect(records.map((record) => record.input.prompt)).toEqual(['x\u0000y', 'twenty-one characters']);
    expect(records[1].promptsieve).toMatchObject({ decision: 'allow', wouldBlock: true, blockedBy: 'length' });
    expect(records[0].promptsieve).not.toHaveProperty('original');
  });

  it('removes a stale default rejects file after a run without rejects, but creates a named one', async () => {
    const dir = scratch({ 'in.jsonl': '{"text":"fine"}\n', 'out.jsonl.rejects.jsonl': '{"line":1}\n', 'config.json': VALIDATION_CONFIG });
    await runCli(['clean', 'in.jsonl', '-o', 'out.jsonl', '-c', 'config.json'], { cwd: dir });
    expect(existsSync(join(dir, 'out.jsonl.rejects.jsonl'))).toBe(false);
    await runCli(['clean', 'in.jsonl', '-o', 'out.jsonl', '-c', 'config.json', '--rejects', 'bad.jsonl'], { cwd: dir });
    expect(readFileSync(join(dir, 'bad.jsonl'), 'utf8')).toBe('');
  });

  it('leaves no output behind when it cannot finish, and exits 1', async () => {
    const dir = scratch({ 'in.jsonl': '{"text":"fine"}\n', 'config.json': VALIDATION_CONFIG });
    const result = await runCli(['clean', 'in.jsonl', '-o', join('missing-dir', 'out.jsonl')], { cwd: dir });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('promptsieve: cannot write missing-dir/out.jsonl (ENOENT)');
    expect(readdirSync(dir).sort()).toEqual(['config.json', 'in.jsonl']);

    // A read that fails once the output is open: the partial output is removed, nothing is renamed.
    const midway = await runCli(['clean', '.', '--format', 'jsonl', '-o', 'out.jsonl', '-c', 'config.json'], { cwd: dir });
    expect(midway.code).toBe(1);
    expect(midway.stderr).toContain('EISDIR');
    expect(readdirSync(dir).sort()).toEqual(['config.json', 'in.jsonl']);

    // A config error after the files were opened leaves nothing either.
    writeFileSync(join(dir, 'bad.json'), '{"stages":[{"use":"nope"}]}');
    const badConfig = await runCli(['clean', 'in.jsonl', '-o', 'out.jsonl', '-c', 'bad.json'], { cwd: dir });
    expect(badConfig.code).toBe(1);
    expect(badConfig.stderr).toContain('stages[0].use: unknown stage "nope"');
    expect(readdirSync(dir).sort()).toEqual(['bad.json', 'config.json', 'in.jsonl']);
  });

  it.each([
    [['clean', 'absent.jsonl', '-o', 'out.jsonl'], /cannot read absent\.jsonl \(ENOENT\)/],
    [['clean', 'in.jsonl', '-o', 'in.jsonl'], /input, output and rejects must be different files/],
    [['clean', 'in.jsonl', '--concurrency', '0'], /option '--concurrency <n>' argument '0' is invalid. expected a positive integer/],
    [['clean', 'in.jsonl', '--field', 'a..b'], /--field "a\.\.b" is not a field path: empty key at character 2/],
    [['clean', 'in.jsonl', '--config', 'bad.json'], /bad\.json: Invalid promptsieve options:\n {2}✖ stages\[0\]\.onTooLong: Invalid option/],
    [['clean'], /error: missing required argument 'input'/],
  ])('exits 1 with a message for %j', async (args, message) => {
    const dir = scratch({ 'in.jsonl': '{"text":"fine"}\n', 'bad.json': '{"stages":[{"use":"length","onTooLong":"wrap"}]}' });
    const result = await runCli(args, { cwd: dir });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(message);
    expect(readFileSync(join(dir, 'in.jsonl'), 'utf8')).toBe('{"text":"fine"}\n');
  });

  it('overwrites an existing output file in one step', async () => {
    const dir = scratch({ 'in.jsonl': '{"text":"new"}\n', 'out.jsonl': 'old contents\n', 'config.json': VALIDATION_CONFIG });
    await runCli(['clean', 'in.jsonl', '-o', 'out.jsonl', '-c', 'config.json'], { cwd: dir });
    expect(readJsonl(join(dir, 'out.jsonl')).map((record) => record.text)).toEqual(['new']);
    writeFileSync(join(dir, 'empty.jsonl'), '');
    const empty = await runCli(['clean', 'empty.jsonl', '-o', 'empty-out.jsonl', '-c', 'config.json'], { cwd: dir });
    expect(empty.code).toBe(0);
    expect(readFileSync(join(dir, 'empty-out.jsonl'), 'utf8')).toBe('');
    expect(empty.stderr).toContain('promptsieve clean: 0 records');
  });

  it('shows its usage with --help', async () => {
    const result = await runCli(['clean', '--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatchInlineSnapshot(`
      "Usage: promptsieve clean [options] <input>

      Sanitize the text of every record of a dataset (JSONL, CSV, Parquet) on all
      cores, in input order, resumably.

      Arguments:
        input                       file to read (.jsonl, .csv, .parquet; .gz for gzip
                                    JSONL or CSV), or - for stdin

      Options:
        -c, --config <file>         JSON config (stages, mode, …), validated like the
                                    middleware options
        --mode <mode>               override the config: enforce blocks and rewrites,
                                    monitor only reports (choices: "enforce",
                                    "monitor")
        --role <role>               where the text comes from; tool output and
                                    documents are data (choices: "user", "system",
                                    "assistant", "tool", "document", default: "user")
        -o, --output <file>         file to write (format from its extension, else the
                                    input's), or - for stdout (default: "-")
        --format <format>           input format, when the file name does not tell
                                    (choices: "jsonl", "jsonl.gz", "csv", "csv.gz",
                                    "parquet")
        --output-format <format>    output format, when the file name does not tell
                                    (choices: "jsonl", "jsonl.gz", "csv", "csv.gz",
                                    "parquet")
        --field <path>              text to sanitize in each record; repeat for
                                    several: input.prompt, messages[*].content
                                    (default: text)
        --roles <roles>             message roles scanned under [*], comma-separated,
                                    or all (default: user,tool,document)
        --rejects <file>            where rejected records go (default:
                                    <output>.rejects.jsonl, or stderr when writing to
                                    stdout)
        --keep-report               add each record's report: every stage's verdict (a
                                    JSON column in CSV and Parquet)
        --keep-original             also keep the original text (promptsieve.original;
                                    promptsieve_original in CSV and Parquet)
        --text-only                 write only the sanitized text of each --field
        --drop-blocked              send blocked records to the rejects file, with
                                    their report, instead of the output
        --workers <n>               worker threads, each with its own pipeline and
                                    model; 0 cleans on the main thread; at most 4 per
                                    CPU core (default: one per CPU core; the main
                                    thread for inputs under 1 MiB)
        --concurrency <n>           records in flight in each worker, so a model stage
                                    can batch them (default: 64)
        --batch-size <n>            records handed to a worker at once (default: 256)
        --max-line-bytes <n>        longer JSONL lines and CSV rows are rejected
                                    without being held in memory (default: 16777216)
        --resume                    continue an interrupted run of the same command
                                    from its checkpoint
        --checkpoint-every <n>      input records between checkpoints (Parquet: after
                                    every row group) (default: 10000)
        --shard <i/n>               take only the i-th of n slices (records i, i+n,
                                    i+2n, …), so n machines can split one input
        --row-group-size <n>        rows per Parquet row group written (default:
                                    10000)
        --progress-every <seconds>  when stderr is not a terminal, print a progress
                                    line this often; 0 for none (default: 10)
        -h, --help                  display help for command

      Each output record is the input record with each --field replaced by the text to forward (null when
      the record is blocked) and the verdict added: a "promptsieve" object in JSONL ({decision, blockedBy?,
      wouldBlock?, report?, original?}), promptsieve_* columns in CSV and Parquet. Records that cannot be
      read or have no text at --field go to the rejects file as {line or row, error, raw}.
      Records read = records written + rejects, always. See docs/cleaning.md.
      "
    `);
  });

  // `script` gives the child a terminal for stderr; without it (not on every system) this cannot be tested.
  const hasScript = spawnSync('script', ['--version']).status === 0;
  it.skipIf(!hasScript)('draws a progress line on a terminal and clears it before the summary', async () => {
    const dir = scratch({ 'in.jsonl': '{"text":"a"}\n{"text":"b"}\n', 'config.json': VALIDATION_CONFIG });
    const command = `${JSON.stringify(process.execPath)} --import ${JSON.stringify(TSX)} ${JSON.stringify(MAIN)} clean in.jsonl -o out.jsonl -c config.json`;
    const result = spawnSync('script', ['-qec', command, '/dev/null'], { cwd: dir, encoding: 'utf8' });
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/\r\x1b\[K0 records \(0\/s\)/);
    expect(result.stdout).toMatch(/\r\x1b\[Kpromptsieve clean: 2 records in/);
    expect(readJsonl(join(dir, 'out.jsonl'))).toHaveLength(2);
  });

  it('stops quietly with exit code 0 when the reader of stdout goes away (clean … | head)', async () => {
    const dir = scratch({ 'config.json': VALIDATION_CONFIG });
    const records = `${JSON.stringify({ text: 'short' })}\n`.repeat(50_000);
    const child = spawn(process.execPath, ['--import', TSX, MAIN, 'clean', '-', '-c', 'config.json'], { cwd: dir });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.stdin.on('error', () => undefined).end(records);
    child.stdout.once('data', () => child.stdout.destroy());
    const code = await new Promise((done) => child.on('close', done));
    expect(code).toBe(0);
    expect(stderr).toBe('');
  });
});
