/**
 * The shapes `promptsieve eval` reads and writes. `EvalResult` is the `--json` output: its fields are
 * stable (documented in README "Evaluating a pipeline"); a rate is `null` when its denominator is 0.
 */

export const LABELS = ['injection', 'benign'] as const;
export type Label = (typeof LABELS)[number];

/** What counts as a predicted injection: the pipeline's `block`, or any stage's `flag` as well. */
export const POSITIVE_RULES = ['block', 'flag'] as const;
export type PositiveRule = (typeof POSITIVE_RULES)[number];

/** One labelled text, from any input format. `where` locates it for the user (`file.jsonl:12`). */
export type LabelledRecord = {
  text: string;
  label: Label;
  category?: string;
  source?: string;
  where: string;
};

export const SKIP_REASONS = ['unreadable', 'missing_text', 'unknown_label'] as const;
export type SkipReason = (typeof SKIP_REASONS)[number];

/** A record that could not be scored; it is counted and reported, never silently dropped. */
export type SkippedRecord = { skipped: SkipReason; where: string; detail: string };

export type EvalInput = LabelledRecord | SkippedRecord;

export type Confusion = { tp: number; fn: number; fp: number; tn: number };

export type Rates = {
  /** Injections predicted as injections, over all injections. */
  tpr: number | null;
  /** Benign records predicted as injections, over all benign records. */
  fpr: number | null;
  precision: number | null;
  f1: number | null;
  accuracy: number | null;
};

/** A point of the score sweep: predicting injection when `score >= threshold`. */
export type RocPoint = { threshold: number | null; fpr: number; tpr: number };

export type OperatingPoint = {
  /** The target: the largest false-positive rate allowed. */
  maxFpr: number;
  /** The best TPR whose FPR is at most `maxFpr`; `null` without both labels. */
  tpr: number | null;
  fpr: number | null;
  /** Predict injection when `score >= threshold`; `null` when only flagging nothing meets the target. */
  threshold: number | null;
};

export type ThresholdSuggestion = OperatingPoint & {
  /** Benign records at or above the threshold, and the benign records measured. */
  falseAlarms: number;
  benign: number;
  /** Why there is no threshold, when there is none. */
  reason?: string;
};

export type GroupRow = {
  name: string;
  n: number;
  injection: number;
  benign: number;
  /** Injections predicted as injections. */
  caught: number;
  /** Benign records predicted as injections. */
  falseAlarms: number;
  tpr: number | null;
  fpr: number | null;
};

export type StageRow = {
  name: string;
  kind: string;
  /** Injections this stage was the first to catch (block, or flag with `--positive flag`). */
  firstCatches: number;
  /** Benign records this stage was the first to catch: the false alarms it caused. */
  falseAlarms: number;
  /** What the stage catches on its own, whatever ran before it. */
  alone: { injection: number; benign: number };
  errors: number;
  /** Time per record, over records not served from the report cache; `null` when none. */
  ms: { p50: number | null; p99: number | null; mean: number | null; n: number };
};

export type ExampleRow = {
  where: string;
  label: Label;
  score: number;
  category?: string;
  source?: string;
  /** The stage that caught it first (false alarms) or scored it highest (misses). */
  stage?: string;
  /** Finding codes of all stages, deduplicated. */
  findings: string[];
  /** The text on one line, truncated; only in the HTML report and with `--show-texts`. */
  text?: string;
};

export type Histogram = { edges: number[]; injection: number[]; benign: number[] };

export type GateResult = { gate: 'min-tpr' | 'max-fpr'; target: number; value: number | null; passed: boolean };

export type EvalResult = {
  version: 1;
  positive: PositiveRule;
  stages: { name: string; kind: string }[];
  inputs: { name: string; records: number }[];
  counts: {
    /** Records scored (injection + benign). */
    scored: number;
    injection: number;
    benign: number;
    skipped: Record<SkipReason, number>;
    /** The first skipped records, to find and fix them. */
    skippedExamples: SkippedRecord[];
    /** Reports served from the pipeline's cache (duplicate texts); excluded from stage timings. */
    cached: number;
  };
  confusion: Confusion;
  metrics: Rates;
  roc: { auc: number | null; points: RocPoint[]; atFpr: OperatingPoint[] };
  histogram: Histogram;
  byCategory: GroupRow[];
  bySource: GroupRow[];
  stageStats: StageRow[];
  worstMisses: ExampleRow[];
  falseAlarms: ExampleRow[];
  threshold?: ThresholdSuggestion;
  gates: GateResult[];
  /** False when a gate was given and missed. */
  passed: boolean;
  seconds: number;
};
