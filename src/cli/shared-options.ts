import { Option, type Command } from 'commander';
import type { MODES } from '../pipeline/create-pipeline.js';
import { SEGMENT_ROLES, type SegmentRole } from '../pipeline/types.js';

// Spelled out so that `--help` does not load the pipeline (and zod); `satisfies` keeps it equal to MODES.
const MODE_CHOICES = ['enforce', 'monitor'] as const satisfies typeof MODES;

/** Options every pipeline-running subcommand takes. */
export type PipelineCliOptions = { config?: string; mode?: (typeof MODES)[number]; role: SegmentRole };

export function addPipelineOptions(command: Command): Command {
  return command
    .option('-c, --config <file>', 'JSON config (stages, mode, …), validated like the middleware options')
    .addOption(new Option('--mode <mode>', 'override the config: enforce blocks and rewrites, monitor only reports').choices(MODE_CHOICES))
    .addOption(new Option('--role <role>', 'where the text comes from; tool output and documents are data').choices(SEGMENT_ROLES).default('user'));
}
