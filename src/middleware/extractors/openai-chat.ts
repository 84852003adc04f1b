import type { SegmentRole } from '../../pipeline/types.js';
import type { OPENAI_CHAT_ROLES } from '../../validators/request-shape.js';
import { pushContent, type ExtractedSegment, type Extractor } from './types.js';

/** OpenAI's roles mapped to ours: `developer` is the newer name of `system`, `function` the older one of `tool`. */
const ROLE_OF: Record<(typeof OPENAI_CHAT_ROLES)[number], SegmentRole> = {
  system: 'system',
  developer: 'system',
  user: 'user',
  assistant: 'assistant',
  tool: 'tool',
  function: 'tool',
};

type ChatBody = { messages: { role: keyof typeof ROLE_OF; content?: unknown }[] };

/** `messages[i].content` of the roles to scan: string content, and the `text` of text parts. */
export function openAiChatExtractor(scanRoles: ReadonlySet<SegmentRole>): Extractor {
  return (body) => {
    const segments: ExtractedSegment[] = [];
    (body as ChatBody).messages.forEach((message, index) => {
      const role = ROLE_OF[message.role];
      if (scanRoles.has(role)) pushContent(segments, message, 'content', `messages[${index}].content`, role);
    });
    return { segments, issues: [] };
  };
}
