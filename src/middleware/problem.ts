import type { Response } from 'express';

/**
 * RFC 9457 problem details. Each kind of answer has its own `type` so that a client can tell a
 * malformed body from a blocked prompt without parsing prose. The `tag:` URIs (RFC 4151) name the
 * kinds without promising a web page behind them, as RFC 9457 section 3.1.1 allows.
 */
export const PROBLEM_TYPES = {
  malformedJson: 'tag:promptsieve,2025:malformed-json',
  bodyTooLarge: 'tag:promptsieve,2025:body-too-large',
  unsupportedMediaType: 'tag:promptsieve,2025:unsupported-media-type',
  invalidRequest: 'tag:promptsieve,2025:invalid-request',
  requestBlocked: 'tag:promptsieve,2025:request-blocked',
  scannerUnavailable: 'tag:promptsieve,2025:scanner-unavailable',
} as const;

export type Problem = {
  type: string;
  title: string;
  status: number;
  detail: string;
  /** Extension members: `errors`, `stage`, `findings`, `requestId`. Never raw prompt text. */
  [extension: string]: unknown;
};

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/**
 * Writes a problem answer. Headers are only set while they can be; when another handler already
 * started the answer, the response is only ended, so that a refused request never reaches `next()`.
 */
export function sendProblem(res: Response, problem: Problem, headers: Record<string, string> = {}): void {
  if (res.headersSent) {
    if (!res.writableEnded) res.end();
    return;
  }
  res.status(problem.status);
  for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
  res.setHeader('Content-Type', `${PROBLEM_CONTENT_TYPE}; charset=utf-8`);
  res.end(JSON.stringify(problem));
}
