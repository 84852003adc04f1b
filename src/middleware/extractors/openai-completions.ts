import { slot, type ExtractedSegment, type Extractor } from './types.js';

type CompletionsBody = { prompt: string | string[]; suffix?: string | null };

/**
 * `prompt`, a string or an array of strings, and `suffix` (the text after the insertion point, which
 * the model reads too); always the user's text, so every one is scanned.
 */
export function openAiCompletionsExtractor(): Extractor {
  return (body) => {
    const request = body as CompletionsBody;
    const segments: ExtractedSegment[] = [];
    if (typeof request.prompt === 'string') segments.push(slot(request, 'prompt', 'prompt', 'user'));
    else request.prompt.forEach((_, index) => segments.push(slot(request.prompt as never, index, `prompt[${index}]`, 'user')));
    if (typeof request.suffix === 'string') segments.push(slot(request, 'suffix', 'suffix', 'user'));
    return { segments, issues: [] };
  };
}
