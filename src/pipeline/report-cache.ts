import { createHash } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import type { Report, Segment } from './types.js';

export type CacheStats = { hits: number; misses: number; size: number; max: number };

/**
 * Reports keyed by a hash of the pipeline's fingerprint and the segment, so a chat backend that
 * re-sends the whole history each turn scans each old message once. Bounded by entry count.
 */
export function createReportCache(max: number, pipelineFingerprint: string) {
  const entries = new LRUCache<string, Report>({ max });
  let hits = 0;
  let misses = 0;

  const keyOf = (segment: Segment) =>
    createHash('sha256').update(pipelineFingerprint).update('\0').update(segment.role).update('\0').update(segment.text).digest('base64url');

  return {
    keyOf,
    get(key: string): Report | undefined {
      const report = entries.get(key);
      if (report) hits++;
      else misses++;
      return report;
    },
    set(key: string, report: Report): void {
      entries.set(key, report);
    },
    stats(): CacheStats {
      return { hits, misses, size: entries.size, max };
    },
    clear(): void {
      entries.clear();
    },
  };
}
