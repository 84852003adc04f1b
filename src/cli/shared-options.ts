import { Option, type Command } from 'commander';
import { MODES } from '../pipeline/create-pipeline.js';
import { SEGMENT_ROLES, type SegmentRole } from '../pipeline/types.js';

/** Options every pipeline-running subcommand takes. */
export type PipelineCliOptions = { config?: string; mode?: (typeof MODES)[number]; role: SegmentRole };

export function addPipelineOptions(command: Command): Command {
  return command
    .option('-c, --config <file>', 'JSON config (stages, mode, …), validated like the middleware options')
    .addOption(new Option('--mode <mode>', 'override the config: enforce blocks and rewrites, monitor only reports').choices(MODES))
    .addOption(new Option('--role <role>', 'where the text comes from; tool output and documents are data').choices(SEGMENT_ROLES).default('user'));
}
