import * as crypto from 'node:crypto';
import { LRUCache } from 'lru-cache';
import type { Report, Segment, SegmentRole } from './types.js';

export type CacheStats = {
  hits: number;
  misses: number;
  /** Texts whose reports are kept now (one text's reports for several roles count once). */
  size: number;
  /** Most texts kept. */
  max: number;
  /** Characters of text the kept reports hold (see `maxChars`). */
  chars: number;
  /** Most characters of text kept. */
  maxChars: number;
};

/**
 * V8 hashes only the length of a string longer than this (String::kMaxHashCalcLength): as Map keys, all
 * texts of one such length share a bucket, and a lookup compares them one by one. Longer texts are keyed
 * by their SHA-256 instead, so a flood of equal-length long texts cannot make lookups slow.
 */
export const LONGEST_TEXT_KEY = 16_383;
/** What a kept report costs beside its text (objects, verdicts), in characters, so that a flood of empty texts is bounded too. */
const ENTRY_OVERHEAD_CHARS = 256;

/** Where a segment's report is kept: the text itself, or the digest of a long text and its role. */
export type CacheKey = { key: string; role: SegmentRole; digest: boolean };
/** The reports of one key, by role (the same text as a user message and as a tool result are judged apart). */
type Entry = { digest: boolean; reports: Partial<Record<SegmentRole, Report>> };

/** `crypto.hash`, where this Node has it (20.12 and later); read off the namespace so that older Nodes still load this module. */
const oneShotHash = (crypto as { hash?: (algorithm: string, data: string, encoding: 'base64url') => string }).hash;
const sha256 =
  typeof oneShotHash === 'function'
    ? (text: string) => oneShotHash('sha256', text, 'base64url')
    : (text: string) => crypto.createHash('sha256').update(text).digest('base64url');

/**
 * Reports of one pipeline (so one configuration), keyed by segment text and role, so a chat backend
 * that re-sends the whole history each turn scans each old message once. Bounded twice: by entries,
 * and by the characters of text the reports hold, because every report keeps its text and a flood of
 * unique 500k-character texts would otherwise keep gigabytes alive.
 *
 * A text of up to LONGEST_TEXT_KEY characters is its own key: the Map compares keys exactly, so two
 * texts can never share a report, and it costs a fraction of hashing every text with SHA-256 (~30k
 * instructions per 1 KB); the key is the string the report already holds, so it adds no memory.
 */
export function createReportCache(max: number, maxChars: number) {
  const entries = new LRUCache<string, Entry>({ max, maxSize: maxChars, sizeCalculation: charsHeld });
  let hits = 0;
  let misses = 0;

  return {
    keyOf(segment: Segment): CacheKey {
      if (segment.text.length <= LONGEST_TEXT_KEY) return { key: segment.text, role: segment.role, digest: false };
      return { key: sha256(`${segment.role}\0${segment.text}`), role: segment.role, digest: true };
    },
    get({ key, role, digest }: CacheKey): Report | undefined {
      const entry = entries.get(key);
      // A short text that happens to equal a digest is another entry.
      const report = entry !== undefined && entry.digest === digest ? entry.reports[role] : undefined;
      if (report) hits++;
      else misses++;
      return report;
    },
    set({ key, role, digest }: CacheKey, report: Report): void {
      const kept = entries.peek(key);
      const reports = kept !== undefined && kept.digest === digest ? { ...kept.reports, [role]: report } : { [role]: report };
      // Set again, not changed in place, so that the LRU weighs the entry anew.
      entries.set(key, { digest, reports });
    },
    stats(): CacheStats {
      return { hits, misses, size: entries.size, max, chars: entries.calculatedSize, maxChars };
    },
    clear(): void {
      entries.clear();
    },
  };
}

/** The characters an entry keeps alive: its key, and each report's text where it is another string (a stage changed it, or the key is a digest). */
function charsHeld(entry: Entry, key: string): number {
  let chars = key.length;
  for (const report of Object.values(entry.reports)) chars += (report.text === key ? 0 : report.text.length) + ENTRY_OVERHEAD_CHARS;
  return chars;
}
