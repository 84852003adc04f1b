import * as crypto from 'node:crypto';
import { LRUCache } from 'lru-cache';
import type { Report, Segment } from './types.js';

export type CacheStats = { hits: number; misses: number; size: number; max: number };

/** `crypto.hash`, where this Node has it (20.12 and later); read off the namespace so that older Nodes still load this module. */
const oneShotHash = (crypto as { hash?: (algorithm: string, data: string, encoding: 'base64url') => string }).hash;

/**
 * Reports keyed by a hash of the pipeline's fingerprint and the segment, so a chat backend that
 * re-sends the whole history each turn scans each old message once. Bounded by entry count.
 */
export function createReportCache(max: number, pipelineFingerprint: string) {
  const entries = new LRUCache<string, Report>({ max });
  let hits = 0;
  let misses = 0;

  const prefix = `${pipelineFingerprint}\0`;
  // Fast path: the one-shot crypto.hash (Node 20.12+) hashes a short input in about half the time of a Hash object.
  const keyOf =
    typeof oneShotHash === 'function'
      ? (segment: Segment) => oneShotHash('sha256', `${prefix}${segment.role}\0${segment.text}`, 'base64url')
      : (segment: Segment) => crypto.createHash('sha256').update(`${prefix}${segment.role}\0`).update(segment.text).digest('base64url');

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
