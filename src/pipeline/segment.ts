import type { Segment, SegmentInput } from './types.js';

export function toSegment(input: SegmentInput): Segment {
  if (typeof input === 'string') return { text: input, view: input, role: 'user' };
  const segment: Segment = { text: input.text, view: input.text, role: input.role ?? 'user' };
  if (input.path !== undefined) segment.path = input.path;
  return segment;
}
