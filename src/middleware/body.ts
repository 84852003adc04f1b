import bodyParser from 'body-parser';
import type { NextFunction, Request, Response } from 'express';
import typeis from 'type-is';
import { PROBLEM_TYPES, type Problem } from './problem.js';

/** The media types read as JSON: `application/json` and any `+json` suffix. */
export const JSON_TYPES = ['application/json', '+json'];

/**
 * Whether the headers announce a body that is not JSON. Takes the headers, not the request: on an
 * Express request every property read is a slow lookup (see `promptsieveMiddleware`), so the caller
 * reads `req.headers` once and type-is reads it from this small object.
 */
export function announcesForeignBody(headers: Request['headers']): boolean {
  const request = { headers } as Request;
  return typeis.hasBody(request) && typeis(request, JSON_TYPES) === false;
}

/** body-parser's JSON reader with our limit, in strict mode (an object or an array, nothing else). */
export function createJsonReader(limit: number | string): (req: Request, res: Response, next: NextFunction) => void {
  return bodyParser.json({ limit, strict: true, type: JSON_TYPES }) as never;
}

/**
 * Turns a body-parser error (ours or the app's `express.json()`) into a problem answer, or
 * `undefined` when it is not one of the client's making. Every detail is fixed prose: a parser's
 * message quotes the body (Node's JSON.parse does), and the body is the prompt.
 */
export function problemFromBodyError(error: unknown): Problem | undefined {
  const type = typeof error === 'object' && error !== null ? (error as { type?: unknown }).type : undefined;
  switch (type) {
    case 'entity.parse.failed':
      return { type: PROBLEM_TYPES.malformedJson, title: 'Malformed JSON', status: 400, detail: 'The request body is not valid JSON, or not a JSON object or array.' };
    case 'entity.too.large':
      return {
        type: PROBLEM_TYPES.bodyTooLarge,
        title: 'Request body too large',
        status: 413,
        detail: 'The request body is larger than this endpoint accepts.',
        limit: (error as { limit?: unknown }).limit,
      };
    case 'request.size.invalid':
      return { type: PROBLEM_TYPES.malformedJson, title: 'Malformed request body', status: 400, detail: 'The request body is shorter or longer than its Content-Length.' };
    case 'request.aborted':
      return { type: PROBLEM_TYPES.malformedJson, title: 'Request aborted', status: 400, detail: 'The client stopped sending the body before it was complete.' };
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return {
        type: PROBLEM_TYPES.unsupportedMediaType,
        title: 'Unsupported body encoding',
        status: 415,
        detail: 'The request body uses a content encoding or charset this endpoint does not read.',
      };
    default:
      return undefined;
  }
}

export const unsupportedMediaType = (): Problem => ({
  type: PROBLEM_TYPES.unsupportedMediaType,
  title: 'Unsupported media type',
  status: 415,
  detail: 'The request body must be JSON (Content-Type: application/json).',
  accept: 'application/json',
});
