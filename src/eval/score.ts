import type { Report, StageVerdict } from '../pipeline/types.js';
import type { PositiveRule } from './types.js';

export type RecordOutcome = {
  /** 0..1: the highest `risk` of any stage; a stage without a risk that catches the record counts as 1. */
  score: number;
  /** Whether the record counts as a predicted injection under the positive rule. */
  predicted: boolean;
  /** The first stage, in pipeline order, that caught the record. */
  first?: string;
  /** The stage with the highest score (the last of equals: the later stage had the last word); absent when no stage scored or caught it. */
  top?: string;
  /** The stages that caught the record, each on its own. */
  caughtBy: string[];
};

/**
 * How one pipeline report counts in an evaluation. The report comes from a pipeline run in monitor
 * mode, so every stage saw the record; `wouldBlock` is what enforce mode would have blocked.
 */
export function outcomeOf(report: Report, positive: PositiveRule): RecordOutcome {
  const caughtBy: string[] = [];
  let score = 0;
  let top: string | undefined;
  for (const verdict of report.stages) {
    const catches = catchesOnItsOwn(verdict, report, positive);
    if (catches) caughtBy.push(verdict.stage);
    // A risk that is not a number in 0..1 is a stage bug; it must not poison the sort.
    const risk = typeof verdict.risk === 'number' && Number.isFinite(verdict.risk) ? Math.min(1, Math.max(0, verdict.risk)) : undefined;
    // Only a stage that scores or catches can be the top one: a risk of 0 is still a score.
    if (risk === undefined && !catches) continue;
    const value = risk ?? 1;
    if (top === undefined || value >= score) {
      score = value;
      top = verdict.stage;
    }
  }
  const blocks = report.wouldBlock ?? report.decision === 'block';
  const predicted = blocks || (positive === 'flag' && caughtBy.length > 0);
  const outcome: RecordOutcome = { score, predicted, caughtBy };
  const first = caughtBy[0] ?? report.blockedBy;
  if (predicted && first !== undefined) outcome.first = first;
  if (top !== undefined) outcome.top = top;
  return outcome;
}

function catchesOnItsOwn(verdict: StageVerdict, report: Report, positive: PositiveRule): boolean {
  if (verdict.action === 'block') return true;
  if (verdict.action === 'flag') return positive === 'flag';
  // An error blocks only under the fail-closed policy; then the pipeline names the stage as the blocker.
  if (verdict.action === 'error') return report.blockedBy === verdict.stage;
  return false;
}
