import type { Report, Stage } from '../pipeline/types.js';
import { displayText } from './display-text.js';
import { createGroups } from './groups.js';
import { createHistogram } from './histogram.js';
import { quantile, ratesOf } from './metrics.js';
import { operatingPoint, rocAuc, rocCurve, thinCurve } from './roc.js';
import { outcomeOf } from './score.js';
import { createWorstList } from './worst-list.js';
import {
  SKIP_REASONS,
  type Confusion,
  type EvalResult,
  type ExampleRow,
  type LabelledRecord,
  type PositiveRule,
  type SkippedRecord,
  type SkipReason,
  type StageRow,
} from './types.js';

/** Rows shown in each of the worst-misses and false-alarms tables. */
export const WORST_ROWS = 20;
/** Skipped records listed by location; the rest are only counted. */
export const SKIPPED_EXAMPLES = 20;
/** Most points of the ROC curve kept in the result (the AUC is computed on all of them). */
export const ROC_POINTS = 1001;
/** The false-positive rates at which the TPR is always reported. */
export const FPR_TARGETS = [0.01, 0.001] as const;

type StageTally = { kind: string; first: [number, number]; alone: [number, number]; errors: number; ms: number[] };
type Ranked = { row: ExampleRow; order: number };

/**
 * Folds the records of an evaluation, one pipeline report at a time, into an `EvalResult`.
 * Memory: one score per record (the ROC needs them all), one time per stage and record, and bounded
 * lists for everything else.
 */
export function createCollector(stages: readonly Stage[], positive: PositiveRule) {
  const confusion: Confusion = { tp: 0, fn: 0, fp: 0, tn: 0 };
  const scores = { injection: [] as number[], benign: [] as number[] };
  const histogram = createHistogram();
  const byCategory = createGroups();
  const bySource = createGroups();
  const tallies = new Map<string, StageTally>(
    stages.map((stage) => [stage.name, { kind: stage.kind, first: [0, 0], alone: [0, 0], errors: 0, ms: [] }]),
  );
  const skipped = Object.fromEntries(SKIP_REASONS.map((reason) => [reason, 0])) as Record<SkipReason, number>;
  const skippedExamples: SkippedRecord[] = [];
  // Misses: lowest score first. False alarms: highest score first. Ties keep input order.
  const misses = createWorstList<Ranked>(WORST_ROWS, (a, b) => a.row.score < b.row.score || (a.row.score === b.row.score && a.order < b.order));
  const alarms = createWorstList<Ranked>(WORST_ROWS, (a, b) => a.row.score > b.row.score || (a.row.score === b.row.score && a.order < b.order));
  let cached = 0;

  return {
    skip(record: SkippedRecord): void {
      skipped[record.skipped]++;
      if (skippedExamples.length < SKIPPED_EXAMPLES) skippedExamples.push(record);
    },

    /** `order` is the record's position in the input, for stable tie-breaking. */
    add(record: LabelledRecord, report: Report, order: number): void {
      const outcome = outcomeOf(report, positive);
      const injection = record.label === 'injection';
      const side = injection ? 0 : 1;
      if (injection) confusion[outcome.predicted ? 'tp' : 'fn']++;
      else confusion[outcome.predicted ? 'fp' : 'tn']++;
      scores[record.label].push(outcome.score);
      histogram.add(outcome.score, injection);
      byCategory.add(record.category, record.label, outcome.predicted);
      bySource.add(record.source, record.label, outcome.predicted);
      if (report.cached) cached++;

      for (const verdict of report.stages) {
        const tally = tallies.get(verdict.stage);
        if (!tally) continue;
        if (verdict.action === 'error') tally.errors++;
        if (!report.cached) tally.ms.push(verdict.ms);
      }
      for (const name of outcome.caughtBy) tallies.get(name)!.alone[side]++;
      if (outcome.first !== undefined) tallies.get(outcome.first)!.first[side]++;

      const list = injection && !outcome.predicted ? misses : !injection && outcome.predicted ? alarms : undefined;
      if (!list) return;
      const probe: Ranked = { row: { where: record.where, label: record.label, score: outcome.score, findings: [] }, order };
      if (!list.wouldKeep(probe)) return;
      const stage = injection ? outcome.top : outcome.first;
      const row: ExampleRow = {
        where: record.where,
        label: record.label,
        score: outcome.score,
        ...(record.category === undefined ? {} : { category: record.category }),
        ...(record.source === undefined ? {} : { source: record.source }),
        ...(stage === undefined ? {} : { stage }),
        findings: [...new Set(report.stages.flatMap((verdict) => verdict.findings.map((finding) => finding.code)))],
        // Truncated to one line here, so no full record text is held past this call.
        text: displayText(record.text),
      };
      list.add({ row, order });
    },

    result(): Omit<EvalResult, 'inputs' | 'threshold' | 'gates' | 'passed' | 'seconds'> & { allPoints: ReturnType<typeof rocCurve> } {
      const injections = scores.injection.length;
      const benign = scores.benign.length;
      const allPoints = rocCurve(scores.injection, scores.benign);
      const stageStats: StageRow[] = [...tallies].map(([name, t]) => {
        const ms = Float64Array.from(t.ms);
        return {
          name,
          kind: t.kind,
          firstCatches: t.first[0],
          falseAlarms: t.first[1],
          alone: { injection: t.alone[0], benign: t.alone[1] },
          errors: t.errors,
          ms: { p50: quantile(ms, 0.5), p99: quantile(ms, 0.99), mean: ms.length === 0 ? null : ms.reduce((a, b) => a + b, 0) / ms.length, n: ms.length },
        };
      });
      return {
        version: 1,
        positive,
        stages: stages.map((stage) => ({ name: stage.name, kind: stage.kind })),
        counts: { scored: injections + benign, injection: injections, benign, skipped: { ...skipped }, skippedExamples: [...skippedExamples], cached },
        confusion: { ...confusion },
        metrics: ratesOf(confusion),
        roc: {
          auc: rocAuc(allPoints, injections, benign),
          points: thinCurve(allPoints, ROC_POINTS),
          atFpr: FPR_TARGETS.map((target) => operatingPoint(allPoints, target, injections, benign)),
        },
        histogram: histogram.result(),
        byCategory: byCategory.rows(),
        bySource: bySource.rows(),
        stageStats,
        worstMisses: misses.items().map((item) => item.row),
        falseAlarms: alarms.items().map((item) => item.row),
        allPoints,
      };
    },
  };
}
