import { slot, type ExtractedSegment, type Extractor } from './types.js';

type CompletionsBody = { prompt: string | string[] };

/** `prompt`, a string or an array of strings; always the user's text, so every prompt is scanned. */
export function openAiCompletionsExtractor(): Extractor {
  return (body) => {
    const request = body as CompletionsBody;
    const segments: ExtractedSegment[] = [];
    if (typeof request.prompt === 'string') segments.push(slot(request, 'prompt', 'prompt', 'user'));
    else request.prompt.forEach((_, index) => segments.push(slot(request.prompt as never, index, `prompt[${index}]`, 'user')));
    return { segments, issues: [] };
  };
}
