import { SieveError } from '../../errors.js';
import type { Preset } from '../../options.js';
import type { SegmentRole } from '../../pipeline/types.js';
import { parseJsonPath, type PathStep } from '../json-path.js';
import { anthropicMessagesExtractor } from './anthropic-messages.js';
import { fieldsExtractor } from './fields.js';
import { openAiChatExtractor } from './openai-chat.js';
import { openAiCompletionsExtractor } from './openai-completions.js';
import type { Extractor } from './types.js';

export type { ExtractedSegment, Extractor } from './types.js';

export const DEFAULT_SCAN_ROLES: readonly SegmentRole[] = ['user', 'tool', 'document'];

export type ExtractorConfig = { preset?: Preset; fields?: string[]; scanRoles?: SegmentRole[]; fieldRole?: SegmentRole };

/** Builds the preset's extractor once; a `fields` list that does not fit the preset fails here, at construction. */
export function createExtractor(config: ExtractorConfig, owner: string): Extractor {
  const preset = config.preset ?? 'openai-chat';
  const fields = config.fields ?? [];
  if (preset === 'fields' && fields.length === 0) {
    throw configError(owner, 'fields', 'the `fields` preset needs at least one path, e.g. ["input"]');
  }
  if (preset !== 'fields' && fields.length > 0) {
    throw configError(owner, 'fields', `only the \`fields\` preset reads it; the preset is "${preset}"`);
  }
  const scanRoles = new Set(config.scanRoles ?? DEFAULT_SCAN_ROLES);
  switch (preset) {
    case 'openai-chat':
      return openAiChatExtractor(scanRoles);
    case 'openai-completions':
      return openAiCompletionsExtractor();
    case 'anthropic-messages':
      return anthropicMessagesExtractor(scanRoles);
    case 'fields':
      // The schema has already refused paths that do not parse.
      return fieldsExtractor(fields.map((path) => (parseJsonPath(path) as { steps: PathStep[] }).steps), config.fieldRole ?? 'document');
  }
}

function configError(owner: string, path: string, message: string): SieveError {
  return new SieveError('ERR_SIEVE_CONFIG', `Invalid ${owner} options:\n  ✖ ${path}: ${message}`);
}
