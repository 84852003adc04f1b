import { SieveError } from '../errors.js';
import { parseJsonPath, type PathStep } from '../middleware/json-path.js';
import type { SegmentRole } from '../pipeline/types.js';
import { isKeptNumber } from './lossless-record.js';

/** One `--field`: where the text of a record is (`text`, `input.prompt`, `messages[*].content`). */
export type TextField = { path: string; steps: readonly PathStep[]; wildcard: boolean };

/** A text found in a record, its role, and how to put the sanitized text (or null) back. */
export type TextSlot = {
  path: string;
  /** The text as found. */
  text: string;
  role: SegmentRole;
  /** Which `--field` found it (its index). */
  field: number;
  write(text: string | null): void;
  /** What the record holds there now (after `write`). */
  current(): string | null;
};

export type FindOptions = {
  /** Messages (array elements with a `role` or `from`) whose role is not here are left as they are. */
  roles: ReadonlySet<SegmentRole>;
  /** The role of a text that is not inside a message. */
  role: SegmentRole;
};

// Writing or reading through these would reach an object's prototype instead of a property of the record.
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * Parses one record path given to `option` (named in the error, as the user typed it): the syntax of
 * `clean --field` and `eval --field` alike, with keys that would reach a prototype refused.
 */
export function parseFieldPath(option: string, path: string, help: string): PathStep[] {
  const parsed = parseJsonPath(path);
  if ('error' in parsed) throw new SieveError('ERR_SIEVE_CONFIG', `${option} "${path}" is not a field path: ${parsed.error}.`, { help });
  if (parsed.steps.some((step) => 'key' in step && FORBIDDEN_KEYS.has(step.key))) throw new SieveError('ERR_SIEVE_CONFIG', `${option} "${path}" uses a reserved key.`, { help });
  return parsed.steps;
}

/** Role names of the common chat formats (OpenAI, Anthropic, ShareGPT's `from`), mapped to ours. */
const ROLE_NAMES: Record<string, SegmentRole> = {
  user: 'user',
  human: 'user',
  system: 'system',
  developer: 'system',
  assistant: 'assistant',
  gpt: 'assistant',
  model: 'assistant',
  bot: 'assistant',
  tool: 'tool',
  function: 'tool',
  ipython: 'tool',
  document: 'document',
};

export function parseTextFields(paths: readonly string[]): TextField[] {
  return paths.map((path) => {
    const steps = parseFieldPath('--field', path, 'Write keys with dots and array items in brackets: input.prompt, messages[*].content, messages[0].content.');
    return { path, steps, wildcard: steps.some((step) => 'wildcard' in step) };
  });
}

/**
 * A message's role: its `role` (or ShareGPT's `from`) mapped to ours. An unknown name counts as
 * `user`: text of unknown origin is treated as untrusted.
 */
export function roleOfMessage(element: unknown): SegmentRole | undefined {
  if (typeof element !== 'object' || element === null || Array.isArray(element)) return undefined;
  const name = (element as Record<string, unknown>).role ?? (element as Record<string, unknown>).from;
  if (typeof name !== 'string') return undefined;
  return ROLE_NAMES[name.toLowerCase()] ?? 'user';
}

// A kept number (a 64-bit id held as text) is an object in memory but a number in the record.
const describe = (value: unknown): string =>
  value === null ? 'null' : Array.isArray(value) ? 'an array' : isKeptNumber(value) ? 'a number' : typeof value === 'object' ? 'an object' : `a ${typeof value}`;

/**
 * Finds the texts of a record. A plain path must lead to a string (or to a list of text parts);
 * missing or of another type, the record is rejected with the reason. Under `[*]`, an item without
 * the field (an assistant message with only tool calls) is skipped, and messages of roles not in
 * `roles` are left alone. A content array holds text parts: strings and `{type: "text", text}`;
 * other parts (images) are left alone.
 */
export function findTexts(record: Record<string, unknown>, fields: readonly TextField[], options: FindOptions): { slots: TextSlot[] } | { error: string } {
  const slots: TextSlot[] = [];
  for (const [index, field] of fields.entries()) {
    // A column named like the path itself ("input.text" in a CSV header) is that column.
    const steps: readonly PathStep[] = field.steps.length > 1 && Object.hasOwn(record, field.path) ? [{ key: field.path }] : field.steps;
    const found: TextSlot[] = [];
    const error = walk(record, steps, 0, '', options.role, false, field.path, options, found);
    if (error !== undefined) return { error };
    for (const each of found) slots.push({ ...each, field: index });
  }
  return { slots };
}

