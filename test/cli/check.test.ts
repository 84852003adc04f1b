import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, scratch, VALIDATION_CONFIG } from './run-cli.js';

const dir = scratch({
  'validation.json': VALIDATION_CONFIG,
  'bad.json': JSON.stringify({ stages: [{ use: 'length', maxChars: 0 }, { use: 'characters', controlCharacters: 'nuke' }], mod: 'monitor' }),
  'broken.json': '{"stages": [',
});
const config = join(dir, 'validation.json');

describe('promptsieve check', () => {
  it('prints a table of stage verdicts and the decision, and exits 0 when the text is allowed', async () => {
    const result = await runCli(['check', '--config', config, 'hello there']);
    expect(result.code).toBe(0);
    const lines = result.stdout.split('\n');
    expect(lines[0]).toMatch(/^STAGE\s+KIND\s+ACTION\s+RISK\s+FINDINGS\s+MS$/);
    expect(lines[1]).toMatch(/^characters\s+validate\s+pass\s+-\s+-\s+\d+\.\d\d$/);
    expect(lines[2]).toMatch(/^length\s+validate\s+pass\s+-\s+-\s+\d+\.\d\d$/);
    expect(result.stdout).toContain('\ndecision: allow\n');
    expect(result.stderr).toBe('');
  });

  it('reports a modification with each finding, and exits 0', async () => {
    const result = await runCli(['check', '-c', config, 'top\u0007secret']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^characters\s+validate\s+modify\s+-\s+control_characters\s+/m);
    expect(result.stdout).toContain('characters: control_characters [3, 4) 1 control character (U+0007). Removed.');
    expect(result.stdout).toContain('decision: modify');
    // The table describes the text; it never prints it.
    expect(result.stdout).not.toContain('secret');
  });

  it('exits 2 on a block and names the blocking stage', async () => {
    const result = await runCli(['check', '-c', config, 'this text is longer than twenty characters']);
    expect(result.code).toBe(2);
    expect(result.stdout).toContain('decision: block (by length)');
  });

  it('prints the report as JSON with --json', async () => {
    const result = await runCli(['check', '-c', config, '--json', '--role', 'document', 'a\u0001b']);
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout);
    expect(report).toMatchObject({ decision: 'modify', text: 'ab', role: 'document' });
    expect(report.stages.map((verdict: { stage: string; action: string }) => [verdict.stage, verdict.action])).toEqual([
      ['characters', 'modify'],
      ['length', 'pass'],
    ]);
  });

  it('reads the text from stdin when no argument is given, and --text prints only the text to forward', async () => {
    const result = await runCli(['check', '-c', config, '--text'], { stdin: 'from\u001Bstdin' });
    expect(result).toMatchObject({ code: 0, stdout: 'fromstdin' });
    const blocked = await runCli(['check', '-c', config, '--text'], { stdin: 'x'.repeat(21) });
    expect(blocked).toMatchObject({ code: 2, stdout: '' });
  });

  it('never blocks with --mode monitor, but says what enforce would do', async () => {
    const result = await runCli(['check', '-c', config, '--mode', 'monitor', 'this text is longer than twenty characters']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('decision: allow (monitor mode; enforce would block at length)');
  });

  it('runs the default stages without --config', async () => {
    const result = await runCli(['check', '--json', 'hello']);
    expect(result.code).toBe(0);
    const stages = JSON.parse(result.stdout).stages.map((verdict: { stage: string }) => verdict.stage);
    expect(stages.slice(0, 2)).toEqual(['characters', 'length']);
  });

  it('exits 1 and names every bad option path of a config file', async () => {
    const result = await runCli(['check', '--config', join(dir, 'bad.json'), 'hi']);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr.replaceAll(dir, '<dir>')).toMatchInlineSnapshot(`
      "promptsieve: <dir>/bad.json: Invalid promptsieve options:
        ✖ stages[0].maxChars: Too small: expected number to be >0
        ✖ stages[1].controlCharacters: Invalid option: expected one of "strip"|"block"|"flag"|"off"
        ✖ mod: unknown option. Did you mean \`mode\`?
        (ERR_SIEVE_CONFIG: A configuration option is unknown or invalid; the message names its path.)
      "
    `);
  });

  it.each([
    [['check', '--config', 'broken.json', 'hi'], /config file broken\.json is not valid JSON/],
    [['check', '--config', 'missing.json', 'hi'], /cannot read config file missing\.json \(ENOENT\)/],
    [['check', '--role', 'admin', 'hi'], /error: option '--role <role>' argument 'admin' is invalid/],
    [['check', '--mode', 'audit', 'hi'], /argument 'audit' is invalid. Allowed choices are enforce, monitor/],
    [['check', '--bogus', 'hi'], /error: unknown option '--bogus'/],
    [['check', '--json', '--text', 'hi'], /error: option '--text' cannot be used with option '--json'/],
    [['inspect'], /error: unknown command 'inspect'/],
  ])('exits 1 with a message for %j', async (args, message) => {
    const result = await runCli(args, { cwd: dir });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(message);
  });

  it('lists every exit code in the top-level help, eval\'s gate (3) included', async () => {
    const result = await runCli(['--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Exit codes: 0 allowed or modified (check), or done; 2 blocked (check); 3 a gate missed (eval); 1 usage, configuration or input error.');
  });

  it('shows its usage with --help', async () => {
    const result = await runCli(['check', '--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatchInlineSnapshot(`
      "Usage: promptsieve check [options] [text]

      Run one text through the pipeline and show each stage's verdict.

      Arguments:
        text                 the text to check; read from stdin when omitted

      Options:
        -c, --config <file>  JSON config (stages, mode, …), validated like the
                             middleware options
        --mode <mode>        override the config: enforce blocks and rewrites, monitor
                             only reports (choices: "enforce", "monitor")
        --role <role>        where the text comes from; tool output and documents are
                             data (choices: "user", "system", "assistant", "tool",
                             "document", default: "user")
        --json               print the report as JSON
        --text               print only the text to forward (nothing when blocked)
        -h, --help           display help for command

      Exit codes: 0 allowed or modified, 2 blocked, 1 usage, configuration or input error.
      "
    `);
  });
});
