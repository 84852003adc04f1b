import type { SegmentRole } from '../../pipeline/types.js';
import { MAX_SHAPE_ISSUES, type ShapeIssue } from '../../validators/request-shape.js';
import { walkJsonPath, type PathStep } from '../json-path.js';
import type { ExtractedSegment, Extractor } from './types.js';

/**
 * Every string the configured paths point at; a value of the wrong type there is an issue (fail closed).
 * Overlapping paths report an issue once. Segments are not merged by printed path: a key holding `.`
 * prints like a nested one (`m["a.b"]` and `m.a.b`), and a dropped slot would never get its sanitized text.
 */
export function fieldsExtractor(paths: readonly PathStep[][], role: SegmentRole): Extractor {
  return (body) => {
    const segments: ExtractedSegment[] = [];
    const issues: ShapeIssue[] = [];
    const seenIssues = new Set<string>();
    for (const steps of paths) {
      const walked = walkJsonPath(body, steps);
      // Loops, not spreads: a path with [*] can find hundreds of thousands of values.
      for (const found of walked.slots) segments.push({ ...found, role });
      for (const issue of walked.issues) {
        const key = `${issue.path}\n${issue.message}`;
        if (issues.length >= MAX_SHAPE_ISSUES || seenIssues.has(key)) continue;
        seenIssues.add(key);
        issues.push(issue);
      }
    }
    return { segments, issues };
  };
}