function walk(
  container: Record<string | number, unknown>,
  steps: readonly PathStep[],
  depth: number,
  at: string,
  role: SegmentRole,
  optional: boolean,
  field: string,
  options: FindOptions,
  slots: TextSlot[],
): string | undefined {
  const step = steps[depth]!;
  const last = depth === steps.length - 1;
  const visit = (holder: Record<string | number, unknown>, key: string | number, where: string, itemRole: SegmentRole, itemOptional: boolean): string | undefined => {
    const value = holder[key];
    if (value === undefined || value === null) {
      if (itemOptional) return undefined;
      return value === undefined ? `field "${field}" is missing${where === field ? '' : ` (at ${where})`}` : `field "${field}" is null, not a string${where === field ? '' : ` (at ${where})`}`;
    }
    if (last) return take(holder, key, where, itemRole, field, slots);
    if (typeof value !== 'object' || isKeptNumber(value)) return `field "${field}": ${where} is ${describe(value)}, not ${'key' in steps[depth + 1]! ? 'an object' : 'an array'}`;
    return walk(value as Record<string | number, unknown>, steps, depth + 1, where, itemRole, itemOptional, field, options, slots);
  };

  if ('wildcard' in step) {
    const items: [string | number, unknown][] = Array.isArray(container) ? container.map((item, index) => [index, item]) : Object.entries(container);
    for (const [key, item] of items) {
      const messageRole = roleOfMessage(item);
      if (messageRole !== undefined && !options.roles.has(messageRole)) continue;
      const error = visit(container, key, at === '' ? `[${key}]` : `${at}[${key}]`, messageRole ?? role, true);
      if (error !== undefined) return error;
    }
    return undefined;
  }
  if ('index' in step) {
    if (!Array.isArray(container)) return `field "${field}": ${at || '(record)'} is ${describe(container)}, not an array`;
    return visit(container, step.index, `${at}[${step.index}]`, roleOfMessage(container[step.index]) ?? role, optional);
  }
  // A numeric key reads an array item, so the older dotted form `messages.0.content` still works.
  if (Array.isArray(container)) {
    if (!/^\d{1,9}$/.test(step.key)) return `field "${field}": ${at || '(record)'} is an array, not an object`;
    const index = Number(step.key);
    return visit(container, index, `${at}[${index}]`, roleOfMessage(container[index]) ?? role, optional);
  }
  if (!Object.hasOwn(container, step.key)) {
    return optional ? undefined : `field "${field}" is missing${at === '' ? '' : ` (no "${step.key}" in ${at})`}`;
  }
  return visit(container, step.key, at === '' ? step.key : `${at}.${step.key}`, role, optional);
}

/**
 * The value at `holder[key]` as text slots: a string, or a content array of typed parts, whose
 * `{type: "text", text}` parts are read and other parts (images, audio) left alone. An array of
 * plain strings is not content: name its items with `[*]`.
 */
function take(holder: Record<string | number, unknown>, key: string | number, where: string, role: SegmentRole, field: string, slots: TextSlot[]): string | undefined {
  const value = holder[key];
  if (typeof value === 'string') {
    slots.push(slot(holder, key, where, role));
    return undefined;
  }
  const at = where === field ? '' : ` (at ${where})`;
  if (!Array.isArray(value)) return `field "${field}" is ${describe(value)}, not a string${at}`;
  const parts: TextSlot[] = [];
  for (let index = 0; index < value.length; index++) {
    const part = value[index] as unknown;
    const type = typeof part === 'object' && part !== null && !Array.isArray(part) ? (part as Record<string, unknown>).type : undefined;
    if (typeof type !== 'string') return `field "${field}" is an array, not a string or a list of content parts${at}`;
    if (type !== 'text') continue;
    if (typeof (part as Record<string, unknown>).text !== 'string') return `field "${field}": the text part ${where}[${index}] has no string "text"`;
    parts.push(slot(part as Record<string, unknown>, 'text', `${where}[${index}].text`, role));
  }
  slots.push(...parts);
  return undefined;
}

function slot(holder: Record<string | number, unknown>, key: string | number, path: string, role: SegmentRole): TextSlot {
  return {
    field: 0,
    path,
    text: holder[key] as string,
    role,
    // defineProperty, not assignment: an own `__proto__` key (JSON.parse makes those) would otherwise
    // call the prototype setter and keep the unsanitized text.
    write: (text) => Object.defineProperty(holder, key, { value: text, writable: true, enumerable: true, configurable: true }),
    current: () => holder[key] as string | null,
  };
}
