import { Option, type Command } from 'commander';
import { SieveError } from '../errors.js';
import { addPipelineOptions, type PipelineCliOptions } from './shared-options.js';

type CheckOptions = PipelineCliOptions & { json?: boolean; text?: boolean };

/** Most bytes `check` reads from stdin; a whole corpus belongs to `clean`. */
const MAX_STDIN_BYTES = 64 * 1024 * 1024;

export function registerCheck(program: Command): void {
  addPipelineOptions(
    program
      .command('check')
      .description('Run one text through the pipeline and show each stage\'s verdict.')
      .argument('[text]', 'the text to check; read from stdin when omitted'),
  )
    .option('--json', 'print the report as JSON')
    .addOption(new Option('--text', 'print only the text to forward (nothing when blocked)').conflicts('json'))
    .addHelpText('after', '\nExit codes: 0 allowed or modified, 2 blocked, 1 usage, configuration or input error.')
    .action(async (text: string | undefined, options: CheckOptions) => {
      const input = text ?? (await readStdin());
      // Heavy modules load only when the command runs, so `--help` stays instant.
      const { loadPipeline } = await import('./load-pipeline.js');
      const pipeline = await loadPipeline(options);
      try {
        const report = await pipeline.run({ text: input, role: options.role });
        if (options.json) process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
        else if (options.text) process.stdout.write(report.decision === 'block' ? '' : report.text);
        else process.stdout.write((await import('./format-report.js')).formatReport(report));
        process.exitCode = report.decision === 'block' ? 2 : 0;
      } finally {
        await pipeline.close();
      }
    });
}

async function readStdin(): Promise<string> {
  if (process.stdin.isTTY) {
    throw new SieveError('ERR_SIEVE_INPUT', 'no text given: pass it as an argument or pipe it on stdin.');
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of process.stdin as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_STDIN_BYTES) throw new SieveError('ERR_SIEVE_INPUT', `stdin is larger than ${MAX_STDIN_BYTES} bytes; use "promptsieve clean" for corpora.`);
    chunks.push(chunk);
  }
  // Invalid UTF-8 becomes U+FFFD, as any text decoder in front of a model would make it.
  return Buffer.concat(chunks).toString('utf8');
}
