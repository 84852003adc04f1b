/**
 * The stage contract (../shared/DESIGN.md): every stage gets a segment, returns a verdict, and may
 * change the forwarded text (`text`) or the detection view (`view`).
 */

export const STAGE_KINDS = ['validate', 'filter', 'encode', 'classify'] as const;
export type StageKind = (typeof STAGE_KINDS)[number];

export const STAGE_ACTIONS = ['pass', 'modify', 'flag', 'block'] as const;
export type StageAction = (typeof STAGE_ACTIONS)[number];

/** Where a segment came from. Data segments (tool output, documents) are judged more strictly. */
export const SEGMENT_ROLES = ['user', 'system', 'assistant', 'tool', 'document'] as const;
export type SegmentRole = (typeof SEGMENT_ROLES)[number];

export type Segment = {
  /** What will be forwarded to the model. Filters and encoders change it. */
  text: string;
  /** What detectors read: normalised text plus decoded hidden payloads. Starts equal to `text`. */
  view: string;
  role: SegmentRole;
  /** Where the text sits in the request body, e.g. `messages[2].content`. */
  path?: string;
};

/** What a caller hands to `pipeline.run`: a string, or a segment without its view. */
export type SegmentInput = string | { text: string; role?: SegmentRole; path?: string };

export type Finding = {
  /** Stable, snake_case, documented: what logs and dashboards group by. */
  code: string;
  message: string;
  /** [start, end) in UTF-16 code units of the text the stage received. */
  span?: [number, number];
};

export type StageResult = {
  action: StageAction;
  /** Only when the stage changed the forwarded text. */
  text?: string;
  /** Only when the stage changed the detection view. */
  view?: string;
  /** 0..1; absent when the stage does not score. */
  risk?: number;
  findings: Finding[];
  /** Free-form, loggable detail (never raw text), e.g. which model decided. */
  detail?: Record<string, unknown>;
  /**
   * `false` when the result must not be reused for the same text and role: the report cache knows a
   * segment by those two only, so a result that depends on anything else (its path, a random
   * per-request boundary, the time) must say so.
   */
  cacheable?: false;
};

export type StageContext = {
  /** Aborted when the stage's time is up; long-running stages should stop early. */
  signal: AbortSignal;
  requestId?: string;
  tenant?: string;
};

export type Stage = {
  /** Unique in a pipeline. */
  name: string;
  kind: StageKind;
  /** Load models / jsdom once, before the first request. */
  init?(): Promise<void>;
  run(segment: Readonly<Segment>, ctx: StageContext): StageResult | Promise<StageResult>;
  close?(): Promise<void>;
  /**
   * A string that changes whenever the stage's behaviour does (its options, a model hash), for callers
   * that compare configurations. The report cache needs none: each pipeline has its own.
   */
  fingerprint?: string;
};

/** A stage's verdict as reported; `error` is added by the pipeline when a stage throws or times out. */
export type StageVerdict = {
  stage: string;
  kind: StageKind;
  action: StageAction | 'error';
  risk?: number;
  findings: Finding[];
  ms: number;
  detail?: Record<string, unknown>;
};

export const DECISIONS = ['allow', 'modify', 'block'] as const;
export type Decision = (typeof DECISIONS)[number];

export type Report = {
  decision: Decision;
  /** The text to forward (the original when monitoring or blocked). */
  text: string;
  /** The stage that blocked (or would have blocked, in monitor mode). */
  blockedBy?: string;
  /** Monitor mode only: what enforce mode would have done. */
  wouldBlock?: boolean;
  /** True when this report came from the report cache. */
  cached?: boolean;
  role: SegmentRole;
  path?: string;
  stages: StageVerdict[];
};

/** The verdict of one request: every scanned segment, folded into one decision. */
export type RequestReport = {
  decision: Decision;
  blockedBy?: string;
  wouldBlock?: boolean;
  segments: Report[];
  /** Request-level checks (segment count, total size) that are not about one segment. */
  request: StageVerdict[];
  ms: number;
};
