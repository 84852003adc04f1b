import { createHmac } from 'node:crypto';
import type { Logger } from 'pino';
import type { Report, RequestReport, StageVerdict } from '../pipeline/types.js';

/** The part of a pino logger the verdict log uses, so that any pino-compatible logger fits. */
export type VerdictLogger = Pick<Logger, 'info' | 'warn'> & { child?: Logger['child']; debug?: Logger['debug']; isLevelEnabled?: Logger['isLevelEnabled'] };

export type VerdictLogMeta = {
  /** Logged as `reqId` on every line. */
  requestId: string;
  /** Logged as `tenant` when present. */
  tenant?: string | undefined;
  /**
   * The texts as they arrived, in the order of the report's segments, for `textHash` and `text`.
   * Defaults to each report's `text` (the original unless a stage modified it).
   */
  texts?: readonly string[];
  /** Put the raw text on each line. Defaults to `false`: logs carry verdicts, not prompts. */
  logText?: boolean;
  /** Key of an HMAC-SHA256 of each text (`textHash`), to correlate requests without logging text. Defaults to none. */
  logHashKey?: string;
  /**
   * The level of stage lines whose action is `pass`: `debug` leaves them out of an `info` log and costs
   * nothing there. Defaults to `'info'`: every stage line is logged.
   */
  passLevel?: PassLevel;
};

export const PASS_LEVELS = ['info', 'debug'] as const;
export type PassLevel = (typeof PASS_LEVELS)[number];

export const STAGE_LINE_MSG = 'promptsieve stage verdict';
export const REQUEST_LINE_MSG = 'promptsieve request verdict';

/**
 * Logs one line per stage per segment, the request-level checks that did not pass, and one summary
 * line. Every line is a plain object built here from the report (codes, numbers, names), so no
 * serializer can throw and no raw text is logged unless the operator asked for it.
 */
export function logRequestVerdicts(logger: VerdictLogger, report: RequestReport, meta: VerdictLogMeta): void {
  // A logger whose level hides a line gets no call for it, and the line is not built: an operator who
  // logs at `warn` pays only for blocks and errors.
  const summaryLevel = report.decision === 'block' || report.wouldBlock === true ? 'warn' : 'info';
  if (!levelEnabled(logger, 'warn') || (summaryLevel === 'info' && !levelEnabled(logger, 'info') && !hasWarnLine(report))) return;
  const log = requestLogger(logger, meta);
  for (const verdict of report.request) {
    if (verdict.action !== 'pass' && levelEnabled(logger, levelOf(verdict.action))) write(log, stageLine(verdict, {}), verdict.action);
  }
  report.segments.forEach((segment, index) => logSegment(log, segment, meta.texts?.[index], meta));
  if (!levelEnabled(logger, summaryLevel)) return;
  const summary = withBindings(log);
  summary.decision = report.decision;
  summary.segments = report.segments.length;
  summary.cached = report.segments.filter((segment) => segment.cached === true).length;
  summary.ms = round(report.ms);
  if (report.blockedBy !== undefined) summary.blockedBy = report.blockedBy;
  if (report.wouldBlock !== undefined) summary.wouldBlock = report.wouldBlock;
  log.target[summaryLevel](summary, REQUEST_LINE_MSG);
}

/** The level of a stage line: problems at `warn`, everything else at `info`. */
const levelOf = (action: StageVerdict['action']): 'info' | 'warn' => (action === 'block' || action === 'error' ? 'warn' : 'info');

/** Whether the logger writes `level`; a logger that cannot say is assumed to. */
const levelEnabled = (logger: Pick<VerdictLogger, 'isLevelEnabled'>, level: 'debug' | 'info' | 'warn'): boolean => logger.isLevelEnabled?.(level) ?? true;

/** Whether any line of the request is logged at `warn` even though the request was not blocked (an `error` verdict under onError: 'allow'). */
const hasWarnLine = (report: RequestReport): boolean =>
  report.request.some((verdict) => levelOf(verdict.action) === 'warn') || report.segments.some((segment) => segment.stages.some((verdict) => levelOf(verdict.action) === 'warn'));

export const REFUSED_LINE_MSG = 'promptsieve request refused';

/** Logs a request whose body could not be read (malformed, too large, not JSON): its status and problem type, never the body. */
export function logRefusedRequest(
  logger: VerdictLogger,
  refused: { requestId: string; tenant?: string | undefined; status: number; problem: string },
): void {
  const line: Record<string, unknown> = { reqId: refused.requestId, status: refused.status, problem: refused.problem };
  if (refused.tenant !== undefined) line.tenant = refused.tenant;
  logger.warn(line, REFUSED_LINE_MSG);
}

/** Logs the stage lines of one segment's report: for callers that run `pipeline.run()` per text, like the CLI. */
export function logSegmentVerdicts(logger: VerdictLogger, report: Report, meta: VerdictLogMeta & { text?: string }): void {
  logSegment(requestLogger(logger, meta), report, meta.text, meta);
}

