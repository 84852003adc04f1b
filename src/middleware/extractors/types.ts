import type { SegmentRole } from '../../pipeline/types.js';
import type { ShapeIssue } from '../../validators/request-shape.js';

/** One text of a request body: where it sits, whose it is, and how to put the sanitized text back. */
export type ExtractedSegment = { text: string; role: SegmentRole; path: string; write(text: string): void };

/**
 * Picks the texts to scan from a body whose shape was already checked. Issues are type errors that
 * only the walk can see (the `fields` preset); they answer 400 like shape issues.
 */
export type Extractor = (body: unknown) => { segments: ExtractedSegment[]; issues: ShapeIssue[] };

/** A string held at `container[key]`, as a segment that can be written back. */
export function slot(container: Record<string | number, unknown>, key: string | number, path: string, role: SegmentRole): ExtractedSegment {
  return {
    text: container[key] as string,
    role,
    path,
    write(text) {
      container[key] = text;
    },
  };
}

/** Pushes the text of a `content` field: a string, or the `text` of each `{type: 'text'}` part. */
export function pushContent(
  segments: ExtractedSegment[],
  container: Record<string, unknown>,
  key: string,
  path: string,
  role: SegmentRole,
): void {
  const content = container[key];
  if (typeof content === 'string') {
    segments.push(slot(container, key, path, role));
    return;
  }
  if (!Array.isArray(content)) return;
  content.forEach((part: Record<string, unknown>, index) => {
    if (part.type === 'text') segments.push(slot(part, 'text', `${path}[${index}].text`, role));
  });
}
