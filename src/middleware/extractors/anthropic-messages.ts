import type { SegmentRole } from '../../pipeline/types.js';
import { pushContent, slot, type ExtractedSegment, type Extractor } from './types.js';

type Block = Record<string, unknown> & { type: string };
type MessagesBody = { system?: string | Block[]; messages: { role: 'user' | 'assistant'; content: string | Block[] }[] };

/**
 * Anthropic Messages: text blocks take their message's role, `tool_result` content is a `tool`
 * segment and a plain-text `document` a `document` segment (both carry third-party text); the
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
      message.content.forEach((block, blockIndex) => pushBlock(segments, block, `${at}[${blockIndex}]`, message.role, scanRoles));
    });
    return { segments, issues: [] };
  };
}

function pushBlock(segments: ExtractedSegment[], block: Block, at: string, messageRole: SegmentRole, scanRoles: ReadonlySet<SegmentRole>): void {
  if (block.type === 'text' && scanRoles.has(messageRole)) {
    segments.push(slot(block, 'text', `${at}.text`, messageRole));
  } else if (block.type === 'tool_result' && scanRoles.has('tool')) {
    pushContent(segments, block, 'content', `${at}.content`, 'tool');
  } else if (block.type === 'document' && scanRoles.has('document')) {
    const source = block.source as Record<string, unknown>;
    if (source.type === 'text') segments.push(slot(source, 'data', `${at}.source.data`, 'document'));
    else if (source.type === 'content') pushContent(segments, source, 'content', `${at}.source.content`, 'document');
  }
}
