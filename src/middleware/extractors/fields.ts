import type { SegmentRole } from '../../pipeline/types.js';
import { MAX_SHAPE_ISSUES, type ShapeIssue } from '../../validators/request-shape.js';
import { walkJsonPath, type PathStep } from '../json-path.js';
import type { ExtractedSegment, Extractor } from './types.js';

/** Every string the configured paths point at; a value of the wrong type there is an issue (fail closed). */
export function fieldsExtractor(paths: readonly PathStep[][], role: SegmentRole): Extractor {
  return (body) => {
    const segments: ExtractedSegment[] = [];
    const issues: ShapeIssue[] = [];
    for (const steps of paths) {
      const walked = walkJsonPath(body, steps);
      // Loops, not spreads: a path with [*] can find hundreds of thousands of values.
      for (const found of walked.slots) segments.push({ ...found, role });
      for (const issue of walked.issues) if (issues.length < MAX_SHAPE_ISSUES) issues.push(issue);
    }
    return { segments, issues };
  };
}
