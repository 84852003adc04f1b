import type { Decision } from '../pipeline/types.js';

/** What a run has done so far: the summary, the progress line and the checkpoint all read this. */
export type CleanCounts = {
  /** Records read in this shard: each is written, rejected, or dropped (blocked, --drop-blocked). */
  records: number;
  written: number;
  /** Records that could not be cleaned (unreadable, no text at the field, a type the output cannot hold). */
  rejected: number;
  /** Blocked records sent to the rejects file by --drop-blocked (also counted under decisions.block). */
  dropped: number;
  /** Blank lines: not records. */
  blank: number;
  /** Records that belong to other shards (--shard). */
  otherShards: number;
  decisions: Record<Decision, number>;
  /** Monitor mode: records that enforce mode would have blocked. */
  wouldBlock: number;
  /** Findings by `stage<TAB>code`. */
  findings: Record<string, number>;
};

export const emptyCounts = (): CleanCounts => ({
  records: 0,
  written: 0,
  rejected: 0,
  dropped: 0,
  blank: 0,
  otherShards: 0,
  decisions: { allow: 0, modify: 0, block: 0 },
  wouldBlock: 0,
  findings: {},
});
