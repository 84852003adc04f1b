import type { CleanCounts } from './counts.js';
import { count } from './progress.js';

export type SummaryOptions = {
  seconds: number;
  /** Records handled before a resume; the rate counts only this run's. */
  recordsBefore: number;
  rejectsAt?: string;
  shard?: string;
  resumedAt?: number;
};

/** The closing lines on stderr: records, decisions, rejects, what each stage found, time. */
export function summary(counts: CleanCounts, options: SummaryOptions): string {
  const { allow, modify, block } = counts.decisions;
  const thisRun = counts.records - options.recordsBefore;
  const lines = [
    `promptsieve clean: ${count(counts.records)} record${counts.records === 1 ? '' : 's'} in ${options.seconds.toFixed(2)} s (${count(thisRun / Math.max(options.seconds, 1e-3))} records/s)`,
    `  allow ${count(allow)}, modify ${count(modify)}, block ${count(block)}${counts.dropped > 0 ? ` (${count(counts.dropped)} dropped to the rejects file)` : ''}, rejected ${count(counts.rejected)}` +
      (counts.wouldBlock > 0 ? `, would block ${count(counts.wouldBlock)} (monitor mode)` : ''),
  ];
  if (counts.blank > 0) lines.push(`  ${count(counts.blank)} blank line${counts.blank === 1 ? '' : 's'} skipped`);
  if (options.shard !== undefined) lines.push(`  shard ${options.shard}: ${count(counts.otherShards)} records of other shards left out`);
  if (options.resumedAt !== undefined) lines.push(`  resumed after ${count(options.resumedAt)} input items of an interrupted run (time and rate: this run only)`);
  if (options.rejectsAt !== undefined) lines.push(`  rejects: ${options.rejectsAt}`);
  const byStage = new Map<string, [string, number][]>();
  for (const [key, value] of Object.entries(counts.findings)) {
    const [stage, code] = key.split('\t') as [string, string];
    byStage.set(stage, [...(byStage.get(stage) ?? []), [code, value]]);
  }
  if (byStage.size > 0) {
    lines.push('  findings by stage:');
    for (const [stage, codes] of byStage) lines.push(`    ${stage}: ${codes.sort((a, b) => b[1] - a[1]).map(([code, value]) => `${code} ${count(value)}`).join(', ')}`);
  }
  return `${lines.join('\n')}\n`;
}
