import { Command, InvalidArgumentError, Option } from 'commander';

type PullCliOptions = { revision: string; sha256?: Record<string, string>; hub?: string; cache?: string; dtype: 'q8' | 'fp32' };

/** `--sha256 FILE=HASH`, repeatable, collected into `{file: hash}`. */
function collectPin(value: string, previous: Record<string, string> = {}): Record<string, string> {
  const at = value.lastIndexOf('=');
  const file = value.slice(0, at);
  const hash = value.slice(at + 1).toLowerCase();
  if (at <= 0 || !/^[0-9a-f]{64}$/.test(hash)) throw new InvalidArgumentError('expected FILE=HASH with a 64-digit hex SHA-256.');
  return { ...previous, [file]: hash };
}

const pinOption = () =>
  new Option('--sha256 <FILE=HASH>', 'expected SHA-256 of a file, relative to the model directory (repeatable)').argParser(collectPin);

/** `promptsieve model pull|verify`: fetch a hub model pinned to a commit, and check a model directory. */
export function registerModel(program: Command): void {
  const model = program.command('model').description('Pull and verify classifier models (every file pinned by SHA-256).');

  model
    .command('pull')
    .description('Download a text-classification model from a hub, pinned to a commit, verify it, and write its SHA256SUMS.')
    .argument('<id>', 'hub model id, e.g. protectai/deberta-v3-base-prompt-injection-v2')
    .requiredOption('--revision <commit>', 'the commit to pin (40 hex digits)')
    .addOption(pinOption())
    .option('--hub <url>', 'hub address (defaults to https://huggingface.co/)')
    .option('--cache <dir>', 'where models are kept, as <dir>/<id>/<revision>/ (defaults to ~/.cache/promptsieve/models)')
    .addOption(new Option('--dtype <dtype>', 'which ONNX file to fetch').choices(['q8', 'fp32']).default('q8'))
    .action(async (id: string, options: PullCliOptions) => {
      const { pullModel } = await import('../classifiers/model-pull.js');
      // Ctrl-C aborts the download, so that the staging directory is removed rather than left in the cache.
      const interrupt = new AbortController();
      const abort = () => interrupt.abort();
      process.once('SIGINT', abort).once('SIGTERM', abort);
      const pulled = await pullModel({ id, ...options, signal: interrupt.signal }).finally(() => {
        process.off('SIGINT', abort).off('SIGTERM', abort);
      });
      if (pulled.pinnedBy === 'first use') {
        process.stderr.write('promptsieve: warning: no --sha256 pins were given and the hub serves no SHA256SUMS; the hashes below were pinned on first use. Check them against the model card before trusting them.\n');
      }
      process.stdout.write(`Pulled ${id}@${options.revision} into ${pulled.dir} (pinned by ${pulled.pinnedBy}):\n`);
      for (const file of pulled.files) process.stdout.write(`  ${file.sha256}  ${file.path}  (${file.bytes} bytes)\n`);
      process.stdout.write(`Use it with: {"use": "model", "model": ${JSON.stringify(pulled.dir)}, "dtype": "${options.dtype}"}\n`);
    });

  model
    .command('verify')
    .description('Check every file of a model directory against its SHA256SUMS (or --sha256 pins); exit 1 if any differs.')
    .argument('<dir>', 'the model directory')
    .addOption(pinOption())
    .action(async (dir: string, options: { sha256?: Record<string, string> }) => {
      const { verifyModelDir } = await import('../classifiers/model-store.js');
      const verified = await verifyModelDir(dir, options.sha256 ? { sha256: options.sha256 } : {});
      process.stdout.write(`OK: ${verified.files.length} files of ${verified.dir} match their pinned SHA-256 (manifest digest ${verified.digest}).\n`);
    });
}
