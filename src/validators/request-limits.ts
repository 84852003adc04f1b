import { z } from 'zod';
import type { Finding, Segment, StageVerdict } from '../pipeline/types.js';

export const requestLimitsSchema = z.strictObject({
  /** Most segments (scanned texts) one request may carry. Defaults to `500`. */
  maxSegments: z.number().int().positive().optional(),
  /** Most characters (UTF-16 code units) over all segments of one request. Defaults to `500000`. */
  maxTotalChars: z.number().int().positive().optional(),
});
export type RequestLimitsOptions = z.input<typeof requestLimitsSchema>;

export const REQUEST_LIMITS_STAGE = 'request-limits';

/** Checks the limits that concern a whole request rather than one segment. */
export function checkRequestLimits(segments: readonly Segment[], options: RequestLimitsOptions = {}): StageVerdict {
  const started = performance.now();
  const maxSegments = options.maxSegments ?? 500;
  const maxTotalChars = options.maxTotalChars ?? 500_000;
  const findings: Finding[] = [];
  if (segments.length > maxSegments) {
    findings.push({ code: 'too_many_segments', message: `The request has ${segments.length} texts to scan; the limit is ${maxSegments}.` });
  }
  let total = 0;
  for (const segment of segments) total += segment.text.length;
  if (total > maxTotalChars) {
    findings.push({ code: 'request_too_long', message: `The request has ${total} characters in all; the limit is ${maxTotalChars}.` });
  }
  return {
    stage: REQUEST_LIMITS_STAGE,
    kind: 'validate',
    action: findings.length > 0 ? 'block' : 'pass',
    findings,
    ms: performance.now() - started,
  };
}
