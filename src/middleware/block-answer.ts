import { clampRetryAfterS } from '../classifiers/micro-batcher.js';
import type { Report, RequestReport, StageVerdict } from '../pipeline/types.js';
import { PROBLEM_TYPES, type Problem } from './problem.js';

/**
 * The `Retry-After` value for an overloaded stage: its estimate (the model stage's backlog over its drain
 * rate) as whole seconds in [1, 30]; 1 when it gave none (a custom stage throwing ERR_SIEVE_OVERLOADED).
 */
export function retryAfterHeader(estimateS: unknown): string {
  return String(clampRetryAfterS(estimateS));
}

export type BlockAnswer = { problem: Problem; headers: Record<string, string> };

/**
 * The problem answer to a blocked request. A block caused by the user's text names the stage and
 * its finding codes; a block that only happened because a stage failed (fail closed) is the
 * service's fault and answers 503, with `Retry-After` when the stage was overloaded (its own estimate).
 */
export function blockAnswer(report: RequestReport, blockStatus: number, requestId: string): BlockAnswer {
  const cause = blockingCause(report);
  const findings = [...new Set(cause?.verdict.findings.map((finding) => finding.code) ?? [])];
  const stage = cause?.verdict.stage ?? report.blockedBy;
  if (cause?.verdict.action === 'error') {
    const overloaded = findings.includes('stage_overloaded');
    return {
      problem: {
        type: PROBLEM_TYPES.scannerUnavailable,
        title: 'Prompt scanner unavailable',
        status: 503,
        detail: `The stage "${stage}" could not check the request, so it was not forwarded.`,
        stage,
        findings,
        requestId,
      },
      headers: overloaded ? { 'Retry-After': retryAfterHeader(cause?.verdict.detail?.retryAfterS) } : {},
    };
  }
  const problem: Problem = {
    type: PROBLEM_TYPES.requestBlocked,
    title: 'Request blocked',
    status: blockStatus,
    detail: `The stage "${stage}" blocked the request.`,
    stage,
    findings,
    requestId,
  };
  if (cause?.path !== undefined) problem.path = cause.path;
  return { problem, headers: {} };
}

/**
 * The verdict that blocked, preferring one the text caused over a stage failure: when one message
 * is refused for its content, the client should hear that rather than "try again later".
 */
function blockingCause(report: RequestReport): { verdict: StageVerdict; path?: string } | undefined {
  const requestLevel = report.request.find((verdict) => verdict.action === 'block');
  if (requestLevel) return { verdict: requestLevel };
  const causes = report.segments.filter((segment) => segment.decision === 'block').map(verdictOf);
  return causes.find((cause) => cause?.verdict.action === 'block') ?? causes[0];
}

function verdictOf(segment: Report): { verdict: StageVerdict; path?: string } | undefined {
  const verdict = segment.stages.find((candidate) => candidate.stage === segment.blockedBy);
  if (!verdict) return undefined;
  return segment.path === undefined ? { verdict } : { verdict, path: segment.path };
}
