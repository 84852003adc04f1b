import { readFileSync } from 'node:fs';
import { isSieveError, SieveError } from '../errors.js';
import { parseSieveConfig, pipelineFromConfig } from '../options.js';
import type { Pipeline } from '../pipeline/create-pipeline.js';
import type { PipelineCliOptions } from './shared-options.js';

/**
 * Builds the pipeline a `--config` file describes (the default stages without one) and waits until
 * every stage is initialised. A bad file fails here, naming the file and each bad option's path.
 * `defaults` apply where the file says nothing (a command's own defaults, such as clean's cache).
 */
export async function loadPipeline(options: Pick<PipelineCliOptions, 'config' | 'mode'>, defaults: { cacheSize?: number } = {}): Promise<Pipeline> {
  const file = options.config;
  const pipeline = withFileName(file, () => {
    const config = parseSieveConfig(file === undefined ? {} : parseJson(file, readConfig(file)));
    if (options.mode !== undefined) config.mode = options.mode;
    config.cacheSize ??= defaults.cacheSize;
    return pipelineFromConfig(config);
  });
  await pipeline.ready;
  return pipeline;
}

// Synchronous on purpose: the config is read once, before any input.
function readConfig(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (cause) {
    throw new SieveError('ERR_SIEVE_CONFIG', `cannot read config file ${file} (${(cause as NodeJS.ErrnoException).code ?? 'error'})`, {
      cause,
      help: 'Check the path given to --config.',
    });
  }
}

function parseJson(file: string, source: string): unknown {
  try {
    return JSON.parse(source);
  } catch (cause) {
    throw new SieveError('ERR_SIEVE_CONFIG', `config file ${file} is not valid JSON: ${(cause as Error).message}`, {
      cause,
      help: 'A config file is one JSON object, e.g. {"stages": [{"use": "length", "maxChars": 20000}]}.',
    });
  }
}

function withFileName<T>(file: string | undefined, build: () => T): T {
  try {
    return build();
  } catch (error) {
    if (file !== undefined && isSieveError(error, 'ERR_SIEVE_CONFIG') && !error.message.includes(file)) {
      throw new SieveError('ERR_SIEVE_CONFIG', `${file}: ${error.message}`, { cause: error, help: error.help });
    }
    throw error;
  }
}
