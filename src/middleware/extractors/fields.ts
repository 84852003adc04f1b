import type { SegmentRole } from '../../pipeline/types.js';
import { walkJsonPath, type PathStep } from '../json-path.js';
import type { ExtractedSegment, Extractor } from './types.js';

/** Every string the configured paths point at; a value of the wrong type there is an issue (fail closed). */
export function fieldsExtractor(paths: readonly PathStep[][], role: SegmentRole): Extractor {
  return (body) => {
    const segments: ExtractedSegment[] = [];
    const issues = [];
    for (const steps of paths) {
      const walked = walkJsonPath(body, steps);
      for (const found of walked.slots) segments.push({ ...found, role });
      issues.push(...walked.issues);
    }
    return { segments, issues };
  };
}
