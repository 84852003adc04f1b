import { z } from 'zod';
import { formatPath } from '../config.js';
import type { Finding, StageVerdict } from '../pipeline/types.js';

/**
 * Request-body shapes per preset, checked before any text is picked out of the body: a text the
 * extractor cannot see (a number where a string was expected, a token array, an unknown role) is
 * a text that would reach the model unscanned, so a body that does not fit is refused (fail closed).
 * Objects are loose: fields we do not read (model, temperature, tools…) are the API's business.
 */

export type ShapeIssue = { path: string; message: string };

export const OPENAI_CHAT_ROLES = ['system', 'developer', 'user', 'assistant', 'tool', 'function'] as const;
export const ANTHROPIC_ROLES = ['user', 'assistant'] as const;

/** A part or block of `type: 'text'` must carry its text as a string; other types (images…) pass. */
const textBearing = (type: string, field: string) =>
  z.looseObject({ type: z.string() }).superRefine((part, ctx) => {
    if (part.type === type && typeof part[field] !== 'string') {
      ctx.addIssue({ code: 'custom', path: [field], message: `Expected a string in a "${type}" part` });
    }
  });

/**
 * A string, or an array checked by `items`; null only where `allowNull`. Written by hand rather than
 * as a zod union so that an error deep in an array keeps its path (`content[1].text`), where a union
 * reports only "Invalid input" at `content`.
 */
function stringOrArray(items: z.ZodType, expected: string) {
  return z.unknown().superRefine((value, ctx) => {
    if (typeof value === 'string') return;
    if (!Array.isArray(value)) {
      ctx.addIssue({ code: 'custom', message: `Expected ${expected}` });
      return;
    }
    const parsed = z.array(items).safeParse(value);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) ctx.addIssue({ code: 'custom', path: issue.path, message: issue.message });
    }
  });
}

const openaiContent = stringOrArray(textBearing('text', 'text'), 'a string, an array of content parts, or null');

const openaiChatMessage = z
  .looseObject({ role: z.enum(OPENAI_CHAT_ROLES), content: z.unknown().optional() })
  .superRefine((message, ctx) => {
    // Only an assistant message that calls tools may come without content.
    if (message.content === null || message.content === undefined) {
      if (message.role !== 'assistant') ctx.addIssue({ code: 'custom', path: ['content'], message: `Expected content in a "${message.role}" message` });
      return;
    }
    const parsed = openaiContent.safeParse(message.content);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) ctx.addIssue({ code: 'custom', path: ['content', ...issue.path], message: issue.message });
    }
  });

export const openaiChatShape = z.looseObject({
  messages: z.array(openaiChatMessage).min(1, 'Expected at least one message'),
});

export const openaiCompletionsShape = z.looseObject({
  prompt: z.unknown().superRefine((value, ctx) => {
    if (typeof value === 'string') return;
    if (!Array.isArray(value) || value.length === 0) {
      ctx.addIssue({ code: 'custom', message: 'Expected a string or a non-empty array of strings' });
      return;
    }
    value.forEach((item, index) => {
      // Token arrays are valid for the OpenAI API, but tokens cannot be scanned as text.
      if (typeof item !== 'string') {
        ctx.addIssue({ code: 'custom', path: [index], message: 'Expected a string (token arrays cannot be scanned)' });
      }
    });
  }),
  suffix: z.string().nullable().optional(),
});

const anthropicText = textBearing('text', 'text');
/** Text the model reads beside a document or search result; a non-string there would pass unscanned. */
const optionalLabel = z.string().nullable().optional();
const anthropicDocument = z.looseObject({
  type: z.literal('document'),
  title: optionalLabel,
  context: optionalLabel,
  source: z.looseObject({ type: z.string() }).superRefine((source, ctx) => {
    if (source.type === 'text' && typeof source.data !== 'string') {
      ctx.addIssue({ code: 'custom', path: ['data'], message: 'Expected a string in a text document source' });
    }
    if (source.type === 'content') {
      const parsed = stringOrArray(anthropicText, 'a string or an array of content blocks').safeParse(source.content);
      if (!parsed.success) {
        for (const issue of parsed.error.issues) ctx.addIssue({ code: 'custom', path: ['content', ...issue.path], message: issue.message });
      }
    }
  }),
});
// Anthropic requires an array of text blocks here; anything else would be text the extractor cannot see.
const anthropicSearchResult = z.looseObject({ type: z.literal('search_result'), title: optionalLabel, content: z.array(anthropicText, 'Expected an array of text blocks') });

/** A block checked by the schema its `type` names; types not named (images…) only need the text rule. */
function blockOfType(schemas: Record<string, z.ZodType>) {
  return z.looseObject({ type: z.string() }).superRefine((block, ctx) => {
    const schema = Object.hasOwn(schemas, block.type) ? schemas[block.type]! : anthropicText;
    const parsed = schema.safeParse(block);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) ctx.addIssue({ code: 'custom', path: issue.path, message: issue.message });
    }
  });
}

/** What a tool result may hold: text, documents and search results carry text; other types pass. */
const anthropicToolResultBlock = blockOfType({ document: anthropicDocument, search_result: anthropicSearchResult });
const anthropicToolResult = z.looseObject({
  type: z.literal('tool_result'),
  content: stringOrArray(anthropicToolResultBlock, 'a string or an array of content blocks').optional(),
});

/** A content block: text, tool_result, document and search_result blocks carry text; other types pass. */
const anthropicBlock = blockOfType({ tool_result: anthropicToolResult, document: anthropicDocument, search_result: anthropicSearchResult });

export const anthropicMessagesShape = z.looseObject({
  system: stringOrArray(anthropicText, 'a string or an array of text blocks').optional(),
  messages: z
    .array(z.looseObject({ role: z.enum(ANTHROPIC_ROLES), content: stringOrArray(anthropicBlock, 'a string or an array of content blocks') }))
    .min(1, 'Expected at least one message'),
});

/** The `fields` preset reads any JSON object or array; its paths check their own types. */
export const fieldsShape = z.union([z.looseObject({}), z.array(z.unknown())], { error: 'Expected a JSON object or array' });

export const REQUEST_SHAPES = {
  'openai-chat': openaiChatShape,
  'openai-completions': openaiCompletionsShape,
  'anthropic-messages': anthropicMessagesShape,
  fields: fieldsShape,
} as const;

/** Most issues reported for one body: enough to fix it, bounded so a huge bad body gets a small answer. */
export const MAX_SHAPE_ISSUES = 20;

/**
 * Checks a body against a shape. Issue messages come from zod and from this file; they describe the
 * expected type and never quote the value.
 */
export function checkRequestShape(schema: z.ZodType, body: unknown): ShapeIssue[] {
  const parsed = schema.safeParse(body);
  if (parsed.success) return [];
  return parsed.error.issues.slice(0, MAX_SHAPE_ISSUES).map((issue) => ({
    path: issue.path.length > 0 ? formatPath(issue.path) : '(root)',
    message: issue.message,
  }));
}

/** The name under which shape issues appear in reports and logs. */
export const REQUEST_SHAPE_STAGE = 'request-shape';

/** The request-level verdict for shape issues, so that logs and `req.promptsieve` show them like any stage's. */
export function shapeVerdict(issues: readonly ShapeIssue[], ms: number): StageVerdict {
  const findings: Finding[] = issues.map((issue) => ({ code: 'invalid_request_shape', message: `${issue.path}: ${issue.message}` }));
  return { stage: REQUEST_SHAPE_STAGE, kind: 'validate', action: findings.length > 0 ? 'block' : 'pass', findings, ms };
}