/** `bindings` is empty when the target is a child logger that carries them. */
type RequestLog = { target: VerdictLogger; bindings: Record<string, string> | undefined };

/** A child logger carrying the request's bindings; a logger without `child()` gets them on each line instead. */
function requestLogger(logger: VerdictLogger, meta: VerdictLogMeta): RequestLog {
  const bindings: Record<string, string> = { reqId: meta.requestId };
  if (meta.tenant !== undefined) bindings.tenant = meta.tenant;
  if (typeof logger.child === 'function') return { target: logger.child(bindings), bindings: undefined };
  return { target: logger, bindings };
}

/*
 * Lines are built key by key, in the order a spread would give (bindings, what the segment is, the
 * verdict): V8 copies an object spread followed by more keys slowly, about 1.5 µs a line, which was
 * most of the cost of logging a request.
 */
const withBindings = (log: RequestLog): Record<string, unknown> => (log.bindings === undefined ? {} : { ...log.bindings });

/** What every stage line of a segment says about it; absent keys are left out of the line. */
type About = { role?: string; segment?: string; cached?: true; textHash?: string; text?: string };

function logSegment(log: RequestLog, report: Report, original: string | undefined, meta: VerdictLogMeta): void {
  const text = original ?? report.text;
  const about: About = { role: report.role };
  if (report.path !== undefined) about.segment = report.path;
  if (report.cached === true) about.cached = true;
  if (meta.logHashKey !== undefined) about.textHash = hashText(text, meta.logHashKey);
  if (meta.logText === true) about.text = text;
  const quietPasses = meta.passLevel === 'debug';
  // Whether each kind of line would be written at all, asked once per segment.
  const debugEnabled = quietPasses && typeof log.target.debug === 'function' && levelEnabled(log.target, 'debug');
  const infoEnabled = levelEnabled(log.target, 'info');
  for (const verdict of report.stages) {
    if (quietPasses && verdict.action === 'pass') {
      if (debugEnabled) log.target.debug!(withLine(log, stageLine(verdict, about)), STAGE_LINE_MSG);
    } else if (infoEnabled || levelOf(verdict.action) === 'warn') {
      write(log, stageLine(verdict, about), verdict.action);
    }
  }
}

function stageLine(verdict: StageVerdict, about: About): Record<string, unknown> {
  const line: Record<string, unknown> = {};
  if (about.role !== undefined) line.role = about.role;
  if (about.segment !== undefined) line.segment = about.segment;
  if (about.cached !== undefined) line.cached = about.cached;
  if (about.textHash !== undefined) line.textHash = about.textHash;
  if (about.text !== undefined) line.text = about.text;
  line.stage = verdict.stage;
  line.kind = verdict.kind;
  line.action = verdict.action;
  line.findings = findingCodes(verdict.findings);
  line.ms = round(verdict.ms);
  if (verdict.risk !== undefined) line.risk = verdict.risk;
  const detail = loggableDetail(verdict.detail);
  if (detail !== undefined) line.detail = detail;
  return line;
}

/** Distinct codes: a stage that matched one rule three times logs the rule once. Most lines have none or one, which need no set. */
function findingCodes(findings: StageVerdict['findings']): string[] {
  if (findings.length === 0) return [];
  if (findings.length === 1) return [findings[0]!.code];
  return [...new Set(findings.map((finding) => finding.code))];
}

function write(log: RequestLog, line: Record<string, unknown>, action: StageVerdict['action']): void {
  log.target[levelOf(action)](withLine(log, line), STAGE_LINE_MSG);
}

const withLine = (log: RequestLog, line: Record<string, unknown>): Record<string, unknown> =>
  log.bindings === undefined ? line : Object.assign(withBindings(log), line);

/** HMAC-SHA256 of a text, base64url: equal texts correlate, and without the key the hash reveals nothing. */
export function hashText(text: string, key: string): string {
  return createHmac('sha256', key).update(text).digest('base64url');
}

const MAX_DETAIL_STRING = 200;

/**
 * A stage's `detail`, reduced to short primitive values: a stage author may put anything there, and
 * a log line must neither throw (BigInt, getters, cycles) nor grow without bound.
 */
function loggableDetail(detail: Record<string, unknown> | undefined): Record<string, unknown> | undefined {
  if (detail === undefined || detail === null || typeof detail !== 'object') return undefined;
  const safe: Record<string, unknown> = {};
  try {
    for (const key of Object.keys(detail).slice(0, 20)) {
      const value: unknown = detail[key];
      if (typeof value === 'number' || typeof value === 'boolean') safe[key] = value;
      else if (typeof value === 'string') safe[key] = value.slice(0, MAX_DETAIL_STRING);
    }
  } catch {
    // A throwing getter: log what was read so far rather than lose the verdict line.
  }
  return Object.keys(safe).length > 0 ? safe : undefined;
}

const round = (ms: number): number => Math.round(ms * 1000) / 1000;
