import type { SegmentRole } from '../../pipeline/types.js';
import { pushContent, slot, type ExtractedSegment, type Extractor } from './types.js';

type Block = Record<string, unknown> & { type: string };
type MessagesBody = { system?: string | Block[]; messages: { role: 'user' | 'assistant'; content: string | Block[] }[] };

/**
 * Anthropic Messages: text blocks take their message's role; `tool_result` content is a `tool`
 * segment, and so is every text, document or search result inside it (all the tool's output); plain-text
 * `document` and `search_result` blocks elsewhere are `document` segments (third-party text, their
 * `title` and a document's `context` included); the
 * top-level `system` prompt is read only when `system` is a scanned role.
 */
export function anthropicMessagesExtractor(scanRoles: ReadonlySet<SegmentRole>): Extractor {
  return (body) => {
    const request = body as MessagesBody;
    const segments: ExtractedSegment[] = [];
    if (request.system !== undefined && scanRoles.has('system')) pushContent(segments, request, 'system', 'system', 'system');
    request.messages.forEach((message, index) => {
      const at = `messages[${index}].content`;
      if (typeof message.content === 'string') {
        if (scanRoles.has(message.role)) segments.push(slot(message, 'content', at, message.role));
        return;
      }
      message.content.forEach((block, blockIndex) => pushBlock(segments, block, `${at}[${blockIndex}]`, { text: message.role, data: 'document' }, scanRoles));
    });
    return { segments, issues: [] };
  };
}

/** The roles of a block's texts: its own text (the message's role) and the data it carries. */
type BlockRoles = { text: SegmentRole; data: SegmentRole };

function pushBlock(segments: ExtractedSegment[], block: Block, at: string, roles: BlockRoles, scanRoles: ReadonlySet<SegmentRole>): void {
  if (block.type === 'text' && scanRoles.has(roles.text)) {
    segments.push(slot(block, 'text', `${at}.text`, roles.text));
  } else if (block.type === 'tool_result' && scanRoles.has('tool')) {
    const content = block.content;
    if (typeof content === 'string') segments.push(slot(block, 'content', `${at}.content`, 'tool'));
    // Blocks inside a tool result are the tool's output, whatever their type.
    else if (Array.isArray(content)) content.forEach((inner: Block, index) => pushBlock(segments, inner, `${at}.content[${index}]`, { text: 'tool', data: 'tool' }, scanRoles));
  } else if (block.type === 'document' && scanRoles.has(roles.data)) {
    const source = block.source as Record<string, unknown>;
    if (source.type === 'text') segments.push(slot(source, 'data', `${at}.source.data`, roles.data));
    else if (source.type === 'content') pushContent(segments, source, 'content', `${at}.source.content`, roles.data);
    pushLabels(segments, block, at, roles.data, ['title', 'context']);
  } else if (block.type === 'search_result' && scanRoles.has(roles.data)) {
    pushContent(segments, block, 'content', `${at}.content`, roles.data);
    pushLabels(segments, block, at, roles.data, ['title']);
  }
}

/** A document's `title` and `context`, and a search result's `title`, reach the model with its text: the same third-party data. */
function pushLabels(segments: ExtractedSegment[], block: Block, at: string, role: SegmentRole, keys: readonly string[]): void {
  for (const key of keys) if (typeof block[key] === 'string') segments.push(slot(block, key, `${at}.${key}`, role));
}
