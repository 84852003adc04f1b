import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { isSieveError, SieveError } from '../errors.js';
import { parseSieveConfig, pipelineFromConfig, type SieveConfig } from '../options.js';
import { DEFAULT_STAGES } from '../stages.js';
import type { Pipeline } from '../pipeline/create-pipeline.js';
import type { PipelineCliOptions } from './shared-options.js';

/**
 * Builds the pipeline a `--config` file describes (the default stages without one) and waits until
 * every stage is initialised. A bad file fails here, naming the file and each bad option's path.
 * `defaults` apply where the file says nothing (a command's own defaults, such as clean's cache).
 */
export async function loadPipeline(options: Pick<PipelineCliOptions, 'config' | 'mode'>, defaults: { cacheSize?: number; modelThreads?: number } = {}): Promise<Pipeline> {
  const file = options.config;
  const pipeline = withFileName(file, () => {
    const config = parseSieveConfig(file === undefined ? {} : parseJson(file, readConfig(file)));
    if (file !== undefined && config.stages !== undefined) config.stages = withModelPathsFrom(dirname(resolve(file)), config.stages);
    if (options.mode !== undefined) config.mode = options.mode;
    config.cacheSize ??= defaults.cacheSize;
    if (defaults.modelThreads !== undefined) config.stages = withModelThreads(config.stages ?? [...DEFAULT_STAGES], defaults.modelThreads);
    return pipelineFromConfig(config);
  });
  await pipeline.ready;
  return pipeline;
}

/**
 * Reads and validates the `--config` file without building the pipeline (no stage starts, no model
 * loads): for a command that builds its pipelines elsewhere (clean's worker threads) but should fail
 * on a bad file before it touches any output.
 */
export function checkPipelineConfig(options: Pick<PipelineCliOptions, 'config'>): void {
  const file = options.config;
  withFileName(file, () => parseSieveConfig(file === undefined ? {} : parseJson(file, readConfig(file))));
}

/**
 * A relative `model` directory in a config file (and its cascade's) is read from the file's own
 * directory, as tsconfig and eslint read theirs: the file then works from any working directory.
 */
function withModelPathsFrom(base: string, stages: NonNullable<SieveConfig['stages']>): NonNullable<SieveConfig['stages']> {
  const anchored = (dir: unknown) => (typeof dir === 'string' && !isAbsolute(dir) ? resolve(base, dir) : dir);
  return stages.map((stage) => {
    if (!('use' in stage) || stage.use !== 'model') return stage;
    const cascade = stage.cascade as Record<string, unknown> | undefined;
    return {
      ...stage,
      ...(stage.model === undefined ? {} : { model: anchored(stage.model) }),
      ...(cascade?.model === undefined ? {} : { cascade: { ...cascade, model: anchored(cascade.model) } }),
    };
  });
}

/** Model stages that do not set `threads` (nor their cascade) get this many. */
function withModelThreads(stages: NonNullable<SieveConfig['stages']>, threads: number): NonNullable<SieveConfig['stages']> {
  return stages.map((stage) => {
    if (!('use' in stage) || stage.use !== 'model') return stage;
    const cascade = stage.cascade as Record<string, unknown> | undefined;
    return { threads, ...stage, ...(cascade ? { cascade: { threads, ...cascade } } : {}) };
  });
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
